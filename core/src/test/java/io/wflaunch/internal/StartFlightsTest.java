package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.CancelledException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import org.junit.jupiter.api.Test;

/** The table of starts in progress holds only starts in progress, and a start stops when its callers left. */
class StartFlightsTest {

  private static final WorkflowTarget TARGET = WorkflowTarget.of("mem", "etl");
  private static final RunHandle RUN = RunHandle.of("mem", "etl", "run-1");

  private final StartFlights flights = new StartFlights();

  private static StartRunRequest keyed(String key) {
    return StartRunRequest.builder(TARGET).idempotencyKey(key).build();
  }

  @Test
  void aStartLeavesTheTableWhenItCompletesSoTheTableStaysAsLargeAsTheStartsInProgress() {
    for (int i = 0; i < 1_000; i++) {
      StartFlights.Seat keyed = flights.enter(keyed("k-" + i), new StartNote());
      StartFlights.Seat keyless = flights.enter(StartRunRequest.builder(TARGET).build(), new StartNote());
      assertThat(flights.size()).isEqualTo(2);
      flights.finish(keyed.flight(), RUN, null);
      flights.finish(keyless.flight(), null, new IllegalStateException("failed"));
    }
    assertThat(flights.size()).isZero();
  }

  @Test
  void callersOfOneKeyShareAFlightAndItStopsOnlyWhenEveryCallerLeft() {
    StartFlights.Seat first = flights.enter(keyed("k"), new StartNote());
    StartFlights.Seat second = flights.enter(keyed("k"), new StartNote());

    assertThat(second.flight()).isSameAs(first.flight());
    assertThat(second.leader()).isFalse();
    assertThat(second.joined()).isTrue();
    first.flight().leave();
    assertThat(first.flight().watch).as("one caller is still waiting").isNotCancelled();
    second.flight().leave();
    assertThat(first.flight().watch).isCancelled();

    StartFlights.Seat late = flights.enter(keyed("k"), new StartNote());
    assertThat(late.flight()).isSameAs(first.flight());
    assertThat(late.joined()).as("a flight every caller left is not joined, only waited out").isFalse();
  }

  @Test
  void closingEndsEveryStartInProgressSayingWhetherARequestWasSent() {
    StartNote sent = new StartNote();
    sent.mayHaveStarted(true);
    StartFlights.Seat out = flights.enter(keyed("k"), sent);
    StartFlights.Seat queued = flights.enter(StartRunRequest.builder(TARGET).build(), new StartNote());

    flights.closeAll();

    assertThat(flights.size()).isZero();
    assertThat(out.flight().outcome).isCompletedExceptionally();
    assertThat(out.flight().outcome.handle((h, f) -> ((CancelledException) f).outcomeUnknown()).join()).isTrue();
    assertThat(queued.flight().outcome.handle((h, f) -> ((CancelledException) f).outcomeUnknown()).join()).isFalse();
  }
}
