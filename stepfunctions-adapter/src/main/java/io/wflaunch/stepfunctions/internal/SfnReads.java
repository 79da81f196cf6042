package io.wflaunch.stepfunctions.internal;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunStatus;
import io.wflaunch.ThrottledException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.support.Listings;
import io.wflaunch.spi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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

  private static final Logger log = LoggerFactory.getLogger(SfnReads.class);

  private final Supplier<String> clientRegion;

  /**
   * Reads over the calls each method is given.
   *
   * @param clientRegion the region the client calls, or null when it is not known
   */
  public SfnReads(Supplier<String> clientRegion) {
    this.clientRegion = clientRegion;
  }

  /** What DescribeExecution said of one run: its status, or the error saying it does not show the run. */
  private record Described(RunStatus status, RunNotFoundException notFound) {}

  /**
   * One run: DescribeExecution, and ListExecutions when that does not show it.
   *
   * @param requests counts each request sent
   */
  public CompletableFuture<RunStatus> getRun(SfnCalls calls, RunHandle handle, AtomicInteger requests) {
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
    AtomicInteger requests = new AtomicInteger();
    return BatchRead.ofOne(handle, getRun(calls, handle, requests), requests);
  }

  /**
   * For the tracker: one ListExecutions of RUNNING executions per state machine, newest first, until
   * every run asked for is seen or the listing has passed the oldest start asked for. The runs it shows
   * are running; the tracker reads the others one by one ({@link #readRun}).
   */
  public CompletableFuture<BatchRead> readRuns(SfnCalls calls, List<RunHandle> handles, Optional<Instant> oldestStart) {
    List<RunHandle> listable = handles.stream().filter(handle -> stateMachineOf(handle).isPresent()).toList();
    return Listings.perGroup(listable, handle -> stateMachineOf(handle).orElseThrow(), (stateMachineArn, wanted, requests) -> {
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
   * Several runs: one ListExecutions of RUNNING executions per state machine with two or more runs
   * asked for (the runs it shows are running), DescribeExecution of the others (which have ended, or
   * are about to be redriven, or are not yet listed) and of every run when the listing failed, then one
   * look-up per state machine for the runs DescribeExecution does not show.
   */
  public CompletableFuture<List<RunStatus>> getRuns(SfnCalls calls, List<RunHandle> handles) {
    Map<String, Set<String>> wanted = new LinkedHashMap<>();
    for (RunHandle handle : handles) {
      stateMachineOf(handle).ifPresent(arn -> wanted.computeIfAbsent(arn, a -> new LinkedHashSet<>()).add(handle.part(0)));
    }
    Map<String, CompletableFuture<Map<String, ExecutionListItem>>> running = new LinkedHashMap<>();
    wanted.forEach((stateMachineArn, executionArns) -> {
      if (executionArns.size() > 1) {
        ListExecutionsRequest first = ListExecutionsRequest.builder().stateMachineArn(stateMachineArn)
            .statusFilter(ExecutionStatus.RUNNING).maxResults(PAGE).build();
        running.put(stateMachineArn, calls.executions(first, BATCH_PAGES,
                items -> items.stream().map(ExecutionListItem::executionArn).collect(Collectors.toSet())
                    .containsAll(executionArns))
            .thenApply(items -> items.stream().filter(item -> item.status() == ExecutionStatus.RUNNING)
                .collect(Collectors.toMap(ExecutionListItem::executionArn, Function.identity(), (a, b) -> a)))
            .exceptionally(failed -> {
              log.debug("Listing running executions of {} failed; describing them one by one", stateMachineArn, failed);
              return Map.of();
            }));
      }
    });
    AtomicInteger requests = new AtomicInteger();
    return CompletableFuture.allOf(running.values().toArray(CompletableFuture[]::new)).thenCompose(done -> {
      Map<RunHandle, RunStatus> statuses = new HashMap<>();
      Map<RunHandle, CompletableFuture<Described>> described = new LinkedHashMap<>();
      for (RunHandle handle : handles) {
        if (statuses.containsKey(handle) || described.containsKey(handle)) {
          continue;
        }
        CompletableFuture<Map<String, ExecutionListItem>> listed = stateMachineOf(handle).map(running::get).orElse(null);
        ExecutionListItem item = listed == null ? null : listed.join().get(handle.part(0));
        if (item != null) {
          statuses.put(handle, SfnStatuses.fromListItem(handle, item));
        } else {
          described.put(handle, describe(calls, handle, requests));
        }
      }
      return CompletableFuture.allOf(described.values().toArray(CompletableFuture[]::new)).thenCompose(all -> {
        Map<RunHandle, RunNotFoundException> missing = new LinkedHashMap<>();
        described.forEach((handle, read) -> {
          if (read.join().status() != null) {
            statuses.put(handle, read.join().status());
          } else {
            missing.put(handle, read.join().notFound());
          }
        });
        return listed(calls, missing, requests).thenApply(listed -> {
          listed.forEach((handle, item) -> statuses.put(handle, SfnStatuses.fromListItem(handle, item)));
          List<RunStatus> inOrder = new ArrayList<>(handles.size());
          for (RunHandle handle : handles) {
            RunStatus status = statuses.get(handle);
            if (status == null) {
              throw missing.get(handle);
            }
            inOrder.add(status);
          }
          return inOrder;
        });
      });
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
  public RuntimeException inAnotherRegion(RunHandle handle, RuntimeException mapped) {
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
        + "calls region " + clientRegion.get() + "; read it with a backend for " + arnRegion + " (Step Functions "
        + "answered " + answered + ")", notFound.getCause());
  }

  /**
   * The region a handle's ARN names when it is another plain region than the client's; null when it is
   * the same, or either is not known, or the client's is a FIPS or global pseudo-region (whose names
   * differ from the ARN's for the same region).
   */
  private String otherRegion(RunHandle handle) {
    String client = clientRegion.get();
    String arnRegion = handle.part(0).split(":", -1)[3];
    if (client == null || client.equals(arnRegion) || client.contains("fips") || Region.of(client).isGlobalRegion()) {
      return null;
    }
    return arnRegion;
  }

  /** The state machine whose listing can show a run: not a Map Run's child's, nor one in another region. */
  private Optional<String> listableStateMachine(RunHandle handle) {
    return otherRegion(handle) != null ? Optional.empty() : stateMachineOf(handle);
  }

  /** The state machine ARN of a Standard execution's handle; empty for a Map Run's child. */
  public static Optional<String> stateMachineOf(RunHandle handle) {
    String executionArn = handle.part(0);
    String stateMachine = SfnRules.stateMachineOf(executionArn);
    if (stateMachine.contains("/")) {
      return Optional.empty();
    }
    String prefix = executionArn.substring(0, executionArn.indexOf(":execution:"));
    return Optional.of(prefix + ":stateMachine:" + stateMachine);
  }
}
