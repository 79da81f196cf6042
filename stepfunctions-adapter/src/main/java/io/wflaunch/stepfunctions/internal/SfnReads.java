package io.wflaunch.stepfunctions.internal;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.support.Listings;
import io.wflaunch.spi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;

/**
 * How the adapter reads Standard executions (and the children of Map Runs). Step Functions documents
 * DescribeExecution and ListExecutions as eventually consistent, and either may show a new execution
 * before the other, so an execution is called absent only when neither shows it: where
 * DescribeExecution answers ExecutionDoesNotExist, ListExecutions of the execution's state machine is
 * read newest first, without a status filter, for at most {@value #LOOKUP_PAGES} pages of
 * {@value #PAGE}, stopping at the page that shows every execution looked for or that reaches executions
 * started {@link #LOOKUP_WINDOW} before the newest one listed (DescribeExecution misses only an
 * execution started moments ago). An execution the listing shows has the list item's status (state,
 * start and stop dates). A throttled or unavailable listing fails the read, as nothing then says the
 * execution is absent; any other listing failure leaves it absent (the failure is a suppressed
 * exception of the {@link RunNotFoundException}). Not listed: a Map Run's children (their Map Run is
 * not in their ARN) and executions whose ARN names another region than the client's.
 */
public final class SfnReads {

  /** The largest page ListExecutions gives. */
  public static final int PAGE = 1000;
  /** The most ListExecutions pages one look-up for executions DescribeExecution does not show reads. */
  public static final int LOOKUP_PAGES = 2;
  /**
   * How far back from the newest listed execution a look-up reads: an execution DescribeExecution does
   * not show yet was started moments before it was asked for.
   */
  public static final Duration LOOKUP_WINDOW = Duration.ofMinutes(5);
  /** One page of up to 1,000 running executions per state machine; runs it does not show are described. */
  private static final int BATCH_PAGES = 1;
  /** The most ListExecutions pages {@link #list} reads. */
  private static final int MAX_LIST_PAGES = 1000;

  private static final Logger log = LoggerFactory.getLogger(SfnReads.class);

  private final Supplier<Region> regionOfClient;
  private volatile String clientRegion;

  /**
   * Reads over the calls each method is given.
   *
   * @param regionOfClient the region the client calls (read once, when first needed), or null when it is
   *     not known
   */
  public SfnReads(Supplier<Region> regionOfClient) {
    this.regionOfClient = regionOfClient;
  }

  /**
   * A state machine's executions for {@code listRuns}: ListExecutions pages of up to {@code limit}
   * (at most {@value #PAGE}) until {@code limit} are read, the newest {@code limit} of them first.
   */
  public CompletableFuture<List<RunStatus>> list(SfnCalls calls, String backendId, WorkflowTarget target,
      String stateMachineArn, int limit) {
    ListExecutionsRequest first = ListExecutionsRequest.builder().stateMachineArn(stateMachineArn)
        .maxResults(Math.min(limit, PAGE)).build();
    return AsyncSupport.mapFailure(calls.executions(first, MAX_LIST_PAGES, items -> items.size() >= limit),
            e -> SfnErrors.map(e, ErrorContext.of(target), Operation.LIST_RUNS))
        .thenApply(items -> items.stream()
            .sorted(Comparator.comparing((ExecutionListItem item) -> item.startDate(),
                Comparator.nullsLast(Comparator.reverseOrder())))
            .limit(limit)
            .map(item -> SfnStatuses.fromListItem(RunHandle.of(backendId, item.executionArn()), item))
            .toList());
  }

  /** What DescribeExecution said of one run: its status, or the error saying it does not show the run. */
  private record Described(RunStatus status, RunNotFoundException notFound) {}

  /**
   * One run: DescribeExecution, and ListExecutions when that does not show it. An Express execution
   * that is not a Map Run's child fails at once ({@link SfnRules#expressRefusal}).
   *
   * @param requests counts each request sent
   */
  public CompletableFuture<RunStatus> getRun(SfnCalls calls, RunHandle handle, AtomicInteger requests) {
    if (!SfnRules.describable(handle.part(0))) {
      return CompletableFuture.failedFuture(SfnRules.expressRefusal(handle, "getRun"));
    }
    return describe(calls, handle, requests).thenCompose(described -> {
      if (described.status() != null) {
        return CompletableFuture.completedFuture(described.status());
      }
      return listed(calls, Map.of(handle, described.notFound()), requests).thenApply(listed -> {
        ExecutionListItem item = listed.get(handle);
        if (item == null) {
          throw described.notFound();
        }
        return SfnStatuses.fromListItem(handle, item);
      });
    });
  }

