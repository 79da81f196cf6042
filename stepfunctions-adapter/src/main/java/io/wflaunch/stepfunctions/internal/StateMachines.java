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
        ? CompletableFuture.completedFuture(cached) : freshListing(calls, context, limits);
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
   * or, when that lacks it, a fresh one (ListStateMachines); its type is not read.
   *
   * @param calls the transport
   * @param name a state machine's name
   * @param context what the read is about
   * @param requests counts each ListStateMachines page requested
   * @return its ARN's parts; failures mapped, a {@link WorkflowNotFoundException} when no state machine
   *     has the name
   */
  public CompletableFuture<SfnRules.StateMachineArn> named(SfnCalls calls, String name, ErrorContext context,
      java.util.concurrent.atomic.AtomicInteger requests) {
    Map<String, List<StateMachineListItem>> cached = cachedListing();
    CompletableFuture<Map<String, List<StateMachineListItem>>> listed = cached != null && cached.containsKey(name)
        ? CompletableFuture.completedFuture(cached) : freshListing(calls, context, Optional.empty(), requests);
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

  private CompletableFuture<Map<String, List<StateMachineListItem>>> freshListing(SfnCalls calls, ErrorContext context,
      Optional<SendLimits> limits) {
    return freshListing(calls, context, limits, new java.util.concurrent.atomic.AtomicInteger());
  }

  private CompletableFuture<Map<String, List<StateMachineListItem>>> freshListing(SfnCalls calls, ErrorContext context,
      Optional<SendLimits> limits, java.util.concurrent.atomic.AtomicInteger requests) {
    Instant now = clock.instant();
    return AsyncSupport.mapFailure(limits.map(start -> calls.stateMachines(PAGE, MAX_PAGES, start))
                .orElseGet(() -> calls.stateMachines(PAGE, MAX_PAGES, requests)),
            e -> SfnErrors.map(e, context, Operation.LOOK_UP))
        .thenApply(items -> {
          Map<String, List<StateMachineListItem>> byName = items.stream()
              .collect(Collectors.groupingBy(StateMachineListItem::name, Collectors.toUnmodifiableList()));
          listing = new Listing(now, Map.copyOf(byName));
          return byName;
        });
  }

}
