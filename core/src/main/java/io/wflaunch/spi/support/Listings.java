package io.wflaunch.spi.support;

import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.WorkflowBackend;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.ThrottledException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link BatchRead} from one listing per group of runs (per workflow, per domain), as
 * {@link WorkflowBackend#readRunsAsync} describes: the listings run side by side, each counts the
 * requests it sends (failed ones too), a throttled or unavailable listing reports that failure for its
 * own runs (so that the tracker backs off for them while keeping what the other listings saw), and any
 * other failure of a listing leaves its runs to single reads.
 */
public final class Listings {

  private static final Logger log = LoggerFactory.getLogger(Listings.class);

  private Listings() {}

  /** Lists one group of runs. */
  @FunctionalInterface
  public interface GroupListing<K> {
    /**
     * Lists the runs of one group.
     * @param group the group's key
     * @param wanted the runs of the group asked for
     * @param requests to be incremented once per request sent
     * @return the statuses seen of the runs asked for, or a failure mapped to a
     *     {@link io.wflaunch.WorkflowLaunchException}
     */
    CompletableFuture<Map<RunHandle, RunStatus>> list(K group, List<RunHandle> wanted, AtomicInteger requests);
  }

  /**
   * Lists every group of {@code handles} and gathers what the listings saw.
   * @param handles the runs asked for
   * @param groupOf the group of a run
   * @param listing lists one group
   * @param <K> the group key
   * @return what the listings saw and how many requests they sent
   */
  public static <K> CompletableFuture<BatchRead> perGroup(List<RunHandle> handles, Function<RunHandle, K> groupOf,
      GroupListing<K> listing) {
    Map<K, List<RunHandle>> groups = new LinkedHashMap<>();
    handles.forEach(handle -> groups.computeIfAbsent(groupOf.apply(handle), k -> new ArrayList<>()).add(handle));
    AtomicInteger requests = new AtomicInteger();
    Map<RunHandle, io.wflaunch.WorkflowLaunchException> failures = new java.util.concurrent.ConcurrentHashMap<>();
    List<CompletableFuture<Map<RunHandle, RunStatus>>> reads = new ArrayList<>();
    groups.forEach((group, wanted) -> reads.add(AsyncSupport.defer(() -> listing.list(group, wanted, requests))
        .exceptionally(failure -> {
          Throwable cause = AsyncSupport.unwrap(failure);
          if (cause instanceof ThrottledException || cause instanceof BackendUnavailableException) {
            wanted.forEach(handle -> failures.put(handle, (io.wflaunch.WorkflowLaunchException) cause));
            return Map.of();
          }
          log.debug("Listing runs of {} failed; they are left to single reads", group, cause);
          return Map.of();
        })));
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<RunHandle, RunStatus> seen = new HashMap<>();
      reads.forEach(read -> seen.putAll(read.join()));
      return new BatchRead(seen, requests.get(), failures);
    });
  }

  /**
   * Keeps the statuses of the runs asked for.
   * @param wanted the runs asked for
   * @param listed the items a listing returned
   * @param idOf the run id of an item
   * @param runIdOf the run id of a handle
   * @param toStatus the status of an item, for a handle
   * @param <T> the item type
   * @return the statuses seen, by handle
   */
  public static <T> Map<RunHandle, RunStatus> pick(List<RunHandle> wanted, List<T> listed, Function<T, String> idOf,
      Function<RunHandle, String> runIdOf, java.util.function.BiFunction<RunHandle, T, RunStatus> toStatus) {
    Map<String, T> byId = new HashMap<>();
    listed.forEach(item -> byId.putIfAbsent(idOf.apply(item), item));
    Map<RunHandle, RunStatus> seen = new HashMap<>();
    for (RunHandle handle : wanted) {
      T item = byId.get(runIdOf.apply(handle));
      if (item != null) {
        seen.put(handle, toStatus.apply(handle, item));
      }
    }
    return seen;
  }

  /**
   * Whether a listing read newest first has passed {@code cutoff}: its items are in newest-first order
   * (a listing in another order never counts as passed, so that a service that lists otherwise is read
   * to the end rather than cut short) and the last one started before the cutoff.
   * @param items the items read so far
   * @param startOf an item's start, null when not known
   * @param cutoff the earliest start still wanted
   * @param <T> the item type
   * @return whether further pages can hold only runs started before {@code cutoff}
   */
  public static <T> boolean passedNewestFirst(List<T> items, Function<T, java.time.Instant> startOf,
      java.time.Instant cutoff) {
    if (items.isEmpty()) {
      return false;
    }
    java.time.Instant previous = java.time.Instant.MAX;
    for (T item : items) {
      java.time.Instant start = startOf.apply(item);
      if (start == null || start.isAfter(previous)) {
        return false;
      }
      previous = start;
    }
    return previous.isBefore(cutoff);
  }

  /**
   * Whether a listing has shown every run id in {@code ids} (each counted once, however many pages
   * repeat it).
   * @param items the items read so far
   * @param idOf an item's run id
   * @param ids the run ids wanted
   * @param <T> the item type
   * @return whether every wanted id was seen
   */
  public static <T> boolean seenAll(List<T> items, Function<T, String> idOf, java.util.Set<String> ids) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (T item : items) {
      String id = idOf.apply(item);
      if (ids.contains(id)) {
        seen.add(id);
      }
    }
    return seen.size() >= ids.size();
  }

}