  /** One run for the tracker, as {@link #getRun} reads it, with the requests that took. */
  public CompletableFuture<BatchRead> readRun(SfnCalls calls, RunHandle handle) {
    if (!SfnRules.describable(handle.part(0))) {
      return CompletableFuture.failedFuture(SfnRules.expressRefusal(handle, "getRun"));
    }
    AtomicInteger requests = new AtomicInteger();
    return BatchRead.ofOne(handle, getRun(calls, handle, requests), requests);
  }

  /**
   * Several runs: per state machine, one page of ListExecutions of RUNNING executions (up to
   * {@value #PAGE}, newest first). The runs it shows are running; the caller reads the others one by one
   * ({@link #getRun}), as it does Express executions, Map Run children and executions of another region
   * than the client's, which are not listed here.
   */
  public CompletableFuture<BatchRead> readRuns(SfnCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    List<RunHandle> listable = handles.stream().filter(handle -> listableStateMachine(handle).isPresent()).toList();
    return Listings.perGroup(listable, handle -> listableStateMachine(handle).orElseThrow(), (stateMachineArn, wanted, requests) -> {
      Set<String> arns = new HashSet<>();
      wanted.forEach(handle -> arns.add(handle.part(0)));
      ListExecutionsRequest first = ListExecutionsRequest.builder().stateMachineArn(stateMachineArn)
          .statusFilter(ExecutionStatus.RUNNING).maxResults(PAGE).build();
      return AsyncSupport.mapFailure(calls.executions(first, BATCH_PAGES,
                  items -> Listings.seenAll(items, ExecutionListItem::executionArn, arns)
                      || oldestStart.map(oldest -> Listings.passedNewestFirst(items, ExecutionListItem::startDate,
                          oldest.minusSeconds(1))).orElse(false), requests),
              e -> SfnErrors.map(e, ErrorContext.of(wanted.get(0)), Operation.GET_RUNS))
          .thenApply(items -> Listings.pick(wanted,
              items.stream().filter(item -> item.status() == ExecutionStatus.RUNNING).toList(),
              ExecutionListItem::executionArn, h -> h.part(0), SfnStatuses::fromListItem));
    });
  }

  /**
   * The list items of the runs DescribeExecution did not show, by handle, from one look-up per state
   * machine; runs no listing shows are left out. Fails only when a listing was throttled or the service
   * unavailable; other listing failures are added to the runs' not-found errors as suppressed.
   *
   * @param missing the runs, each with the error DescribeExecution's answer became
   * @param requests counts each page requested
   */
  public CompletableFuture<Map<RunHandle, ExecutionListItem>> listed(SfnCalls calls,
      Map<RunHandle, ? extends RuntimeException> missing, AtomicInteger requests) {
    Map<String, List<RunHandle>> byStateMachine = new LinkedHashMap<>();
    missing.keySet().forEach(handle -> listableStateMachine(handle)
        .ifPresent(arn -> byStateMachine.computeIfAbsent(arn, a -> new ArrayList<>()).add(handle)));
    if (byStateMachine.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    List<CompletableFuture<Map<RunHandle, ExecutionListItem>>> lookUps = new ArrayList<>();
    byStateMachine.forEach((stateMachineArn, wanted) -> lookUps.add(lookUp(calls, stateMachineArn, wanted, missing,
        requests)));
    return CompletableFuture.allOf(lookUps.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<RunHandle, ExecutionListItem> found = new HashMap<>();
      lookUps.forEach(lookUp -> found.putAll(lookUp.join()));
      return found;
    });
  }

  private CompletableFuture<Map<RunHandle, ExecutionListItem>> lookUp(SfnCalls calls, String stateMachineArn,
      List<RunHandle> wanted, Map<RunHandle, ? extends RuntimeException> missing, AtomicInteger requests) {
    Set<String> arns = new HashSet<>();
    wanted.forEach(handle -> arns.add(handle.part(0)));
    ListExecutionsRequest first = ListExecutionsRequest.builder().stateMachineArn(stateMachineArn).maxResults(PAGE)
        .build();
    return calls.executions(first, LOOKUP_PAGES,
            items -> Listings.seenAll(items, ExecutionListItem::executionArn, arns) || pastLookUpWindow(items), requests)
        .handle((items, failure) -> {
          if (failure == null) {
            Map<RunHandle, ExecutionListItem> found = new HashMap<>();
            Map<String, ExecutionListItem> byArn = new HashMap<>();
            items.forEach(item -> byArn.putIfAbsent(item.executionArn(), item));
            wanted.forEach(handle -> {
              ExecutionListItem item = byArn.get(handle.part(0));
              if (item != null) {
                found.put(handle, item);
              }
            });
            return found;
          }
          RuntimeException mapped = SfnErrors.map(failure, ErrorContext.of(wanted.get(0)), Operation.GET_RUN);
          if (mapped instanceof ThrottledException || mapped instanceof BackendUnavailableException) {
            throw new CompletionException(mapped);
          }
          log.debug("Listing executions of {} to find executions DescribeExecution does not show failed",
              stateMachineArn, mapped);
          wanted.forEach(handle -> missing.get(handle).addSuppressed(mapped));
          return Map.of();
        });
  }

