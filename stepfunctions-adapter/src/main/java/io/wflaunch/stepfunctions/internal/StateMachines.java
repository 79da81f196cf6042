package io.wflaunch.stepfunctions.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.support.UserText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * What a target's state machine is: its ARN (a name resolved with ListStateMachines) and its type
 * (from the listing, or from DescribeStateMachine for an ARN). Both are cached for a time to live; a
 * start that finds its state machine gone, or not of the type cached, drops them. A start reads them
 * within its {@link SendLimits}; a failure to fit its deadline is passed on as it is (the error table
 * passes on what is not the SDK's), so that the protocol recognises it.
 *
 * <p>Reads share one listing: while one is in flight, every other read that needs one joins it (also
 * with a time to live of zero), and so does a start, for no longer than its deadline allows; a read
 * finds a name the listing lacked missing for the time to live. Every state machine a listing shows is in the client's account and region, so once one listing
 * showed any, {@link #executionArn} builds the ARN of a short handle's execution without another.
 */
public final class StateMachines {

  /**
   * A resolved state machine: the ARN to start (as the target gave it, with a version or alias), its
   * parts, its type ({@code UNKNOWN_TO_SDK_VERSION} when the service named one this SDK does not know).
   */
  public record StateMachine(String arn, SfnRules.StateMachineArn parts, StateMachineType type) {

    /**
     * Whether it is a Standard state machine, whose execution names are unique: only then are starts
     * deduplicated by name and executions found by it. Any other type (Express, or one this SDK does
     * not know) is taken to deduplicate nothing.
     */
    public boolean standard() {
      return type == StateMachineType.STANDARD;
    }
  }

  private static final int PAGE = 1000;
  private static final int MAX_PAGES = 100;

  private record Listing(Instant fetchedAt, Map<String, List<StateMachineListItem>> byName) {}

  private record Typed(Instant fetchedAt, StateMachineType type) {}

  private final Clock clock;
  private final Duration ttl;
  private volatile Listing listing;
  private final Map<String, Typed> types = new ConcurrentHashMap<>();
  /** The listing reads are waiting for, if any: the service's answer, unmapped (each caller maps it). */
  private final AtomicReference<CompletableFuture<Listing>> inFlight = new AtomicReference<>();
  /** Names a listing lacked, with when it was asked for: missing for reads until the time to live passes. */
  private final Map<String, Instant> missing = new ConcurrentHashMap<>();
  /** A state machine a listing showed: its partition, region and account are the client's. */
  private volatile SfnRules.StateMachineArn home;

  public StateMachines(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * Resolves a target's state machine.
   *
   * @param calls the transport
   * @param target a checked target
   * @param limits a start's limits, which its reads keep to; empty outside a start
   * @return the state machine; failures mapped
   */
  public CompletableFuture<StateMachine> resolve(SfnCalls calls, WorkflowTarget target, Optional<SendLimits> limits) {
    String value = target.part(0);
    ErrorContext context = ErrorContext.of(target);
    if (SfnRules.isArn(value)) {
      SfnRules.StateMachineArn parts = SfnRules.stateMachineArn(value).orElseThrow();
      return typeOf(calls, parts.unqualified(), context, limits)
          .thenApply(type -> new StateMachine(value, parts, type));
    }
    // A name the cached listing lacks may have been created since: only a fresh listing says it is missing.
    Map<String, List<StateMachineListItem>> cached = cachedListing();
    CompletableFuture<Map<String, List<StateMachineListItem>>> listed = cached != null && cached.containsKey(value)
        ? CompletableFuture.completedFuture(cached)
        : limits.isPresent() ? joinedOrOwnListing(calls, value, context, limits.get())
            : sharedListing(calls, context, new AtomicInteger()).thenApply(Listing::byName);
    return listed.thenCompose(byName -> {
      List<StateMachineListItem> named = byName.getOrDefault(value, List.of());
      if (named.isEmpty()) {
        throw new WorkflowNotFoundException(context, "no state machine named " + UserText.quote(value)
            + " in this account and region (ListStateMachines); give its ARN, or check the region", null);
      }
      if (named.size() > 1) {
        throw new InvalidRequestException(context, "target", "names " + named.size() + " state machines called "
            + UserText.quote(value) + ": " + named.stream().map(StateMachineListItem::stateMachineArn)
                .collect(Collectors.joining(", ")) + "; give the ARN instead");
      }
      StateMachineListItem item = named.get(0);
      SfnRules.StateMachineArn parts = SfnRules.stateMachineArn(item.stateMachineArn()).orElseThrow(() ->
          new IllegalStateException("ListStateMachines returned an ARN that is not a state machine's: "
              + item.stateMachineArn()));
      if (item.typeAsString() == null) {
        // A listing that does not say (moto's): ask the state machine itself.
        return typeOf(calls, parts.unqualified(), context, limits)
            .thenApply(type -> new StateMachine(item.stateMachineArn(), parts, type));
      }
      return CompletableFuture.completedFuture(new StateMachine(item.stateMachineArn(), parts, known(item.type())));
    });
  }

  /**
   * The ARN of a target's state machine: the target's own, or its name resolved (which costs no call
   * that {@link #resolve} would not make).
   *
   * @param calls the transport
   * @param target a checked target
   * @return the ARN; failures mapped
   */
  public CompletableFuture<String> arn(SfnCalls calls, WorkflowTarget target) {
    return SfnRules.isArn(target.part(0))
        ? CompletableFuture.completedFuture(target.part(0))
        : resolve(calls, target, Optional.empty()).thenApply(StateMachine::arn);
  }

  /**
   * The state machine called {@code name} in the client's account and region, from the cached listing
   * or, when that lacks it, a listing (ListStateMachines) shared with the reads waiting for one; its type
   * is not read. A name that a listing asked for within the time to live lacked is missing without one.
   *
   * @param calls the transport
   * @param name a state machine's name
   * @param context what the read is about
   * @param requests counts each ListStateMachines page this read sent (none when it joined another's)
   * @return its ARN's parts; failures mapped, a {@link WorkflowNotFoundException} when no state machine
   *     has the name
   */
  public CompletableFuture<SfnRules.StateMachineArn> named(SfnCalls calls, String name, ErrorContext context,
      AtomicInteger requests) {
    Map<String, List<StateMachineListItem>> cached = cachedListing();
    CompletableFuture<Map<String, List<StateMachineListItem>>> listed;
    if (cached != null && cached.containsKey(name)) {
      listed = CompletableFuture.completedFuture(cached);
    } else if (missingNow(name)) {
      listed = CompletableFuture.completedFuture(Map.of());
    } else {
      listed = sharedListing(calls, context, requests).thenApply(fresh -> {
        if (!fresh.byName().containsKey(name)) {
          missing.merge(name, fresh.fetchedAt(), (before, now) -> now.isAfter(before) ? now : before);
        }
        return fresh.byName();
      });
    }
    return listed.thenApply(byName -> {
      List<StateMachineListItem> named = byName.getOrDefault(name, List.of());
      if (named.size() != 1) {
        throw new WorkflowNotFoundException(context, "no state machine named " + UserText.quote(name)
            + " in this account and region (ListStateMachines)", null);
      }
      return SfnRules.stateMachineArn(named.get(0).stateMachineArn()).orElseThrow(() ->
          new IllegalStateException("ListStateMachines returned an ARN that is not a state machine's: "
              + named.get(0).stateMachineArn()));
    });
  }

  /**
   * The ARN of the execution {@code executionName} of the state machine called {@code stateMachine}, built
   * from the partition, region and account of the state machines a listing showed; empty before any
   * listing showed one. Whether the state machine exists is not known: a read that does not find the
   * execution asks {@link #named} once.
   *
   * @param stateMachine a state machine's name
   * @param executionName an execution's name
   * @return the execution's ARN, or empty
   */
  public Optional<String> executionArn(String stateMachine, String executionName) {
    SfnRules.StateMachineArn known = home;
    return known == null ? Optional.empty() : Optional.of(new SfnRules.StateMachineArn(known.partition(),
        known.region(), known.account(), stateMachine, null).executionArn(executionName));
  }

  /**
   * Forgets what is cached about a target's state machine (it was not found, or not of the type
   * cached): its type, and for a name the listing.
   */
  public void forget(WorkflowTarget target) {
    String value = target.part(0);
    if (SfnRules.isArn(value)) {
      SfnRules.stateMachineArn(value).ifPresent(parts -> types.remove(parts.unqualified()));
      return;
    }
    Listing cached = listing;
    if (cached != null) {
      cached.byName().getOrDefault(value, List.of()).forEach(item -> SfnRules.stateMachineArn(item.stateMachineArn())
          .ifPresent(parts -> types.remove(parts.unqualified())));
    }
    listing = null;
    missing.remove(value);
  }

  /**
   * The state machine's type as the service says it now, past the cache (which it refreshes).
   *
   * @param calls the transport
   * @param stateMachine the state machine as resolved
   * @param context what the read is about
   * @param limits the start's limits
   * @return the type; failures mapped
   */
  public CompletableFuture<StateMachineType> currentType(SfnCalls calls, StateMachine stateMachine,
      ErrorContext context, SendLimits limits) {
    types.remove(stateMachine.parts().unqualified());
    return typeOf(calls, stateMachine.parts().unqualified(), context, Optional.of(limits));
  }

  private CompletableFuture<StateMachineType> typeOf(SfnCalls calls, String unqualifiedArn, ErrorContext context,
      Optional<SendLimits> limits) {
    Instant now = clock.instant();
    Typed cached = types.get(unqualifiedArn);
    if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
      return CompletableFuture.completedFuture(cached.type());
    }
    DescribeStateMachineRequest request = DescribeStateMachineRequest.builder().stateMachineArn(unqualifiedArn).build();
    return AsyncSupport.mapFailure(limits.map(start -> calls.describeStateMachine(request, start))
                .orElseGet(() -> calls.describeStateMachine(request)),
            e -> SfnErrors.map(e, context, Operation.LOOK_UP))
        .thenApply(described -> {
          StateMachineType type = known(described.type());
          types.put(unqualifiedArn, new Typed(now, type));
          return type;
        });
  }

  private static StateMachineType known(StateMachineType type) {
    return type == null ? StateMachineType.UNKNOWN_TO_SDK_VERSION : type;
  }

  /** The cached listing while it is fresh, else null. */
  private Map<String, List<StateMachineListItem>> cachedListing() {
    Listing cached = listing;
    return cached != null && clock.instant().isBefore(cached.fetchedAt().plus(ttl)) ? cached.byName() : null;
  }

  /**
   * Whether a listing asked for within the time to live lacked {@code name}, once a listing showed the
   * account (only then do reads ask for a name after not finding an execution by its ARN).
   */
  private boolean missingNow(String name) {
    Instant since = home == null ? null : missing.get(name);
    return since != null && clock.instant().isBefore(since.plus(ttl));
  }

  /**
   * For a start: the reads' listing in flight, waited for until the start's deadline at most, when it
   * shows {@code name} (it may have been asked for before the state machine was created); else the
   * start's own listing (which reads do not join, as its limits are not theirs).
   */
  private CompletableFuture<Map<String, List<StateMachineListItem>>> joinedOrOwnListing(SfnCalls calls, String name,
      ErrorContext context, SendLimits limits) {
    CompletableFuture<Listing> running = inFlight.get();
    if (running == null) {
      return freshListing(calls, context, limits);
    }
    CompletableFuture<Listing> joined = running.copy();
    Duration left = limits.remaining();
    if (left.compareTo(Duration.ofDays(1)) < 0) {
      joined = joined.orTimeout(left.toNanos(), TimeUnit.NANOSECONDS);
    }
    if (calls.blocking()) {
      try {
        joined.join();
      } catch (RuntimeException e) {
        // mapped below
      }
    }
    return AsyncSupport.mapFailure(joined, e -> e instanceof TimeoutException
            ? new SendLimits.DeadlineReached(limits) : SfnErrors.map(e, context, Operation.LOOK_UP))
        .thenCompose(listed -> listed.byName().containsKey(name)
            ? CompletableFuture.completedFuture(listed.byName()) : freshListing(calls, context, limits));
  }

  /** A start's own listing, each page within its limits; what it shows is cached for reads too. */
  private CompletableFuture<Map<String, List<StateMachineListItem>>> freshListing(SfnCalls calls, ErrorContext context,
      SendLimits limits) {
    Instant now = clock.instant();
    return AsyncSupport.mapFailure(calls.stateMachines(PAGE, MAX_PAGES, limits),
            e -> SfnErrors.map(e, context, Operation.LOOK_UP))
        .thenApply(items -> remember(now, items).byName());
  }

  /**
   * The listing in flight, or a new one that the reads arriving while it runs join; each caller maps its
   * failure with its own context.
   */
  private CompletableFuture<Listing> sharedListing(SfnCalls calls, ErrorContext context, AtomicInteger requests) {
    CompletableFuture<Listing> mine = new CompletableFuture<>();
    CompletableFuture<Listing> running = inFlight.compareAndExchange(null, mine);
    if (running == null) {
      Instant now = clock.instant();
      CompletableFuture<List<StateMachineListItem>> listing;
      try {
        listing = calls.stateMachines(PAGE, MAX_PAGES, requests);
      } catch (Throwable e) {
        // Any throwable, an Error too: a listing left in flight would hold every later caller that joins it.
        listing = CompletableFuture.failedFuture(e);
      }
      listing.whenComplete((items, failure) -> {
        Listing listed = null;
        Throwable failed = failure;
        try {
          if (failure == null) {
            listed = remember(now, items);
          }
        } catch (Throwable e) {
          failed = e;
        } finally {
          inFlight.compareAndSet(mine, null);
        }
        if (failed == null) {
          mine.complete(listed);
        } else {
          mine.completeExceptionally(failed);
        }
      });
      running = mine;
    } else if (calls.blocking()) {
      // Blocking calls go on on the caller's thread, not on the thread that sent the listing.
      try {
        running.join();
      } catch (RuntimeException e) {
        // mapped below
      }
    }
    return AsyncSupport.mapFailure(running, e -> SfnErrors.map(e, context, Operation.LOOK_UP));
  }

  /** Caches a listing asked for at {@code fetchedAt}, learns the client's account from it and gives it by name. */
  private Listing remember(Instant fetchedAt, List<StateMachineListItem> items) {
    Listing listed = new Listing(fetchedAt, byName(items));
    listing = listed;
    missing.keySet().removeIf(listed.byName()::containsKey);
    for (StateMachineListItem item : items) {
      Optional<SfnRules.StateMachineArn> parts = SfnRules.stateMachineArn(item.stateMachineArn());
      if (parts.isPresent()) {
        home = parts.get();
        break;
      }
    }
    return listed;
  }

  private static Map<String, List<StateMachineListItem>> byName(List<StateMachineListItem> items) {
    return Map.copyOf(items.stream()
        .collect(Collectors.groupingBy(StateMachineListItem::name, Collectors.toUnmodifiableList())));
  }

}
