package io.wflaunch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.InFlightPolicy;
import io.wflaunch.InMemoryIdempotencyStore;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.support.RequestHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The idempotent start over the in-memory store, in virtual time: pauses move the clock on. */
class IdempotentStartTest {

  static final WorkflowTarget TARGET = WorkflowTarget.of("mem", "nightly");
  static final Duration LEASE = Duration.ofMinutes(2);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final IdempotencyPolicy POLICY = IdempotencyPolicy.DEFAULT.withLease(LEASE).withInFlightWait(WAIT);

  /** A clock the test and the start's pauses move on. */
  static final class VirtualClock extends Clock {
    Instant now = Instant.parse("2026-11-24T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  /** A store that counts its requests and can run something before a call. */
  static class CountingStore implements IdempotencyStore {
    final InMemoryIdempotencyStore inner = new InMemoryIdempotencyStore();
    final List<String> calls = new ArrayList<>();
    Runnable beforeNextCall;
    RuntimeException failNextCreate;

    private void before(String call) {
      calls.add(call);
      Runnable hook = beforeNextCall;
      beforeNextCall = null;
      if (hook != null) {
        hook.run();
      }
    }

    @Override
    public Write create(IdempotencyRecord claim, Instant now) {
      before("create");
      if (failNextCreate != null) {
        RuntimeException failure = failNextCreate;
        failNextCreate = null;
        throw failure;
      }
      return inner.create(claim, now);
    }

    @Override
    public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
      before("replace");
      return inner.replace(expected, next);
    }

    @Override
    public boolean release(IdempotencyRecord claim) {
      before("release");
      return inner.release(claim);
    }

    @Override
    public Optional<IdempotencyRecord> read(String key, Instant now) {
      before("read");
      return inner.read(key, now);
    }
  }

  /**
   * A backend that, like the start protocol over a real one, returns the run already carrying the
   * key (the look-up before a keyed start) and starts one otherwise.
   */
  static final class Backend {
    final Map<String, RunHandle> runsByKey = new HashMap<>();
    final Map<RunHandle, RunState> states = new HashMap<>();
    final List<String> startedKeys = new ArrayList<>();
    Function<StartRunRequest, RuntimeException> failure = request -> null;
    Runnable duringStart;

    RunHandle start(StartRunRequest request) {
      String key = request.idempotencyKey().orElseThrow();
      RuntimeException fails = failure.apply(request);
      if (fails != null) {
        throw fails;
      }
      Runnable hook = duringStart;
      duringStart = null;
      if (hook != null) {
        hook.run();
      }
      return runsByKey.computeIfAbsent(key, k -> {
        RunHandle run = RunHandle.of("mem", "nightly", "run-" + (states.size() + 1));
        states.put(run, RunState.RUNNING);
        startedKeys.add(k);
        return run;
      });
    }

    RunStatus status(RunHandle run) {
      return RunStatus.builder(run, states.get(run), states.get(run).name()).build();
    }
  }

  final VirtualClock clock = new VirtualClock();
  final CountingStore store = new CountingStore();
  final Backend backend = new Backend();
  final List<Duration> pauses = new ArrayList<>();
  Runnable duringPause;
  /** Runs before the start's guard, as the protocol's look-ups would take their time. */
  Runnable beforeStart;

  RunHandle start(StartRunRequest request) {
    return start(request, POLICY);
  }

  RunHandle start(StartRunRequest request, IdempotencyPolicy policy) {
    StartNote note = new StartNote();
    // As the start protocol does: the note's guard (the lease check) runs before the start request.
    IdempotentStart.Calls calls = IdempotentStart.Calls.blocking(keyed -> {
      Runnable hook = beforeStart;
      beforeStart = null;
      if (hook != null) {
        hook.run();
      }
      AsyncSupport.join(note.beforeStart());
      return backend.start(keyed);
    }, backend::status);
    StartProtocol.Pauses virtual = pause -> {
      pauses.add(pause);
      clock.advance(pause);
      Runnable hook = duringPause;
      duringPause = null;
      if (hook != null) {
        hook.run();
      }
      return CompletableFuture.completedFuture(null);
    };
    return AsyncSupport.join(new IdempotentStart(store, policy, request, clock, calls, virtual, new Random(7),
        new CompletableFuture<>()).noting(note).run());
  }

