package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.CancelledException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Failures;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.spi.StartPrimitives.Dedupe;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The start protocol against a scripted service: each start request and each look-up meets the next
 * scripted answer, and the service records which runs exist, so every test can check both what the
 * caller was told and what happened on the service.
 */
class StartProtocolTest {

  private static final WorkflowTarget TARGET = WorkflowTarget.of("scripted", "etl");
  private static final StartPolicy POLICY = StartPolicy.builder()
      .maxAttempts(3).retryPause(Duration.ofMillis(100), Duration.ofSeconds(1)).lookUps(4, Duration.ofMillis(50)).build();

  /** What one start request meets. */
  enum Answer {
    /** The run is created and the answer arrives. */
    OK,
    /** The run is created, then the connection drops before the answer arrives. */
    LOST,
    /** The service fails with a 500 before creating anything. */
    ERROR_500,
    /** The service throttles the request (HTTP 400, no effect). */
    THROTTLED,
    /** The service refuses: the workflow's concurrency limit is reached (HTTP 400, no effect). */
    LIMIT,
    /** The service says a run with this start's id is already open (HTTP 400, no effect). */
    ALREADY_OPEN,
    /** Nothing is sent: the client has no credentials. */
    NO_CREDENTIALS,
    /** Nothing is sent: the connection is refused. */
    REFUSED_CONNECTION,
    /** The run is created, then the service answers that it timed out (a 400, as Glue's OperationTimeout). */
    SERVER_TIMEOUT
  }

  /** A failure as the scripted client would raise it, with the HTTP status it answered (0: none). */
  static final class ClientError extends RuntimeException {
    final Answer answer;
    final int status;

    ClientError(Answer answer, int status, Throwable cause) {
      super(answer.name(), cause);
      this.answer = answer;
      this.status = status;
    }
  }

  /** A look-up "status" that stands for an interrupted look-up. */
  static final int INTERRUPTED = -1;

  /** The scripted service and its primitives. */
  static final class Scripted implements StartPrimitives<StartKey> {
    final Dedupe dedupe;
    final boolean canLookUp;
    final Deque<Answer> starts = new ArrayDeque<>();
    final Deque<Integer> lookFailures = new ArrayDeque<>();
    /** Runs by key, as the service holds them, and how many more list reads each stays hidden for. */
    final Map<String, RunHandle> runs = new LinkedHashMap<>();
    final Map<String, Integer> hiddenFor = new LinkedHashMap<>();
    int listingLag;
    int startRequests;
    int lookUps;
    int runNumber;
    Runnable onStart = () -> { };

    Scripted(Dedupe dedupe, boolean canLookUp) {
      this.dedupe = dedupe;
      this.canLookUp = canLookUp;
    }

    Scripted answers(Answer... answers) {
      starts.addAll(List.of(answers));
      return this;
    }

    Scripted failLooks(Integer... statuses) {
      lookFailures.addAll(List.of(statuses));
      return this;
    }

    @Override
    public Dedupe dedupe(StartKey prepared) {
      return dedupe;
    }

    @Override
    public boolean canLookUp(StartKey prepared) {
      return canLookUp;
    }

    @Override
    public CompletableFuture<StartKey> prepare(StartRunRequest request, StartKey key) {
      return CompletableFuture.completedFuture(key);
    }

    @Override
    public CompletableFuture<Optional<RunHandle>> lookUp(StartKey key) {
      lookUps++;
      Integer failure = lookFailures.poll();
      if (failure != null && failure == INTERRUPTED) {
        return CompletableFuture.failedFuture(new CancelledException(ErrorContext.of(TARGET), "interrupted", null));
      }
      if (failure != null && failure != 0) {
        return CompletableFuture.failedFuture(new ClientError(Answer.ERROR_500, failure, null));
      }
      RunHandle run = runs.get(key.value());
      if (run == null) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      int hidden = hiddenFor.getOrDefault(key.value(), 0);
      if (hidden > 0) {
        hiddenFor.put(key.value(), hidden - 1);
        return CompletableFuture.completedFuture(Optional.empty());
      }
      return CompletableFuture.completedFuture(Optional.of(run));
    }

