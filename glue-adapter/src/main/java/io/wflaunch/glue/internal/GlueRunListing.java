package io.wflaunch.glue.internal;

import io.wflaunch.spi.SendLimits;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The newest-first run listing of one workflow or job (GetWorkflowRuns, GetJobRuns), read page by page.
 *
 * @param <R> the SDK's run type
 */
public interface GlueRunListing<R> {

  /** Reads pages of the named workflow's or job's runs until {@code enough} holds, there are no more, or {@code maxPages}. */
  CompletableFuture<List<R>> runs(String name, int pageSize, int maxPages, Predicate<List<R>> enough);

  /** As {@link #runs(String, int, int, Predicate)}, counting the pages requested in {@code pages}. */
  CompletableFuture<List<R>> runs(String name, int pageSize, int maxPages, Predicate<List<R>> enough,
      AtomicInteger pages);

  /**
   * A look-up's pages, as {@link #runs} reads them, each sent exactly once with the request timeout of
   * {@code limits}, and none begun that would end after its deadline.
   */
  CompletableFuture<List<R>> runsOnce(String name, int pageSize, int maxPages, Predicate<List<R>> enough,
      SendLimits limits);
}