  static StartRunRequest keyed(String key) {
    return StartRunRequest.builder(TARGET).parameter("date", "2026-11-24").idempotencyKey(key).build();
  }

  IdempotencyRecord record(String key) {
    return store.inner.read(IdempotentStart.scopedKey(keyed(key)), clock.instant()).orElseThrow();
  }

  /** Another call takes this call's claim of the key over and holds it, recording no run. */
  void takenOverByALiveClaim(String key) {
    IdempotencyRecord mine = record(key);
    store.inner.replace(mine, new IdempotencyRecord(mine.key(), mine.requestHash(), "taker", mine.fence() + 1, 1,
        clock.instant().plus(LEASE), Optional.empty(), clock.instant().plus(Duration.ofDays(7))));
  }

  /** A claim of the key by another call, as a process that died while starting leaves it. */
  void claimedElsewhere(String key, Instant leaseUntil) {
    store.inner.create(new IdempotencyRecord(IdempotentStart.scopedKey(keyed(key)), RequestHash.of(keyed(key)),
        "elsewhere", 1, 1, leaseUntil, Optional.empty(), clock.instant().plus(Duration.ofDays(7))), clock.instant());
  }

  @Nested
  class NewAndRepeatedKeys {
    @Test
    void aNewKeyCostsAClaimAndARecordAndARepeatedKeyOneRequest() {
      RunHandle first = start(keyed("order-1"));
      assertThat(store.calls).containsExactly("create", "replace");

      store.calls.clear();
      RunHandle again = start(keyed("order-1"));

      assertThat(again).isEqualTo(first);
      assertThat(store.calls).containsExactly("create");
      assertThat(backend.startedKeys).containsExactly("order-1");
      IdempotencyRecord record = record("order-1");
      assertThat(record.handle()).contains(first);
      assertThat(record.fence()).isEqualTo(1);
      assertThat(record.requestHash()).hasSize(64).doesNotContain("2026-11-24");
    }

    @Test
    void theKeyIsScopedByTarget() {
      RunHandle nightly = start(keyed("order-1"));
      backend.runsByKey.clear();
      RunHandle other = start(StartRunRequest.builder(WorkflowTarget.of("mem", "weekly"))
          .parameter("date", "2026-11-24").idempotencyKey("order-1").build());

      assertThat(other).isNotEqualTo(nightly);
      assertThat(backend.startedKeys).hasSize(2);
    }

