package io.wflaunch.spi;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reading several runs: what one batched read shows, then one read for each of the others. One run is
 * read on its own (a listing would cost more); a run whose listing was throttled or unavailable fails
 * the read with that failure rather than being read again from a service that just refused.
 */
final class Reads {

  private Reads() {}

  static CompletableFuture<List<RunStatus>> all(List<RunHandle> handles,
      Function<List<RunHandle>, CompletableFuture<BatchRead>> batched,
      Function<RunHandle, CompletableFuture<RunStatus>> single) {
    List<RunHandle> distinct = List.copyOf(new LinkedHashSet<>(handles));
    if (distinct.size() == 1) {
      return single.apply(distinct.get(0)).thenApply(status -> handles.stream().map(handle -> status).toList());
    }
    return batched.apply(distinct).thenCompose(listed -> {
      if (!listed.failures().isEmpty()) {
        return CompletableFuture.failedFuture(listed.failures().values().iterator().next());
      }
      Map<RunHandle, CompletableFuture<RunStatus>> statuses = new LinkedHashMap<>();
      for (RunHandle handle : distinct) {
        RunStatus seen = listed.statuses().get(handle);
        statuses.put(handle, seen != null ? CompletableFuture.completedFuture(seen) : single.apply(handle));
      }
      return CompletableFuture.allOf(statuses.values().toArray(CompletableFuture[]::new))
          .thenApply(done -> handles.stream().map(handle -> statuses.get(handle).join()).toList());
    });
  }
}
