package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ConflictException;
import io.wflaunch.GiveUpStop;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WaitTimeoutException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.Futures;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.testkit.ContractScripting.InvalidStart;
import io.wflaunch.testkit.ContractScripting.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend shares, as one JUnit 5 suite. An adapter's test extends it with a few
 * lines that build the backend over its fake:
 *
 * <pre>{@code
 * class OrdersBackendContractTest extends WorkflowBackendContract {
 *   @Override
 *   protected Fixture createFixture(Clock clock) {
 *     FakeOrdersClient fake = FakeOrdersClient.create(clock); // your service's fake client
 *     return new Fixture(OrdersBackend.create(fake), fake);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh fixture on a {@link VirtualScheduler}, and a launcher over it that uses the
 * same virtual time, so waits of hours take no real time; its start policy has no pauses, so that a
 * blocking start never waits for a clock only the test moves. The fake is driven through
 * {@link ContractScripting}. A backend that cannot do something the suite expects says so by
 * overriding the matching hook ({@link #supportsStop()}), with a comment saying why; the suite then
 * checks that the backend refuses clearly instead. A backend that re-runs failed runs says how through
 * {@link #retrySupport()}.
 */
public abstract class WorkflowBackendContract {

  /**
   * The backend under test and the fake behind it.
   *
   * @param backend the backend, under its default id
   * @param scripting the fake's scripting interface
   */
  protected record Fixture(WorkflowBackend backend, ContractScripting scripting) {
    /** Checks the values. */
    public Fixture {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(scripting, "scripting");
    }
  }

  /** Polls every 1 to 30 virtual seconds for at most 3 virtual hours. */
  protected static final WaitOptions WAIT = WaitOptions.builder()
      .minInterval(Duration.ofSeconds(1))
      .maxInterval(Duration.ofSeconds(30))
      .timeout(Duration.ofHours(3))
      .build();

  /** Virtual time for the test; the launcher and the fake both run on it. */
  protected VirtualScheduler time;
  /** The backend under test. */
  protected WorkflowBackend backend;
  /** The fake behind it. */
  protected ContractScripting script;
  /** A launcher holding only the backend under test, on virtual time. */
  protected WorkflowLauncher launcher;

  /**
   * Builds the backend under test over a fresh fake that reads time from {@code clock}.
   *
   * @param clock the virtual clock the fake must use
   * @return the backend and its fake
   */
  protected abstract Fixture createFixture(Clock clock);

  /**
   * Whether the backend can stop runs. Override with {@code false}, and a comment saying why, for a
   * backend whose service has no stop; the suite then expects an {@link OperationNotSupportedException}.
   *
   * @return true by default
   */
  protected boolean supportsStop() {
    return true;
  }

  /** How a backend re-runs a failed run ({@link WorkflowBackend#retry}). */
  public enum RetrySupport {
    /** It cannot: retry refuses with {@link OperationNotSupportedException} and sends nothing. */
    NONE,
    /** In place: the re-run keeps the run's handle (a redrive of the same execution). */
    SAME_HANDLE,
    /** As a new run with a handle of its own, linked to the first (a workflow run resumed). */
    NEW_HANDLE
  }

  /**
   * How the backend re-runs a failed run. Override with {@link RetrySupport#SAME_HANDLE} or
   * {@link RetrySupport#NEW_HANDLE} in the test of a backend that implements {@link WorkflowBackend#retry};
   * the suite then fails a run through {@link ContractScripting}, re-runs it and waits for the re-run.
   *
   * @return {@link RetrySupport#NONE} by default: the backend must refuse
   */
  protected RetrySupport retrySupport() {
    return RetrySupport.NONE;
  }

  /**
   * How long scripted runs run before their outcome.
   *
   * @return five minutes by default
   */
  protected Duration runDuration() {
    return Duration.ofMinutes(5);
  }

  @BeforeEach
  final void createLauncher() {
    time = new VirtualScheduler();
    Fixture fixture = createFixture(time.clock());
    backend = fixture.backend();
    script = fixture.scripting();
    launcher = WorkflowLauncher.builder()
        .backend(backend)
        .clock(time.clock())
        .scheduler(time)
        .executor(time)
        .random(new Random(20261123))
        .startPolicy(StartPolicy.DEFAULT.withoutPauses())
        .build();
  }

  @AfterEach
  final void closeLauncher() {
    launcher.close();
    time.shutdownNow();
  }

  /**
   * Starts a run of {@code target} with no parameters.
   *
   * @param target the workflow
   * @param idempotencyKey the key, or null
   * @return the handle
   */
  protected RunHandle start(WorkflowTarget target, String idempotencyKey) {
    return launcher.start(StartRunRequest.builder(target).idempotencyKey(idempotencyKey).build());
  }

  /**
   * Waits for a run on virtual time and returns the terminal status, or throws what the wait failed
   * with.
   *
   * @param handle the run
   * @param options how to wait
   * @return the terminal status
   */
  protected RunStatus await(RunHandle handle, WaitOptions options) {
    CompletableFuture<RunStatus> done = launcher.awaitCompletionAsync(handle, options);
    assertThat(time.advanceUntil(done::isDone, options.timeout().plusHours(1)))
        .as("the wait for %s ended within its timeout of virtual time", handle)
        .isTrue();
    try {
      return done.join();
    } catch (RuntimeException e) {
      throw Futures.rethrow(e);
    }
  }

  /** The backend's type is installed, so that tools find it and parsing checks its identifiers. */
  @Nested
  class Registration {

    @Test
    void itsProviderIsOnTheClassPathWithItsScheme() {
      Optional<BackendProvider> provider = BackendProviders.find(backend.id());

      assertThat(provider).as("a BackendProvider of type %s registered in "
          + "META-INF/services/io.wflaunch.spi.BackendProvider", backend.id()).isPresent();
      assertThat(provider.get().type()).isEqualTo(backend.id());
      assertThat(provider.get().scheme().targetParts()).isEqualTo(backend.scheme().targetParts());
      assertThat(provider.get().scheme().handleParts()).isEqualTo(backend.scheme().handleParts());
      assertThat(IdentifierScheme.registered(backend.id())).isPresent();
      assertThat(provider.get().description()).isNotBlank();
    }

    @Test
    void targetsAndHandlesRoundTripThroughParseWithTheRegisteredChecks() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      RunHandle handle = start(workflow, null);

      assertThat(WorkflowTarget.parse(workflow.toString())).isEqualTo(workflow);
      assertThat(RunHandle.parse(handle.toString())).isEqualTo(handle);
      // One part more than the scheme names is refused by parse itself, before any launcher sees it.
      assertThatThrownBy(() -> RunHandle.parse(handle + "/extra"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("has " + backend.scheme().handleParts().size() + " part");
      assertThatThrownBy(() -> WorkflowTarget.parse(workflow + "/extra"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("has " + backend.scheme().targetParts().size() + " part");
    }
  }

  /** Starting runs. */
  @Nested
  class Starting {

    @Test
    void startReturnsAHandleThatParsesBack() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());

      RunHandle handle = start(workflow, null);

      assertThat(handle.backend()).isEqualTo(backend.id());
      assertThat(RunHandle.parse(handle.toString())).isEqualTo(handle);
      assertThat(launcher.parseHandle(handle.toString())).isEqualTo(handle);
      assertThat(script.runCount(workflow)).isEqualTo(1);
    }

    @Test
    void aFreshRunIsPendingOrRunning() {
      RunHandle handle = start(script.createWorkflow(Outcome.SUCCEED, runDuration()), null);

      RunStatus status = launcher.getRun(handle);

      assertThat(status.handle()).isEqualTo(handle);
      assertThat(status.state()).isIn(RunState.PENDING, RunState.RUNNING);
      assertThat(status.rawStatus()).isNotBlank();
    }

    @Test
    void startAsyncReturnsTheHandleOfANewRun() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());

      CompletableFuture<RunHandle> started = launcher.startAsync(StartRunRequest.builder(workflow).build());
      time.advanceUntil(started::isDone, Duration.ofMinutes(1));

      assertThat(started).isCompleted();
      assertThat(launcher.getRun(started.join()).state()).isIn(RunState.PENDING, RunState.RUNNING);
      assertThat(script.runCount(workflow)).isEqualTo(1);
    }

    @Test
    void anUnknownWorkflowIsWorkflowNotFound() {
      WorkflowTarget missing = script.missingWorkflow();

      assertThatThrownBy(() -> start(missing, null))
          .isInstanceOf(WorkflowNotFoundException.class)
          .satisfies(e -> {
            WorkflowLaunchException error = (WorkflowLaunchException) e;
            assertThat(error.backendId()).contains(backend.id());
            assertThat(error.target()).contains(missing);
            assertThat(error.retryable()).isFalse();
            assertThat(error.getMessage()).contains(backend.id()).contains(missing.toString());
          });
    }
  }

  /** Reading runs back. */
  @Nested
  class Tracking {

    @Test
    void anUnknownRunIsRunNotFound() {
      RunHandle missing = script.missingRun(script.createWorkflow(Outcome.SUCCEED, runDuration()));

      assertThatThrownBy(() -> launcher.getRun(missing))
          .isInstanceOf(RunNotFoundException.class)
          .satisfies(e -> {
            WorkflowLaunchException error = (WorkflowLaunchException) e;
            assertThat(error.handle()).contains(missing);
            assertThat(error.getMessage()).contains(missing.toString());
          });
    }

    @Test
    void getRunsAnswersInTheOrderAsked() {
      WorkflowTarget first = script.createWorkflow(Outcome.SUCCEED, runDuration());
      WorkflowTarget second = script.createWorkflow(Outcome.FAIL, runDuration());
      RunHandle a = start(first, null);
      RunHandle b = start(second, null);
      RunHandle c = start(first, null);
      List<RunHandle> asked = List.of(c, a, b, c);

      List<RunStatus> statuses = launcher.getRuns(asked);

      assertThat(statuses).extracting(RunStatus::handle).containsExactlyElementsOf(asked);
    }

    @Test
    void getRunsSeesTheOutcomes() {
      RunHandle good = start(script.createWorkflow(Outcome.SUCCEED, runDuration()), null);
      RunHandle bad = start(script.createWorkflow(Outcome.FAIL, runDuration()), null);
      time.advanceBy(runDuration().plusMinutes(10));

      assertThat(launcher.getRuns(List.of(bad, good))).extracting(RunStatus::state)
          .containsExactly(RunState.FAILED, RunState.SUCCEEDED);
    }

    @Test
    void listRunsIsNewestFirstUpToTheLimit() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      List<RunHandle> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        started.add(start(workflow, null));
        time.advanceBy(Duration.ofMinutes(1));
      }

      List<RunStatus> listed = launcher.listRuns(workflow, 2);

      assertThat(listed).extracting(RunStatus::handle).containsExactly(started.get(2), started.get(1));
    }
  }

  /** Runs reaching their end, and waits seeing it. */
  @Nested
  class Outcomes {

    @Test
    void aSucceedingRunEndsSucceeded() {
      assertEndsIn(Outcome.SUCCEED, RunState.SUCCEEDED);
    }

    @Test
    void aFailingRunEndsFailed() {
      assertEndsIn(Outcome.FAIL, RunState.FAILED);
    }

    @Test
    void aRunStoppedOnTheServiceEndsCancelled() {
      assertEndsIn(Outcome.STOPPED, RunState.CANCELLED);
    }

    private void assertEndsIn(Outcome outcome, RunState expected) {
      RunHandle handle = start(script.createWorkflow(outcome, runDuration()), null);
      List<RunState> seen = new ArrayList<>();
      WaitListener listener = new WaitListener() {
        @Override
        public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
          seen.add(current.state());
        }
      };

      RunStatus done = await(handle, WAIT.withListener(listener));

      assertThat(done.state()).isEqualTo(expected);
      assertThat(done.handle()).isEqualTo(handle);
      assertThat(launcher.getRun(handle).state()).isEqualTo(expected);
      assertThat(seen).last().isEqualTo(expected);
      assertThat(seen).doesNotHaveDuplicates();
    }
  }

  /** Stopping runs through the API. */
  @Nested
  class Stopping {

    @Test
    void aStoppedRunEndsCancelled() {
      RunHandle handle = start(script.createWorkflow(Outcome.RUN_UNTIL_STOPPED, runDuration()), null);
      if (!supportsStop()) {
        int sent = script.requestCount();
        assertThatThrownBy(() -> launcher.stop(handle))
            .isInstanceOf(OperationNotSupportedException.class)
            .hasMessageContaining(backend.id());
        assertThat(script.requestCount()).isEqualTo(sent);
        return;
      }

      launcher.stop(handle);

      assertThat(launcher.getRun(handle).state()).isIn(RunState.STOPPING, RunState.CANCELLED);
      assertThat(await(handle, WAIT).state()).isEqualTo(RunState.CANCELLED);
    }
  }

  /**
   * A wait that gives up on a run stops it when its options ask ({@link WaitOptions#stopOnGiveUp()}),
   * and says so; a backend that cannot stop ({@link #supportsStop()} false) says it left the run running.
   */
  @Nested
  class StoppingOnGiveUp {

    @Test
    void aWaitThatTimesOutStopsTheRunAndSaysWhetherTheStopWasAccepted() {
      RunHandle handle = start(script.createWorkflow(Outcome.RUN_UNTIL_STOPPED, runDuration()), null);
      WaitOptions brief = WAIT.withTimeout(Duration.ofMinutes(10)).withStopOnGiveUp(true);

      assertThatThrownBy(() -> await(handle, brief))
          .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
            assertThat(e.handle()).contains(handle);
            if (supportsStop()) {
              assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.ACKNOWLEDGED);
              assertThat(e.getMessage()).contains("a stop was sent and accepted");
            } else {
              assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.NOT_SUPPORTED);
              assertThat(e.getMessage()).contains("the run was left running");
            }
          });

      if (supportsStop()) {
        assertThat(await(handle, WAIT).state()).isEqualTo(RunState.CANCELLED);
      } else {
        time.advanceBy(Duration.ofHours(1));
        assertThat(launcher.getRun(handle).state()).isIn(RunState.PENDING, RunState.RUNNING);
      }
    }

    @Test
    void aCancelledWaitStopsTheRunAndTellsItsListener() {
      RunHandle handle = start(script.createWorkflow(Outcome.RUN_UNTIL_STOPPED, runDuration()), null);
      List<GiveUpStop> told = new ArrayList<>();
      WaitListener listener = new WaitListener() {
        @Override
        public void onGiveUp(RunHandle run, GiveUpStop stop, Optional<WorkflowLaunchException> stopFailure) {
          told.add(stop);
        }
      };
      CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(handle,
          WAIT.withStopOnGiveUp(true).withListener(listener));
      time.advanceBy(Duration.ofMinutes(1));

      wait.cancel(false);
      assertThat(time.advanceUntil(() -> !told.isEmpty(), Duration.ofMinutes(10))).isTrue();

      assertThat(told).containsExactly(supportsStop() ? GiveUpStop.ACKNOWLEDGED : GiveUpStop.NOT_SUPPORTED);
      if (supportsStop()) {
        assertThat(await(handle, WAIT).state()).isEqualTo(RunState.CANCELLED);
      } else {
        assertThat(launcher.getRun(handle).state()).isIn(RunState.PENDING, RunState.RUNNING);
      }
    }

    @Test
    void aWaitThatAskedForNoStopLeavesTheRunRunning() {
      RunHandle handle = start(script.createWorkflow(Outcome.RUN_UNTIL_STOPPED, runDuration()), null);

      assertThatThrownBy(() -> await(handle, WAIT.withTimeout(Duration.ofMinutes(10))))
          .isInstanceOfSatisfying(WaitTimeoutException.class,
              e -> assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.NOT_ASKED));

      time.advanceBy(Duration.ofHours(1));
      assertThat(launcher.getRun(handle).state()).isIn(RunState.PENDING, RunState.RUNNING);
    }
  }

  /** Re-running a failed run from where it failed. */
  @Nested
  class Retrying {

    @Test
    void aFailedRunIsReRunAndTheReRunEndsAsScripted() {
      RunHandle failed = failedRun();
      if (retrySupport() == RetrySupport.NONE) {
        int sent = script.requestCount();
        assertThatThrownBy(() -> launcher.retry(failed))
            .isInstanceOf(OperationNotSupportedException.class)
            .hasMessageContaining(backend.id());
        assertThat(script.requestCount()).as("nothing sent for a refused retry").isEqualTo(sent);
        return;
      }

      RunHandle rerun = launcher.retry(failed);

      assertRerunHandle(failed, rerun);
      assertThat(launcher.getRun(rerun).state()).isIn(RunState.PENDING, RunState.RUNNING);
      assertThat(await(rerun, WAIT).state()).isEqualTo(RunState.FAILED);
    }

    @Test
    void retryingTwiceGivesTheSameReRun() {
      if (retrySupport() == RetrySupport.NONE) {
        return;
      }
      WorkflowTarget workflow = script.createWorkflow(Outcome.FAIL, runDuration());
      RunHandle failed = failedRun(workflow);

      RunHandle first = launcher.retry(failed);
      int runsAfterFirst = script.runCount(workflow);
      time.advanceBy(Duration.ofSeconds(10));
      RunHandle second = launcher.retry(failed);

      assertThat(second).isEqualTo(first);
      assertRerunHandle(failed, first);
      assertThat(runsAfterFirst).as("runs of the workflow after one re-run")
          .isEqualTo(retrySupport() == RetrySupport.SAME_HANDLE ? 1 : 2);
      assertThat(script.runCount(workflow)).as("runs after the second retry").isEqualTo(runsAfterFirst);
      assertThat(await(second, WAIT).state()).isEqualTo(RunState.FAILED);
    }

    @Test
    void aSucceededRunIsNotReRun() {
      if (retrySupport() == RetrySupport.NONE) {
        return;
      }
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      RunHandle handle = start(workflow, null);
      assertThat(await(handle, WAIT).state()).isEqualTo(RunState.SUCCEEDED);

      assertThatThrownBy(() -> launcher.retry(handle))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.handle()).contains(handle);
            assertThat(e.outcomeUnknown()).isFalse();
          });
      assertThat(script.runCount(workflow)).isEqualTo(1);
      assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aMissingRunIsRunNotFound() {
      if (retrySupport() == RetrySupport.NONE) {
        return;
      }
      RunHandle missing = script.missingRun(script.createWorkflow(Outcome.FAIL, runDuration()));

      assertThatThrownBy(() -> launcher.retry(missing))
          .isInstanceOfSatisfying(RunNotFoundException.class, e -> assertThat(e.handle()).contains(missing));
    }

    /** A run of a new failing workflow, waited for until it failed. */
    private RunHandle failedRun() {
      return failedRun(script.createWorkflow(Outcome.FAIL, runDuration()));
    }

    private RunHandle failedRun(WorkflowTarget workflow) {
      RunHandle handle = start(workflow, null);
      assertThat(await(handle, WAIT).state()).isEqualTo(RunState.FAILED);
      return handle;
    }

    private void assertRerunHandle(RunHandle failed, RunHandle rerun) {
      assertThat(rerun.backend()).isEqualTo(backend.id());
      assertThat(RunHandle.parse(rerun.toString())).isEqualTo(rerun);
      if (retrySupport() == RetrySupport.SAME_HANDLE) {
        assertThat(rerun).isEqualTo(failed);
      } else {
        assertThat(rerun).isNotEqualTo(failed);
      }
    }
  }

  /** Refusing bad input before anything is sent. */
  @Nested
  class Validation {

    @Test
    void invalidStartsAreRefusedWithNothingSent() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      List<InvalidStart> cases = script.invalidStarts(workflow);
      assertThat(cases).isNotEmpty();
      for (InvalidStart invalid : cases) {
        int sent = script.requestCount();

        assertThatThrownBy(() -> launcher.start(invalid.request()))
            .as("start %s", invalid.request())
            .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
              assertThat(e.field()).isEqualTo(invalid.field());
              assertThat(e.getMessage()).contains(invalid.field()).contains(backend.id());
            });
        CompletableFuture<RunHandle> async = launcher.startAsync(invalid.request());
        time.runDueTasks();
        assertThat(async).isCompletedExceptionally();

        assertThat(script.requestCount()).as("requests sent for %s", invalid.request()).isEqualTo(sent);
      }
      assertThat(script.runCount(workflow)).isZero();
    }

    @Test
    void aHandleWithTooManyPartsIsRefusedWithNothingSent() {
      RunHandle real = start(script.createWorkflow(Outcome.SUCCEED, runDuration()), null);
      int sent = script.requestCount();
      String tooLong = real + "/extra";

      assertThatThrownBy(() -> launcher.getRun(launcher.parseHandle(tooLong)))
          .isInstanceOfSatisfying(InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("handle"));
      assertThat(script.requestCount()).isEqualTo(sent);
    }
  }

  /** Starting at most once per idempotency key. */
  @Nested
  class Idempotency {

    @Test
    void theSameKeyTwiceGivesOneRunAndOneHandle() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());

      RunHandle first = start(workflow, "order-4711");
      time.advanceBy(Duration.ofSeconds(10));
      RunHandle second = start(workflow, "order-4711");

      assertThat(second).isEqualTo(first);
      assertThat(script.runCount(workflow)).isEqualTo(1);
    }

    @Test
    void differentKeysGiveDifferentRuns() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());

      RunHandle first = start(workflow, "order-1");
      RunHandle second = start(workflow, "order-2");

      assertThat(second).isNotEqualTo(first);
      assertThat(script.runCount(workflow)).isEqualTo(2);
    }
  }

  /** Starting each run exactly once, whatever answers the service loses and however its listing lags. */
  @Nested
  class ExactlyOnce {

    @Test
    void aKeylessStartWhoseAnswerIsLostReturnsTheOneRunItCreated() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      script.loseNextStartResponses(1);

      RunHandle handle = start(workflow, null);

      assertThat(script.runCount(workflow)).isEqualTo(1);
      assertThat(launcher.getRun(handle).state()).isIn(RunState.PENDING, RunState.RUNNING);
    }

    @Test
    void aKeyedStartWhoseAnswersAreLostReturnsItsRunAndSoDoesARepeat() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      script.loseNextStartResponses(2);

      RunHandle first = start(workflow, "order-4711");
      RunHandle again = start(workflow, "order-4711");

      assertThat(again).isEqualTo(first);
      assertThat(script.runCount(workflow)).isEqualTo(1);
    }

    @Test
    void aRepeatedKeyedStartWhileTheListingLagsStartsNothingMore() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      script.lagListings(3);

      RunHandle first = start(workflow, "nightly-2026-11-24");
      RunHandle again = start(workflow, "nightly-2026-11-24");

      assertThat(again).isEqualTo(first);
      assertThat(script.runCount(workflow)).isEqualTo(1);
    }

    @Test
    void aKeyNeverReturnsARunOfAnotherWorkflow() {
      WorkflowTarget first = script.createWorkflow(Outcome.SUCCEED, runDuration());
      WorkflowTarget second = script.createWorkflow(Outcome.SUCCEED, runDuration());
      RunHandle firstRun = start(first, "order-4711");

      try {
        RunHandle secondRun = start(second, "order-4711");
        assertThat(secondRun).isNotEqualTo(firstRun);
        assertThat(script.runCount(second)).isEqualTo(1);
      } catch (ConflictException refused) {
        // Where keys are unique beyond one workflow (per domain, say) the reuse is refused.
        assertThat(refused.getMessage()).contains(firstRun.toString());
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(script.runCount(second)).isZero();
      }
      assertThat(script.runCount(first)).isEqualTo(1);
    }

    @Test
    void cancellingAStartWhileItWaitsToRetryStartsNothing() {
      WorkflowTarget workflow = script.createWorkflow(Outcome.SUCCEED, runDuration());
      start(workflow, null); // resolves what the backend resolves once (a workflow name, say)
      try (WorkflowLauncher pausing = WorkflowLauncher.builder().backend(backend).clock(time.clock())
          .scheduler(time).executor(time).random(new Random(7)).build()) {
        script.throttleNext(1);
        CompletableFuture<RunHandle> started = pausing.startAsync(StartRunRequest.builder(workflow).build());
        time.runDueTasks();
        int sent = script.requestCount();

        started.cancel(false);
        time.advanceBy(Duration.ofMinutes(1));

        assertThat(started).isCancelled();
        assertThat(script.requestCount()).as("nothing sent after the cancel").isEqualTo(sent);
        assertThat(script.runCount(workflow)).as("only the first start's run").isEqualTo(1);
      }
    }
  }

  /** Waiting through trouble. */
  @Nested
  class Waiting {

    @Test
    void throttlingDuringAWaitDoesNotFailIt() {
      RunHandle handle = start(script.createWorkflow(Outcome.SUCCEED, runDuration()), null);
      script.throttleNext(6);

      assertThat(await(handle, WAIT).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void manyRunsAreTrackedTogetherWithFewRequests() {
      WorkflowTarget succeeding = script.createWorkflow(Outcome.SUCCEED, runDuration());
      WorkflowTarget failing = script.createWorkflow(Outcome.FAIL, runDuration());
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        runs.add(start(i % 3 == 0 ? failing : succeeding, null));
      }
      int before = script.requestCount();

      CompletableFuture<List<RunStatus>> all = launcher.awaitAllAsync(runs, WAIT);
      assertThat(time.advanceUntil(all::isDone, Duration.ofHours(4))).isTrue();

      List<RunStatus> statuses = all.join();
      assertThat(statuses).extracting(RunStatus::handle).containsExactlyElementsOf(runs);
      for (int i = 0; i < runs.size(); i++) {
        assertThat(statuses.get(i).state()).as("run %d", i).isEqualTo(i % 3 == 0 ? RunState.FAILED : RunState.SUCCEEDED);
      }
      long sent = launcher.tracker().requestsSent(backend.id());
      assertThat(sent).as("the tracker counts every request it sends").isEqualTo(script.requestCount() - before);
      double perRunPolls = runs.size() * (runDuration().toSeconds() / 30.0 + 5);
      assertThat((double) sent).as("requests against %s polled one by one", perRunPolls)
          .isLessThan(perRunPolls / 4);
      assertThat(launcher.tracker().trackedRuns()).isZero();
    }

    @Test
    void aWaitPastItsDeadlineTimesOutWithTheLastStatus() {
      RunHandle handle = start(script.createWorkflow(Outcome.RUN_UNTIL_STOPPED, runDuration()), null);
      WaitOptions brief = WAIT.withTimeout(Duration.ofMinutes(10));

      assertThatThrownBy(() -> await(handle, brief))
          .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
            assertThat(e.handle()).contains(handle);
            assertThat(e.lastStatus()).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
          });
      assertThat(time.now()).isAfterOrEqualTo(VirtualScheduler.DEFAULT_ORIGIN.plus(Duration.ofMinutes(10)));
    }
  }
}
