package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowTarget;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class FakeServiceTest {

  /** A service of one workflow whose runs are started and listed. */
  static final class ToyFake extends FakeService<ToyFake> {
    private final List<Run> runs = new ArrayList<>();

    ToyFake(VirtualScheduler time) {
      super(time.clock(), "toy", Duration.ofSeconds(7));
    }

    private record Run(String id, Lag listingLag) {}

    synchronized String start() {
      serve();
      Run run = new Run("run-" + (runs.size() + 1), listingLagFrom(now()));
      runs.add(run);
      loseStartResponseIfPlanned();
      return run.id();
    }

    synchronized List<String> list() {
      serve();
      return runs.stream().filter(run -> !run.listingLag().misses(now())).map(Run::id).toList();
    }

    @Override
    protected RuntimeException throttlingError() {
      return awsError("Toy", AwsServiceException.builder(), 429, "Throttled", "slow down");
    }

    @Override
    protected RuntimeException serverError() {
      return new IllegalStateException("server error");
    }

    @Override
    protected RuntimeException accessDenied() {
      return new SecurityException("denied");
    }

    @Override
    public WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
      return WorkflowTarget.of("toy", "w" + nextContractWorkflow());
    }

    @Override
    public WorkflowTarget missingWorkflow() {
      return WorkflowTarget.of("toy", "missing");
    }

    @Override
    public RunHandle missingRun(WorkflowTarget workflow) {
      return RunHandle.of("toy", workflow.part(0), "missing");
    }

    @Override
    public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
      return List.of(foreignOptions(workflow));
    }

    @Override
    public synchronized int runCount(WorkflowTarget workflow) {
      return runs.size();
    }
  }

  private final VirtualScheduler time = new VirtualScheduler();
  private final ToyFake fake = new ToyFake(time);

  @Test
  void eachPlannedFaultIsTheServicesErrorAndCounts() {
    fake.faults().denyNext(1);
    fake.throttleNext(1);
    fake.faults().failNext(1);

    assertThatThrownBy(fake::start).isInstanceOf(SecurityException.class);
    assertThatThrownBy(fake::start).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttled");
      assertThat(e.awsErrorDetails().serviceName()).isEqualTo("Toy");
      assertThat(e.requestId()).isNotBlank();
    });
    assertThatThrownBy(fake::start).isInstanceOf(IllegalStateException.class);
    assertThat(fake.start()).isEqualTo("run-1");
    assertThat(fake.requestCount()).isEqualTo(4);
    assertThat(fake.runCount(WorkflowTarget.of("toy", "w"))).isEqualTo(1);
  }

  @Test
  void aLostStartResponseIsAReadTimeoutAfterTheRunExists() {
    fake.loseNextStartResponses(1);

    assertThatThrownBy(fake::start).isInstanceOf(SdkClientException.class)
        .hasMessageContaining("Read timed out").hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(fake.list()).containsExactly("run-1");
    assertThat(fake.start()).isEqualTo("run-2");
  }

  @Test
  void aLagInReadsHidesANewRunFromThatManyListings() {
    fake.start();
    fake.lagListings(2);
    fake.start();

    assertThat(fake.list()).containsExactly("run-1");
    assertThat(fake.list()).containsExactly("run-1");
    assertThat(fake.list()).containsExactly("run-1", "run-2");
  }

  @Test
  void aLagInTimeHidesANewRunUntilThenAndBothLagsMustPass() {
    assertThat(fake.listingLag(Duration.ofMinutes(1)).listingLag(1)).isSameAs(fake);
    fake.start();

    time.advanceBy(Duration.ofMinutes(2));
    assertThat(fake.list()).as("the read lag is still there").isEmpty();
    assertThat(fake.list()).containsExactly("run-1");

    fake.listingLag(0);
    Instant started = time.now();
    fake.start();
    assertThat(fake.list()).containsExactly("run-1");
    time.advanceBy(Duration.ofSeconds(59));
    assertThat(fake.list()).containsExactly("run-1");
    time.advanceBy(Duration.ofSeconds(1));
    assertThat(time.now()).isEqualTo(started.plus(Duration.ofMinutes(1)));
    assertThat(fake.list()).containsExactly("run-1", "run-2");
  }

  @Test
  void lagsMustNotBeNegative() {
    assertThatThrownBy(() -> fake.listingLag(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reads must not be negative, found -1");
    assertThatThrownBy(() -> fake.listingLag(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lag must not be negative, found PT-1S");
  }

  @Test
  void theStopDelayStartsAtTheGivenDefault() {
    assertThat(fake.stopDelay()).isEqualTo(Duration.ofSeconds(7));

    fake.setStopDelay(Duration.ZERO);

    assertThat(fake.stopDelay()).isZero();
    assertThatThrownBy(() -> fake.setStopDelay(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void contractWorkflowsAreNumberedAndForeignOptionsAreInvalid() {
    assertThat(fake.createWorkflow(ContractScripting.Outcome.SUCCEED, Duration.ZERO).part(0)).isEqualTo("w1");
    assertThat(fake.createWorkflow(ContractScripting.Outcome.FAIL, Duration.ZERO).part(0)).isEqualTo("w2");
    assertThat(fake.invalidStarts(WorkflowTarget.of("toy", "w1")))
        .singleElement().satisfies(invalid -> assertThat(invalid.field()).isEqualTo("options"));
  }

  @Test
  void theServiceNameIsTheGivenOneAndCloseKeepsTheState() {
    fake.start();

    fake.close();

    assertThat(fake.serviceName()).isEqualTo("toy");
    assertThat(fake.list()).containsExactly("run-1");
  }
}