    @Override
    public CompletableFuture<RunHandle> startOnce(StartKey key) {
      startRequests++;
      onStart.run();
      Answer answer = starts.isEmpty() ? Answer.OK : starts.poll();
      switch (answer) {
        case OK, LOST, SERVER_TIMEOUT -> {
          RunHandle existing = runs.get(key.value());
          if (existing != null && dedupe == Dedupe.TOKEN) {
            return answer == Answer.OK ? CompletableFuture.completedFuture(existing) : lost();
          }
          if (existing != null && dedupe == Dedupe.WHILE_OPEN) {
            return CompletableFuture.failedFuture(new ClientError(Answer.ALREADY_OPEN, 400, null));
          }
          RunHandle run = RunHandle.of("scripted", "etl", "run-" + ++runNumber);
          runs.put(key.value() + (existing != null ? "#" + runNumber : ""), run);
          hiddenFor.put(key.value(), listingLag);
          if (answer == Answer.SERVER_TIMEOUT) {
            return CompletableFuture.failedFuture(new ClientError(Answer.SERVER_TIMEOUT, 400, null));
          }
          return answer == Answer.OK ? CompletableFuture.completedFuture(run) : lost();
        }
        case ERROR_500 -> {
          return CompletableFuture.failedFuture(new ClientError(answer, 500, null));
        }
        case THROTTLED, LIMIT, ALREADY_OPEN -> {
          return CompletableFuture.failedFuture(new ClientError(answer, 400, null));
        }
        case NO_CREDENTIALS -> {
          return CompletableFuture.failedFuture(new ClientError(answer, 0, null));
        }
        case REFUSED_CONNECTION -> {
          return CompletableFuture.failedFuture(new ClientError(answer, 0, new ConnectException("Connection refused")));
        }
        default -> throw new AssertionError(answer);
      }
    }

    private static CompletableFuture<RunHandle> lost() {
      return CompletableFuture.failedFuture(new ClientError(Answer.LOST, 0, new SocketTimeoutException("Read timed out")));
    }

    @Override
    public boolean alreadyStarted(Throwable failure) {
      return failure instanceof ClientError error && error.answer == Answer.ALREADY_OPEN;
    }