    @Test
    void aKeyReusedWithADifferentRequestIsAConflictNamingTheFirstRun() {
      RunHandle first = start(keyed("order-1"));

      StartRunRequest different = keyed("order-1").toBuilder().parameter("date", "2026-11-25").build();
      assertThatThrownBy(() -> start(different))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.getMessage()).contains("reused with a different request").contains(first.toString())
                .doesNotContain("2026-11-25");
            assertThat(e.handle()).contains(first);
            assertThat(e.retryable()).isFalse();
            assertThat(e.outcomeUnknown()).isFalse();
          });
      assertThat(backend.startedKeys).containsExactly("order-1");
    }

    @Test
    void parameterOrderDoesNotMakeADifferentRequest() {
      StartRunRequest ab = StartRunRequest.builder(TARGET).parameter("a", "1").parameter("b", "2")
          .idempotencyKey("k").build();
      StartRunRequest ba = StartRunRequest.builder(TARGET).parameter("b", "2").parameter("a", "1")
          .idempotencyKey("k").build();

      assertThat(start(ba)).isEqualTo(start(ab));
    }

    @Test
    void aRecordExpiresAfterTheRetentionAndTheKeyIsNewAgain() {
      RunHandle first = start(keyed("order-1"), POLICY.withRetention(Duration.ofDays(1)));
      clock.advance(Duration.ofDays(1).minusSeconds(1));
      assertThat(start(keyed("order-1"))).isEqualTo(first);
      assertThat(record("order-1").expiresAt()).isEqualTo(clock.instant().plusSeconds(1));

      clock.advance(Duration.ofSeconds(1));
      backend.runsByKey.clear(); // the backend's own look-up reaches back less far than the retention
      RunHandle second = start(keyed("order-1"));

      assertThat(second).isNotEqualTo(first);
      assertThat(record("order-1").handle()).contains(second);
    }

    @Test
    void aClaimRefusedByTheStoresOwnResentWriteCountsAsTaken() {
      IdempotencyStore resending = new CountingStore() {
        @Override
        public Write create(IdempotencyRecord claim, Instant now) {
          inner.create(claim, now); // the first request took effect; its answer was lost
          return inner.create(claim, now);
        }
      };
      StartNote note = new StartNote();
    // As the start protocol does: the note's guard (the lease check) runs before the start request.
    IdempotentStart.Calls calls = IdempotentStart.Calls.blocking(keyed -> {
      Runnable hook = beforeStart;
      beforeStart = null;
      if (hook != null) {
        hook.run();
      }
      AsyncSupport.join(note.beforeStart());
      return backend.start(keyed);
    }, backend::status);
      RunHandle run = AsyncSupport.join(new IdempotentStart(resending, POLICY, keyed("k"), clock, calls,
          pause -> CompletableFuture.completedFuture(null), new Random(1), new CompletableFuture<>()).run());

      assertThat(run).isNotNull();
      assertThat(backend.startedKeys).containsExactly("k");
    }
  }

  @Nested
  class ClaimsInFlight {
    @Test
    void aLiveClaimIsWaitedForAndItsRecordedRunReturned() {
      claimedElsewhere("order-1", clock.instant().plus(LEASE));
      RunHandle theirs = RunHandle.of("mem", "nightly", "run-theirs");
      duringPause = () -> {
        IdempotencyRecord claim = record("order-1");
        store.inner.replace(claim, claim.recording(theirs, clock.instant().plus(Duration.ofDays(7))));
      };

      assertThat(start(keyed("order-1"))).isEqualTo(theirs);
      assertThat(backend.startedKeys).isEmpty();
      assertThat(pauses).hasSize(1);
    }

    @Test
    void aClaimStillLiveAfterTheWaitIsARetryableConflictSayingTheKeyIsInFlight() {
      claimedElsewhere("order-1", clock.instant().plus(LEASE));
      Instant before = clock.instant();

      assertThatThrownBy(() -> start(keyed("order-1")))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.getMessage()).contains("in flight");
            assertThat(e.retryable()).isTrue();
            assertThat(e.outcomeUnknown()).isFalse();
          });
      assertThat(Duration.between(before, clock.instant())).isEqualTo(WAIT);
      assertThat(pauses).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(2)));
      assertThat(backend.startedKeys).isEmpty();
    }

    @Test
    void theFailPolicyRefusesALiveClaimAtOnce() {
      claimedElsewhere("order-1", clock.instant().plus(LEASE));

      assertThatThrownBy(() -> start(keyed("order-1").toBuilder().inFlightPolicy(InFlightPolicy.FAIL).build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.retryable()).isTrue());
      assertThat(pauses).isEmpty();
    }

    @Test
    void aClaimWhoseLeaseEndedIsTakenOverAndTheRunItsHolderStartedIsFoundByItsKey() {
      claimedElsewhere("order-1", clock.instant().plus(LEASE));
      RunHandle crashed = backend.start(keyed("order-1")); // started, then the holder died before recording
      clock.advance(LEASE);

      RunHandle found = start(keyed("order-1"));

      assertThat(found).isEqualTo(crashed);
      assertThat(backend.startedKeys).containsExactly("order-1");
      IdempotencyRecord record = record("order-1");
      assertThat(record.fence()).isEqualTo(2);
      assertThat(record.handle()).contains(crashed);
    }

    @Test
    void aLateRecorderWithAStaleFenceCannotOverwriteTheRecordAndIsToldThatTwoRunsMayExist() {
      RunHandle[] overtaker = new RunHandle[1];
      backend.duringStart = () -> {
        // The first start's request outlives its lease; another call takes the claim over and records a run.
        clock.advance(LEASE);
        backend.runsByKey.put("order-1", RunHandle.of("mem", "nightly", "run-overtaker"));
        overtaker[0] = start(keyed("order-1"));
        backend.runsByKey.clear(); // so that the late start makes a run of its own
      };

      assertThatThrownBy(() -> start(keyed("order-1"))).isInstanceOfSatisfying(ConflictException.class, e -> {
        assertThat(e.getMessage()).contains("run-1").contains("run-overtaker").contains("two runs may exist");
        assertThat(e.handle()).as("the run this call started").contains(RunHandle.of("mem", "nightly", "run-1"));
        assertThat(e.outcomeUnknown()).isTrue();
      });
      assertThat(overtaker[0]).isEqualTo(RunHandle.of("mem", "nightly", "run-overtaker"));
      IdempotencyRecord record = record("order-1");
      assertThat(record.fence()).isEqualTo(2);
      assertThat(record.handle()).contains(overtaker[0]);
    }

    @Test
    void aLateRecorderWhoseRunTheTakerFoundAndRecordedGetsItsRun() {
      backend.duringStart = () -> {
        clock.advance(LEASE);
        // The taker looks the key up, finds the late start's run (run-1, about to be made) and records it.
        backend.runsByKey.put("order-1", RunHandle.of("mem", "nightly", "run-1"));
        start(keyed("order-1"));
      };

      RunHandle late = start(keyed("order-1"));

      assertThat(late).isEqualTo(RunHandle.of("mem", "nightly", "run-1"));
      assertThat(record("order-1").handle()).contains(late);
    }

    @Test
    void aLateRecorderWaitsForATakerInFlightAndFailsNamingItsRunWhenNothingIsRecorded() {
      // The late start's own claim is replaced by another call's live claim, which never records a run.
      backend.duringStart = () -> {
        clock.advance(LEASE);
        takenOverByALiveClaim("order-1");
      };

      assertThatThrownBy(() -> start(keyed("order-1"))).isInstanceOfSatisfying(ConflictException.class, e -> {
        assertThat(e.getMessage()).contains("run-1").contains("may start a second run");
        assertThat(e.outcomeUnknown()).isTrue();
      });
      assertThat(pauses).as("it waited for the taker").isNotEmpty();
      assertThat(backend.startedKeys).containsExactly("order-1");
    }

    @Test
    void aClaimWithLessThanTheMarginLeftIsRenewedBeforeTheStartRequest() {
      // The look-ups before the start took so long that less than the margin is left.
      Duration margin = POLICY.leaseMargin();
      IdempotentStartTest.this.beforeStart = () -> clock.advance(LEASE.minus(margin).plusSeconds(1));

      RunHandle run = start(keyed("order-1"));

      assertThat(store.calls).as("claim, renewal, record").containsExactly("create", "replace", "replace");
      IdempotencyRecord record = record("order-1");
      assertThat(record.handle()).contains(run);
      assertThat(record.fence()).as("a renewal keeps the fence").isEqualTo(1);
      assertThat(record.leaseUntil()).isAfter(clock.instant().plus(margin));
    }

    @Test
    void aClaimTakenOverBeforeTheStartRequestSendsNothing() {
      IdempotentStartTest.this.beforeStart = () -> {
        // The look-ups outlived the lease; another call took the key over and holds it.
        clock.advance(LEASE);
        takenOverByALiveClaim("order-1");
      };

      assertThatThrownBy(() -> start(keyed("order-1"))).isInstanceOfSatisfying(ConflictException.class, e -> {
        assertThat(e.getMessage()).contains("taken over").contains("sent no further start request");
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e.retryable()).isTrue();
      });
      assertThat(backend.startedKeys).as("no start request").isEmpty();
      assertThat(record("order-1").owner()).isEqualTo("taker");
    }

    @Test
    void aClaimCreatedAnewAfterExpiryIsNotTheVersionAnEarlierHolderOfFenceOneCanWriteOrDelete() {
      String key = IdempotentStart.scopedKey(keyed("order-1"));
      IdempotencyRecord earlier = new IdempotencyRecord(key, RequestHash.of(keyed("order-1")), "earlier", 1, 1,
          clock.instant(), Optional.empty(), clock.instant().plusSeconds(1));
      store.inner.create(earlier, clock.instant());
      clock.advance(Duration.ofSeconds(1));
      RunHandle run = start(keyed("order-1")); // creates fence 1 anew, as another owner

      assertThat(store.inner.release(earlier)).isFalse();
      assertThat(store.inner.replace(earlier, earlier.recording(RunHandle.of("mem", "nightly", "run-late"),
          clock.instant().plus(Duration.ofDays(1)))).applied()).isFalse();
      assertThat(record("order-1").handle()).contains(run);
    }

    @Test
    void aClaimOutlivesItsLeaseByTheRetention() {
      backend.failure = request -> new BackendUnavailableException(ErrorContext.of(TARGET), "no answer", true, null);
      assertThatThrownBy(() -> start(keyed("order-2"))).isInstanceOf(BackendUnavailableException.class);

      IdempotencyRecord claim = record("order-2");
      assertThat(claim.handle()).isEmpty();
      assertThat(claim.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
      assertThat(claim.expiresAt()).isEqualTo(claim.leaseUntil().plus(POLICY.retention()));
    }

    @Test
    void aStaleFenceIsRefusedByTheStore() {
      claimedElsewhere("order-1", clock.instant().plus(LEASE));
      IdempotencyRecord stale = record("order-1");
      clock.advance(LEASE);
      start(keyed("order-1"));
      IdempotencyRecord current = record("order-1");

      IdempotencyStore.Write write = store.inner.replace(stale,
          stale.recording(RunHandle.of("mem", "nightly", "run-stale"), clock.instant().plus(Duration.ofDays(7))));

      assertThat(write.applied()).isFalse();
      assertThat(write.current()).contains(current);
      assertThat(store.inner.release(stale)).isFalse();
    }
  }

  @Nested
  class FailedStarts {
    @Test
    void aStartThatSurelyStartedNothingGivesItsClaimUp() {
      backend.failure = request -> new ThrottledException(ErrorContext.of(TARGET), "slow down", null);

      assertThatThrownBy(() -> start(keyed("order-1"))).isInstanceOf(ThrottledException.class);
      assertThat(store.inner.size()).isZero();
      assertThat(store.calls).containsExactly("create", "release");

      backend.failure = request -> null;
      assertThat(start(keyed("order-1"))).isNotNull();
    }

    @Test
    void aStartWithAnUnknownOutcomeKeepsItsClaimForTheNextStartToSettleAfterTheLease() {
      backend.failure = request -> new BackendUnavailableException(ErrorContext.of(TARGET), "no answer", true, null);

      assertThatThrownBy(() -> start(keyed("order-1")))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(record("order-1").handle()).isEmpty();
      assertThat(store.calls).containsExactly("create");
    }

    @Test
    void aFailingStoreFailsTheStartBeforeAnythingIsSent() {
      store.failNextCreate = new BackendUnavailableException(ErrorContext.empty(), "table unavailable", null);

      assertThatThrownBy(() -> start(keyed("order-1")))
          .isInstanceOfSatisfying(WorkflowLaunchException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
      assertThat(backend.startedKeys).isEmpty();
    }

    @Test
    void aFailingRecordStillReturnsTheRunThatWasStarted() {
      store.beforeNextCall = () -> store.beforeNextCall = () -> {
        throw new BackendUnavailableException(ErrorContext.empty(), "table unavailable", null);
      };

      RunHandle run = start(keyed("order-1"));

      assertThat(backend.startedKeys).containsExactly("order-1");
      assertThat(backend.runsByKey).containsValue(run);
      assertThat(record("order-1").handle()).isEmpty();
    }
  }

  @Nested
  class ReusePolicies {
    RunHandle endedRun(RunState state) {
      RunHandle run = start(keyed("order-1"));
      backend.states.put(run, state);
      return run;
    }

    StartRunRequest with(KeyReusePolicy policy) {
      return keyed("order-1").toBuilder().keyReusePolicy(policy).build();
    }

    @Test
    void returnExistingReturnsTheRunHoweverItEndedWithoutReadingIt() {
      RunHandle run = endedRun(RunState.FAILED);
      store.calls.clear();

      assertThat(start(keyed("order-1"))).isEqualTo(run);
      assertThat(backend.startedKeys).hasSize(1);
    }

    @Test
    void allowIfNotSucceededStartsANewRunUnderTheNextGenerationsKeyAfterAFailure() {
      RunHandle failed = endedRun(RunState.FAILED);

      RunHandle retry = start(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED));

      assertThat(retry).isNotEqualTo(failed);
      assertThat(backend.startedKeys).hasSize(2).first().isEqualTo("order-1");
      assertThat(backend.startedKeys.get(1)).matches("order-1#2~[0-9a-f]{16}");
      IdempotencyRecord record = record("order-1");
      assertThat(record.generation()).isEqualTo(2);
      assertThat(record.fence()).isEqualTo(2);
      assertThat(record.handle()).contains(retry);
      assertThat(start(keyed("order-1"))).isEqualTo(retry);
    }

    @Test
    void aNextGenerationThatStartedNothingPutsTheEndedRunsRecordBack() {
      RunHandle failed = endedRun(RunState.FAILED);
      IdempotencyRecord before = record("order-1");
      backend.failure = request -> request.idempotencyKey().orElseThrow().contains("#2~")
          ? new io.wflaunch.LimitExceededException(ErrorContext.of(TARGET), "too many runs", true, null) : null;

      assertThatThrownBy(() -> start(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED)))
          .isInstanceOf(io.wflaunch.LimitExceededException.class);

      IdempotencyRecord after = record("order-1");
      assertThat(after.handle()).contains(failed);
      assertThat(after.generation()).isEqualTo(before.generation());
      assertThat(after.fence()).isEqualTo(3);
      assertThat(after.requestHash()).isEqualTo(before.requestHash());
      assertThat(start(keyed("order-1"))).isEqualTo(failed);
      backend.failure = request -> null;
      assertThat(start(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED))).isNotEqualTo(failed);
    }

    @Test
    void aLaterGenerationsClaimTakenOverFromADeadStartStaysWhenNothingStarts() {
      RunHandle failed = endedRun(RunState.FAILED);
      IdempotencyRecord recorded = record("order-1");
      // A start of generation 2 took the record over and died before it started anything.
      IdempotencyRecord dead = new IdempotencyRecord(recorded.key(), recorded.requestHash(), "dead", 2, 2,
          clock.instant().plus(LEASE), Optional.empty(), clock.instant().plus(Duration.ofDays(7)));
      assertThat(store.inner.replace(recorded, dead).applied()).isTrue();
      clock.advance(LEASE);
      backend.failure = request -> new io.wflaunch.LimitExceededException(ErrorContext.of(TARGET), "too many runs",
          true, null);

      assertThatThrownBy(() -> start(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED)))
          .isInstanceOf(io.wflaunch.LimitExceededException.class);

      IdempotencyRecord after = record("order-1");
      assertThat(after.generation()).isEqualTo(2);
      assertThat(after.handle()).isEmpty();
      assertThat(after.fence()).isEqualTo(3);
      assertThat(backend.startedKeys).containsExactly("order-1");
      assertThat(failed).isNotNull();
    }

    @Test
    void optionsTheHashCannotReadAreAnInvalidRequestAndNothingIsSent() {
      record Cyclic(List<Object> values) implements io.wflaunch.BackendOptions {}
      List<Object> values = new ArrayList<>();
      values.add(values);
      StartRunRequest request = keyed("order-1").toBuilder().options(new Cyclic(values)).build();

      assertThatThrownBy(() -> start(request)).isInstanceOfSatisfying(io.wflaunch.InvalidRequestException.class,
          e -> assertThat(e.field()).isEqualTo("options"));
      assertThat(store.calls).isEmpty();
      assertThat(backend.startedKeys).isEmpty();
    }

    @Test
    void aRunTheBackendNoLongerShowsIsJudgedAsEndedWithoutStartingAnother() {
      RunHandle gone = endedRun(RunState.FAILED);
      backend.states.remove(gone);
      IdempotentStart.Calls calls = IdempotentStart.Calls.blocking(backend::start, run -> {
        throw new io.wflaunch.RunNotFoundException(ErrorContext.of(run), "no such run", null);
      });
      Function<StartRunRequest, CompletableFuture<RunHandle>> starting = request -> new IdempotentStart(store, POLICY,
          request, clock, calls, pause -> CompletableFuture.completedFuture(null), new Random(1),
          new CompletableFuture<>()).run();

      assertThat(starting.apply(keyed("order-1").toBuilder().inFlightPolicy(InFlightPolicy.FAIL).build()).join())
          .isEqualTo(gone);
      assertThatThrownBy(() -> starting.apply(with(KeyReusePolicy.REJECT_DUPLICATE)).join())
          .hasCauseInstanceOf(ConflictException.class).hasMessageContaining("no longer shows");
      assertThatThrownBy(() -> starting.apply(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED)).join())
          .hasCauseInstanceOf(ConflictException.class).hasMessageContaining("whether it succeeded is unknown");
      assertThat(backend.startedKeys).hasSize(1);
    }

    @Test
    void allowIfNotSucceededReturnsARunThatSucceededOrIsStillRunning() {
      RunHandle succeeded = endedRun(RunState.SUCCEEDED);
      assertThat(start(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED))).isEqualTo(succeeded);
      backend.states.put(succeeded, RunState.RUNNING);
      assertThat(start(with(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED))).isEqualTo(succeeded);
      assertThat(backend.startedKeys).hasSize(1);
    }

    @Test
    void everyEndStateButSuccessLetsTheKeyGoUnderAllowIfNotSucceeded() {
      for (RunState state : RunState.values()) {
        if (!state.isTerminal() || state.isSuccessful()) {
          continue;
        }
        backend.runsByKey.clear();
        String key = "order-" + state;
        RunHandle first = start(keyed(key));
        backend.states.put(first, state);
        assertThat(start(keyed(key).toBuilder().keyReusePolicy(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED).build()))
            .as(state.name()).isNotEqualTo(first);
      }
    }

    @Test
    void rejectDuplicateRefusesAnEndedRunAndReturnsARunningOne() {
      RunHandle run = endedRun(RunState.RUNNING);
      assertThat(start(with(KeyReusePolicy.REJECT_DUPLICATE))).isEqualTo(run);

      backend.states.put(run, RunState.SUCCEEDED);
      assertThatThrownBy(() -> start(with(KeyReusePolicy.REJECT_DUPLICATE)))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.getMessage()).contains("REJECT_DUPLICATE").contains(run.toString());
            assertThat(e.retryable()).isFalse();
            assertThat(e.handle()).contains(run);
          });
    }

    @Test
    void theFailInFlightPolicyRefusesARunningRunAndReturnsAnEndedOne() {
      RunHandle run = endedRun(RunState.RUNNING);
      StartRunRequest failInFlight = keyed("order-1").toBuilder().inFlightPolicy(InFlightPolicy.FAIL).build();

      assertThatThrownBy(() -> start(failInFlight))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.retryable()).isTrue());
      backend.states.put(run, RunState.FAILED);
      assertThat(start(failInFlight)).isEqualTo(run);
    }

    @Test
    void theLaunchersDefaultAppliesWhenTheRequestSetsNone() {
      RunHandle failed = endedRun(RunState.CANCELLED);

      RunHandle retry = start(keyed("order-1"), POLICY.withKeyReuse(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED));

      assertThat(retry).isNotEqualTo(failed);
      assertThat(start(with(KeyReusePolicy.RETURN_EXISTING),
          POLICY.withKeyReuse(KeyReusePolicy.REJECT_DUPLICATE))).isEqualTo(retry);
    }
  }

  @Nested
  class RunKeys {
    static final String SCOPE = "mem:nightly ";

    @Test
    void laterGenerationsCarryAKeyWithinTheLongestKeyAndDistinctPerGeneration() {
      String longest = "k".repeat(StartRunRequest.MAX_IDEMPOTENCY_KEY_LENGTH);
      String second = IdempotentStart.runKey(SCOPE + longest, longest, 2);
      String third = IdempotentStart.runKey(SCOPE + longest, longest, 3);

      assertThat(IdempotentStart.runKey(SCOPE + "order-1", "order-1", 1)).isEqualTo("order-1");
      assertThat(IdempotentStart.runKey(SCOPE + "order-1", "order-1", 2)).matches("order-1#2~[0-9a-f]{16}");
      assertThat(second).hasSize(StartRunRequest.MAX_IDEMPOTENCY_KEY_LENGTH).contains("#2~");
      assertThat(third).isNotEqualTo(second).contains("#3~");
      String almost = "k".repeat(255) + "x";
      assertThat(IdempotentStart.runKey(SCOPE + almost, almost, 2)).isNotEqualTo(second);
      StartRunRequest.builder(TARGET).idempotencyKey(second).build();
    }

    @Test
    void aKeyCutNeverSplitsASurrogatePair() {
      String key = "k".repeat(230) + "\uD83D\uDE00".repeat(13);
      for (int generation = 2; generation < 12; generation++) {
        String later = IdempotentStart.runKey(SCOPE + key, key, generation);
        assertThat(StartRunRequest.builder(TARGET).idempotencyKey(later).build().idempotencyKey()).contains(later);
      }
    }

    @Test
    void aCallersKeyThatLooksLikeAGenerationIsItsOwnKey() {
      RunHandle failed = start(keyed("c"));
      backend.states.put(failed, RunState.FAILED);
      RunHandle second = start(keyed("c").toBuilder().keyReusePolicy(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED).build());

      RunHandle handWritten = start(keyed("c#2"));

      assertThat(handWritten).isNotEqualTo(second).isNotEqualTo(failed);
      assertThat(backend.startedKeys).hasSize(3).contains("c", "c#2");
    }
  }

  @Nested
  class StoredForms {

    private final StartRunRequest arnTarget = StartRunRequest.builder(WorkflowTarget.parse(
            "sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders"))
        .idempotencyKey("order-4711").build();
    private final StartRunRequest escapedArnTarget = StartRunRequest.builder(WorkflowTarget.parse(
            "sfn:arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AstateMachine%3Aorders"))
        .idempotencyKey("order-4711").build();

    @Test
    void keysAreScopedByTheStrictFormOfTheTargetThatEarlierVersionsStored() {
      assertThat(arnTarget.target().toString())
          .isEqualTo("sfn:arn:aws:states:us-east-1:123456789012:stateMachine:orders");
      assertThat(IdempotentStart.scopedKey(arnTarget))
          .isEqualTo("sfn:arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AstateMachine%3Aorders order-4711")
          .isEqualTo(IdempotentStart.scopedKey(escapedArnTarget));
    }

    @Test
    void requestHashesAreComputedOverTheStrictFormSoThatStoredHashesStillMatch() {
      StartRunRequest plain = StartRunRequest.builder(WorkflowTarget.of("glue", "nightly-etl")).build();
      String strictHash = RequestHash.of(arnTarget);

      assertThat(RequestHash.of(escapedArnTarget)).isEqualTo(strictHash);
      assertThat(strictHash).isNotEqualTo(RequestHash.of(plain));
      // The hash of the target's strict text as a length-prefixed field, as RequestHash wrote it before.
      assertThat(strictHash).isEqualTo(hashOfFields(
          "sfn:arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3AstateMachine%3Aorders", "0", "-", "-"));
    }

    private String hashOfFields(String... fields) {
      try {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        for (String field : fields) {
          byte[] bytes = field.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          digest.update((bytes.length + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          digest.update(bytes);
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
  }
}
