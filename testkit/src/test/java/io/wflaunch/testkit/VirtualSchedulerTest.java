package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final List<String> ran = new ArrayList<>();

  @Test
  void tasksRunInOrderOfDueTimeThenSubmissionWithTheClockAtTheirDueTime() {
    List<Instant> at = new ArrayList<>();
    time.schedule(() -> record("b", at), 2, TimeUnit.SECONDS);
    time.schedule(() -> record("a", at), 1, TimeUnit.SECONDS);
    time.schedule(() -> record("c", at), 2, TimeUnit.SECONDS);
    time.execute(() -> record("now", at));

    time.advanceBy(Duration.ofSeconds(5));

    Instant origin = VirtualScheduler.DEFAULT_ORIGIN;
    assertThat(ran).containsExactly("now", "a", "b", "c");
    assertThat(at).containsExactly(origin, origin.plusSeconds(1), origin.plusSeconds(2), origin.plusSeconds(2));
    assertThat(time.now()).isEqualTo(origin.plusSeconds(5));
    assertThat(time.clock().instant()).isEqualTo(time.now());
  }

  @Test
  void nothingRunsUntilTimeIsDriven() {
    time.execute(() -> ran.add("x"));

    assertThat(ran).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
    assertThat(time.runDueTasks()).isEqualTo(1);
    assertThat(ran).containsExactly("x");
  }

  @Test
  void tasksDueLaterThanTheAdvanceWait() {
    time.schedule(() -> ran.add("late"), 10, TimeUnit.SECONDS);

    time.advanceBy(Duration.ofSeconds(9));

    assertThat(ran).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void aCancelledTaskNeverRuns() {
    ScheduledFuture<?> task = time.schedule(() -> ran.add("x"), 1, TimeUnit.SECONDS);

    assertThat(task.cancel(false)).isTrue();
    time.advanceBy(Duration.ofMinutes(1));

    assertThat(ran).isEmpty();
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void periodicTasksRepeatAtTheirRateOrDelay() {
    AtomicInteger rate = new AtomicInteger();
    AtomicInteger delay = new AtomicInteger();
    time.scheduleAtFixedRate(rate::incrementAndGet, 0, 10, TimeUnit.SECONDS);
    time.scheduleWithFixedDelay(delay::incrementAndGet, 5, 20, TimeUnit.SECONDS);

    time.advanceBy(Duration.ofSeconds(60));

    assertThat(rate).hasValue(7);
    assertThat(delay).hasValue(3);
  }

  @Test
  void advanceUntilStopsAtTheConditionOrTheLimit() {
    CompletableFuture<String> done = new CompletableFuture<>();
    time.schedule(() -> done.complete("yes"), 30, TimeUnit.MINUTES);
    time.schedule(() -> ran.add("after"), 40, TimeUnit.MINUTES);

    assertThat(time.advanceUntil(done::isDone, Duration.ofMinutes(10))).isFalse();
    assertThat(time.advanceUntil(done::isDone, Duration.ofHours(1))).isTrue();

    assertThat(time.now()).isEqualTo(VirtualScheduler.DEFAULT_ORIGIN.plus(Duration.ofMinutes(30)));
    assertThat(ran).isEmpty();
  }

  @Test
  void autoAdvanceRunsQueuedTasksAtOnceInVirtualTime() throws Exception {
    time.autoAdvance();
    CompletableFuture<Instant> done = new CompletableFuture<>();

    time.schedule(() -> done.complete(time.now()), 6, TimeUnit.HOURS);

    assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(VirtualScheduler.DEFAULT_ORIGIN.plus(Duration.ofHours(6)));
    time.shutdown();
  }

  @Test
  void aShutDownSchedulerRefusesWork() {
    time.schedule(() -> ran.add("x"), 1, TimeUnit.SECONDS);

    assertThat(time.shutdownNow()).hasSize(1);
    assertThat(time.isShutdown()).isTrue();
    assertThat(time.isTerminated()).isTrue();
    assertThatThrownBy(() -> time.execute(() -> ran.add("y"))).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void timeNeverMovesBackwards() {
    assertThatThrownBy(() -> time.advanceBy(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  private void record(String name, List<Instant> at) {
    ran.add(name);
    at.add(time.now());
  }
}