    @Override
    public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
      if (!(failure instanceof ClientError error)) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
      }
      ErrorContext withStatus = context.withHttpStatus(error.status);
      return switch (error.answer) {
        case THROTTLED -> new ThrottledException(withStatus, "Rate exceeded", error);
        case LIMIT -> new LimitExceededException(withStatus, "concurrent runs exceeded", true, error);
        case ALREADY_OPEN -> new ConflictException(withStatus, "already open", error);
        case NO_CREDENTIALS -> new ConfigurationException(withStatus, "credentials", "Unable to locate credentials", error);
        default -> Failures.unavailable(withStatus, operation, error.answer.name(), error);
      };
    }

    int runCount() {
      return runs.size();
    }
  }

  private final List<Duration> pauses = new ArrayList<>();
  private final StartProtocol.Pauses immediate = pause -> {
    pauses.add(pause);
    return CompletableFuture.completedFuture(null);
  };

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private RunHandle start(Scripted service, String key) {
    return AsyncSupport.join(protocol(service, key, immediate, new CompletableFuture<>()).run());
  }

  private StartProtocol<StartKey> protocol(Scripted service, String key, StartProtocol.Pauses pauses,
      CompletableFuture<?> caller) {
    StartRunRequest request = StartRunRequest.builder(TARGET).idempotencyKey(key).build();
    return new StartProtocol<>(service, request, POLICY, pauses, new Random(7), caller, true,
        SendLimits.perRequest(POLICY.requestTimeout()));
  }

  @Nested
  class Closing {

    @Test
    void closingTheTimerEndsAPauseInProgressInsteadOfLeavingItWaiting() throws Exception {
      java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newScheduledThreadPool(1);
      try {
        PauseTimer timer = new PauseTimer(scheduler);
        CompletableFuture<CompletableFuture<Void>> paused = CompletableFuture.supplyAsync(
            () -> StartProtocol.Pauses.blocking(timer).pause(Duration.ofHours(1)));
        while (timer.pendingCount() == 0) {
          Thread.onSpinWait();
        }

        timer.close();

        assertThat(paused.get(10, java.util.concurrent.TimeUnit.SECONDS)).isCompletedExceptionally();
        assertThat(timer.pendingCount()).isZero();
      } finally {
        scheduler.shutdownNow();
      }
    }
  }

  @Nested
  class LostResponses {

    @Test
    void aKeylessStartWhoseAnswerIsLostIsFoundByItsGeneratedKeyNotSentAgain() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.LOST);

      RunHandle handle = start(glue, null);

      assertThat(glue.startRequests).isEqualTo(1);
      assertThat(glue.runCount()).isEqualTo(1);
      assertThat(glue.runs.values()).containsExactly(handle);
    }

    @Test
    void aLostAnswerThenThrottlingUntilTheAttemptsRunOutSaysTheOutcomeIsUnknown() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false)
          .answers(Answer.LOST, Answer.THROTTLED, Answer.THROTTLED);

      assertThatThrownBy(() -> start(codeCatalyst, null))
          .isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e.getMessage()).contains("outcome unknown");
          });
      assertThat(codeCatalyst.startRequests).isEqualTo(3);
      assertThat(codeCatalyst.runCount()).as("the lost answer's run exists").isEqualTo(1);
    }

    @Test
    void aTokenServiceIsSentTheSameStartAgainAndReturnsTheFirstRun() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false).answers(Answer.LOST, Answer.ERROR_500, Answer.OK);

      RunHandle handle = start(codeCatalyst, null);

      assertThat(codeCatalyst.runCount()).isEqualTo(1);
      assertThat(codeCatalyst.runs.values()).containsExactly(handle);
      assertThat(codeCatalyst.startRequests).isEqualTo(3);
    }

    @Test
    void aLostAnswerWhoseLookUpsAllFailEndsWithTheOutcomeUnknownAndNoSecondStart() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.LOST).failLooks(503, 503, 503, 503, 503, 503, 503, 503);

      assertThatThrownBy(() -> start(glue, null))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(BackendUnavailableException.class);
          });
      assertThat(glue.startRequests).isEqualTo(1);
      assertThat(glue.lookUps).as("at most twice the look-ups of one settlement").isEqualTo(2 * POLICY.lookUps());
    }
  }

  @Nested
  class LaterDefiniteErrors {

    @Test
    void afterALostAnswerTheRunIsLookedForBeforeAnyOtherAttempt() {
      // The first attempt's run holds the only slot; it shows only on the third read.
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.LOST, Answer.LIMIT);
      glue.listingLag = 2;

      RunHandle handle = start(glue, "order-4711");

      assertThat(glue.startRequests).isEqualTo(1);
      assertThat(glue.runs.values()).containsExactly(handle);
    }

    @Test
    void withoutLookUpsADefiniteErrorAfterALostAnswerSaysTheOutcomeIsUnknown() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false).answers(Answer.LOST, Answer.LIMIT, Answer.LIMIT);

      assertThatThrownBy(() -> start(codeCatalyst, "deploy-42"))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(codeCatalyst.runCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorWithoutEffectIsProvenAbsentSoALaterLimitSaysNoRunStarted() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.ERROR_500, Answer.LIMIT);

      assertThatThrownBy(() -> start(glue, "order-4711"))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.retryable()).as("later, once a run has ended").isTrue();
          });
      assertThat(glue.runCount()).isZero();
      assertThat(glue.startRequests).as("a concurrency limit is the caller's to wait out").isEqualTo(2);
    }
  }

  @Nested
  class ListingLag {

    @Test
    void aRepeatedKeyedStartOnALaggingLookUpOnlyServiceStartsNothingMore() {
      Scripted glue = new Scripted(Dedupe.NONE, true);
      glue.listingLag = 3;

      RunHandle first = start(glue, "nightly-2026-11-24");
      RunHandle second = start(glue, "nightly-2026-11-24");

      assertThat(second).isEqualTo(first);
      assertThat(glue.runCount()).isEqualTo(1);
      assertThat(glue.startRequests).isEqualTo(1);
    }

    @Test
    void aConfirmationReadThatFailsDoesNotCountAsOneThatSawNothing() {
      // The run stays hidden from the first two successful reads; failed reads show nothing either way.
      Scripted glue = new Scripted(Dedupe.NONE, true).failLooks(0, 500, 500, 500);
      glue.listingLag = 2;

      RunHandle first = start(glue, "nightly-2026-11-24");
      int readsOfFirst = glue.lookUps;
      RunHandle second = start(glue, "nightly-2026-11-24");

      assertThat(second).as("the confirmation read until the run showed").isEqualTo(first);
      assertThat(glue.runCount()).isEqualTo(1);
      assertThat(readsOfFirst).as("look first, then 3 failed and 3 successful confirmation reads").isEqualTo(7);
    }

    @Test
    void aConfirmationNeverReadsMoreThanTwiceItsLookUps() {
      Scripted glue = new Scripted(Dedupe.NONE, true);
      glue.listingLag = 100;

      start(glue, "nightly-2026-11-24");

      assertThat(glue.lookUps).as("the look before the start, then the confirmation's reads")
          .isEqualTo(1 + POLICY.lookUps());
      Scripted failing = new Scripted(Dedupe.NONE, true).failLooks(0, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
      start(failing, "nightly-2026-11-25");
      assertThat(failing.lookUps).isEqualTo(1 + 2 * POLICY.lookUps());
    }

    @Test
    void anAlreadyOpenAnswerIsSettledOverTheWindowInsteadOfBecomingAConflict() {
      Scripted swf = new Scripted(Dedupe.WHILE_OPEN, true);
      RunHandle first = start(swf, "settle-4711");
      swf.listingLag = 3;
      swf.hiddenFor.put("settle-4711", 3);

      RunHandle second = start(swf, "settle-4711");

      assertThat(second).isEqualTo(first);
      assertThat(swf.runCount()).isEqualTo(1);
    }

    @Test
    void anAlreadyOpenIdThatNeverShowsIsAConflict() {
      Scripted swf = new Scripted(Dedupe.WHILE_OPEN, true).answers(Answer.ALREADY_OPEN);

      assertThatThrownBy(() -> start(swf, "settle-4711"))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
    }
  }

  @Nested
  class LookUpsAreNotStarts {

    @Test
    void aFailingLookUpBeforeTheStartIsNotOutcomeUnknownAndSendsNoStart() {
      Scripted glue = new Scripted(Dedupe.NONE, true).failLooks(500, 500, 500, 500);

      assertThatThrownBy(() -> start(glue, "order-1"))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getMessage()).doesNotContain("may have taken effect");
          });
      assertThat(glue.startRequests).isZero();
      assertThat(glue.lookUps).isEqualTo(POLICY.lookUps());
    }
  }

  @Nested
  class Configuration {

    @Test
    void aConfigurationFailureIsReportedAtOnceAndSaysNothingStarted() {
      Scripted swf = new Scripted(Dedupe.WHILE_OPEN, true).answers(Answer.NO_CREDENTIALS);

      assertThatThrownBy(() -> start(swf, null))
          .isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.retryable()).isFalse();
            assertThat(e.setting()).isEqualTo("credentials");
          });
      assertThat(swf.startRequests).isEqualTo(1);
      assertThat(swf.lookUps).isZero();
    }

    @Test
    void aThrottledStartHadNoEffectSoItIsRetriedWithoutLooking() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.THROTTLED, Answer.THROTTLED, Answer.OK);

      start(glue, null);

      assertThat(glue.startRequests).isEqualTo(3);
      assertThat(glue.lookUps).as("a throttled start created nothing: nothing to look for").isZero();
      assertThat(glue.runCount()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionNeverReachedTheServiceSoItIsRetriedWithoutLooking() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.REFUSED_CONNECTION, Answer.OK);

      start(glue, null);

      assertThat(glue.startRequests).isEqualTo(2);
      assertThat(glue.lookUps).isZero();
      assertThat(glue.runCount()).isEqualTo(1);
    }
  }

  @Nested
  class ServiceSideTimeouts {

    @Test
    void aServerSideTimeoutAnsweredWith400IsSettledNotSentAgain() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.SERVER_TIMEOUT, Answer.OK);

      RunHandle handle = start(glue, null);

      assertThat(glue.startRequests).isEqualTo(1);
      assertThat(glue.runs.values()).containsExactly(handle);
    }
  }

  @Nested
  class AlreadyStarted {

    @Test
    void anOpenIdOfAGeneratedKeyIsThisCallsRunEvenWhenTheListingHidesIt() {
      Scripted swf = new Scripted(Dedupe.WHILE_OPEN, true).answers(Answer.LOST, Answer.OK);
      swf.listingLag = 100;

      assertThatThrownBy(() -> start(swf, null))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.outcomeUnknown())
              .as("SWF refused the retry: the id only this call knows is open").isTrue());
      assertThat(swf.runCount()).isEqualTo(1);
    }
  }

  @Nested
  class Cancellation {

    @Test
    void anInterruptedLookUpWhileSettlingKeepsTheOutcomeUnknown() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.LOST).failLooks(INTERRUPTED);

      assertThatThrownBy(() -> start(glue, null))
          .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(glue.runCount()).isEqualTo(1);
    }

    @Test
    void aThreadInterruptedBeforeTheStartSendsNothing() {
      Scripted glue = new Scripted(Dedupe.NONE, true);
      Thread.currentThread().interrupt();

      assertThatThrownBy(() -> start(glue, null))
          .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(glue.startRequests).isZero();
    }

    @Test
    void cancellingTheCallersFutureStopsTheAttemptsBeforeTheNextRequest() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false).answers(Answer.THROTTLED, Answer.OK);
      List<CompletableFuture<Void>> pending = new ArrayList<>();
      StartProtocol.Pauses held = pause -> {
        CompletableFuture<Void> over = new CompletableFuture<>();
        pending.add(over);
        return over;
      };
      CompletableFuture<RunHandle> caller = new CompletableFuture<>();
      CompletableFuture<RunHandle> run = protocol(codeCatalyst, "deploy-42", held, caller).run();
      assertThat(pending).as("paused after the throttled attempt").hasSize(1);

      caller.cancel(false);
      pending.get(0).complete(null);

      assertThat(run).isCompletedExceptionally();
      assertThatThrownBy(run::join).hasCauseInstanceOf(CancelledException.class);
      assertThat(codeCatalyst.startRequests).as("no request after the cancel").isEqualTo(1);
      assertThat(codeCatalyst.runCount()).isZero();
    }

    @Test
    void anInterruptedBlockingStartThrowsCancelledAndKeepsTheOutcomeUnknown() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false).answers(Answer.LOST, Answer.OK);
      StartProtocol.Pauses interrupted = pause -> {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(new InterruptedException());
      };

      assertThatThrownBy(() -> AsyncSupport.join(protocol(codeCatalyst, null, interrupted, new CompletableFuture<>()).run()))
          .isInstanceOfSatisfying(CancelledException.class, e -> {
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e).isInstanceOf(WorkflowLaunchException.class);
          });
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(codeCatalyst.startRequests).isEqualTo(1);
    }
  }

  @Nested
  class Bounds {

    @Test
    void aServiceThatLosesEveryAnswerGetsAtMostMaxAttemptsStarts() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false)
          .answers(Answer.LOST, Answer.LOST, Answer.LOST, Answer.LOST, Answer.LOST);

      assertThatThrownBy(() -> start(codeCatalyst, null))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(codeCatalyst.startRequests).isEqualTo(POLICY.maxAttempts());
      assertThat(codeCatalyst.runCount()).isEqualTo(1);
    }

    @Test
    void errorsWithoutEffectCostAtMostTheDocumentedRequests() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.ERROR_500, Answer.ERROR_500, Answer.ERROR_500);

      assertThatThrownBy(() -> start(glue, "order-1"))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown())
              .as("every attempt was proven to have started nothing").isFalse());
      assertThat(glue.startRequests).isEqualTo(3);
      assertThat(glue.lookUps).isEqualTo(1 + 3 * POLICY.lookUps())
          .isLessThanOrEqualTo(POLICY.lookUps() * (2 * POLICY.maxAttempts() + 3));
    }

    @Test
    void pausesDoubleUpToTheirCeilingWithFullJitter() {
      Scripted codeCatalyst = new Scripted(Dedupe.TOKEN, false).answers(Answer.THROTTLED, Answer.THROTTLED,
          Answer.THROTTLED, Answer.THROTTLED, Answer.THROTTLED, Answer.OK);
      StartPolicy six = POLICY.toBuilder().maxAttempts(6).build();
      java.util.random.RandomGenerator highest = () -> -1L;

      AsyncSupport.join(new StartProtocol<>(codeCatalyst, StartRunRequest.builder(TARGET).build(), six, immediate,
          highest, new CompletableFuture<>(), true, SendLimits.perRequest(six.requestTimeout())).run());

      assertThat(pauses).hasSize(5);
      assertThat(pauses.get(0)).isCloseTo(Duration.ofMillis(100), Duration.ofMillis(1));
      assertThat(pauses.get(1)).isCloseTo(Duration.ofMillis(200), Duration.ofMillis(1));
      assertThat(pauses.get(2)).isCloseTo(Duration.ofMillis(400), Duration.ofMillis(1));
      assertThat(pauses.get(3)).isCloseTo(Duration.ofMillis(800), Duration.ofMillis(1));
      assertThat(pauses.get(4)).as("capped at maxRetryPause").isCloseTo(Duration.ofSeconds(1), Duration.ofMillis(1));
    }

    @Test
    void aSettlementNeverReadsMoreThanTwiceItsLookUps() {
      Scripted glue = new Scripted(Dedupe.NONE, true).answers(Answer.LOST)
          .failLooks(503, 503, 503, 503, 503, 503, 503);
      glue.listingLag = 100;

      assertThatThrownBy(() -> start(glue, null))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(glue.lookUps).isEqualTo(2 * POLICY.lookUps());
    }
  }
}