  /** Whether a newest-first listing has reached executions started well before its newest one. */
  private static boolean pastLookUpWindow(List<ExecutionListItem> items) {
    Instant newest = items.isEmpty() ? null : items.get(0).startDate();
    return newest != null
        && Listings.passedNewestFirst(items, ExecutionListItem::startDate, newest.minus(LOOKUP_WINDOW));
  }

  private CompletableFuture<Described> describe(SfnCalls calls, RunHandle handle, AtomicInteger requests) {
    DescribeExecutionRequest request = DescribeExecutionRequest.builder().executionArn(handle.part(0)).build();
    requests.incrementAndGet();
    return calls.describe(request).handle((execution, failure) -> {
      if (failure == null) {
        return new Described(SfnStatuses.fromDescribe(handle, execution), null);
      }
      RuntimeException mapped = inAnotherRegion(handle, SfnErrors.map(failure, ErrorContext.of(handle), Operation.GET_RUN));
      if (AsyncSupport.unwrap(failure) instanceof ExecutionDoesNotExistException
          && mapped instanceof RunNotFoundException notFound) {
        return new Described(null, notFound);
      }
      throw new CompletionException(mapped);
    });
  }

  /**
   * A run not found whose ARN names another region than the client's: says so, as the handle was
   * probably stored by a launcher configured for that region.
   */
  private RuntimeException inAnotherRegion(RunHandle handle, RuntimeException mapped) {
    if (!(mapped instanceof RunNotFoundException notFound)) {
      return mapped;
    }
    String arnRegion = otherRegion(handle);
    if (arnRegion == null) {
      return mapped;
    }
    String answered = notFound.getCause() instanceof SdkException sdk ? AwsErrors.READER.detail().apply(sdk)
        : String.valueOf(notFound.getCause());
    return new RunNotFoundException(notFound.context(), "the execution is in region " + arnRegion + " and the client "
        + "calls region " + clientRegion() + "; read it with a backend for " + arnRegion + " (Step Functions "
        + "answered " + answered + ")", notFound.getCause());
  }

  /**
   * The region a handle's ARN names when it is another plain region than the client's; null when it is
   * the same, or either is not known, or the client's is a FIPS or global pseudo-region (whose names
   * differ from the ARN's for the same region).
   */
  private String otherRegion(RunHandle handle) {
    String client = clientRegion();
    String arnRegion = handle.part(0).split(":", -1)[3];
    if (client == null || client.equals(arnRegion) || client.contains("fips") || Region.of(client).isGlobalRegion()) {
      return null;
    }
    return arnRegion;
  }

  /** The client's region, read once; null when it cannot be read. */
  private String clientRegion() {
    String region = clientRegion;
    if (region == null) {
      try {
        Region configured = regionOfClient.get();
        region = configured == null ? "" : configured.id();
      } catch (RuntimeException unreadable) {
        region = "";
      }
      clientRegion = region;
    }
    return region.isEmpty() ? null : region;
  }

  /** The state machine whose listing can show a run: not a Map Run's child's, nor one in another region. */
  private Optional<String> listableStateMachine(RunHandle handle) {
    return otherRegion(handle) != null ? Optional.empty() : stateMachineOf(handle);
  }

  /** The state machine ARN of a Standard execution's handle; empty for an Express execution or a Map Run's child. */
  private static Optional<String> stateMachineOf(RunHandle handle) {
    String executionArn = handle.part(0);
    int execution = executionArn.indexOf(":execution:");
    String stateMachine = SfnRules.stateMachineOf(executionArn);
    if (execution < 0 || stateMachine.contains("/")) {
      return Optional.empty();
    }
    return Optional.of(executionArn.substring(0, execution) + ":stateMachine:" + stateMachine);
  }
}
