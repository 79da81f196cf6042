package io.wflaunch.glue.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartPrimitives;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What Glue workflows' and jobs' pieces of the start protocol share. Neither StartWorkflowRun nor
 * StartJobRun takes a client token, so the key travels with the run (a run property, a job argument)
 * and only a look-up through the run listing finds the run again ({@link Dedupe#NONE}).
 *
 * @param <P> the prepared start
 * @param <R> the SDK's run type
 */
abstract class GlueKeyedStarts<P, R> implements StartPrimitives<P> {

  private final String backendId;
  private final GlueRunListing<R> calls;
  private final GlueRunReads<R> reads;
  private final Clock clock;
  private final SendLimits limits;

  GlueKeyedStarts(String backendId, GlueRunListing<R> calls, GlueRunReads<R> reads, Clock clock, SendLimits limits) {
    this.backendId = backendId;
    this.calls = calls;
    this.reads = reads;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public final Dedupe dedupe(P prepared) {
    return Dedupe.NONE;
  }

  @Override
  public final boolean canLookUp(P prepared) {
    return true;
  }

  @Override
  public final RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    return GlueErrors.map(failure, context, operation);
  }

  /** The limits each start request is sent within. */
  final SendLimits limits() {
    return limits;
  }

  /** The handle of a run of the target's workflow or job. */
  final RunHandle handle(WorkflowTarget target, String runId) {
    return RunHandle.of(backendId, target.part(0), runId);
  }

  /**
   * The newest run of the target started within {@code lookBack} that carries {@code key} under
   * {@code keyName}, as {@link GlueRunReads#findByKey} finds it.
   */
  final CompletableFuture<Optional<RunHandle>> findByKey(WorkflowTarget target, String keyName, String key,
      String hashName, String sentHash, Duration lookBack, int pageSize, int scanPageLimit) {
    return reads.findByKey(calls, backendId, target, keyName, key, hashName, sentHash, clock.instant().minus(lookBack),
        pageSize, scanPageLimit, limits);
  }
}
