package io.wflaunch.benchmarks;

import io.wflaunch.RunHandle;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.spi.WorkflowBackend;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A backend without batched reads: the tracker then reads every run on its own, as per-run polling does. */
final class PerRunBackend extends Unclosed {

  PerRunBackend(WorkflowBackend delegate) {
    super(delegate);
  }

  @Override
  public CompletableFuture<BatchRead> readRunsAsync(List<RunHandle> handles, Optional<Instant> oldestStart,
      Executor executor) {
    return CompletableFuture.completedFuture(BatchRead.NONE);
  }
}
