package io.wflaunch.emrserverless.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.emrserverless.EmrServerlessOptions;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * EMR Serverless's pieces of the start protocol. The key becomes StartJobRun's client token (a key that is
 * a valid token as it is, else {@code wfl-} and 60 hex digits of its SHA-256; a keyless start's generated
 * key, one per call, reused by that call's attempts only), and EMR Serverless answers a repeated token
 * with the job run it already started ({@link Dedupe#TOKEN}): after an unknown outcome the protocol sends
 * the same request again instead of looking (ListJobRuns does not show tokens).
 */
public final class EmrStarts implements StartPrimitives<StartJobRunRequest> {

  private final String backendId;
  private final EmrCalls calls;
  private final EmrServerlessOptions defaults;
  private final SendLimits limits;

  public EmrStarts(String backendId, EmrCalls calls, EmrServerlessOptions defaults, SendLimits limits) {
    this.backendId = backendId;
    this.calls = calls;
    this.defaults = defaults;
    this.limits = limits;
  }

  @Override
  public Dedupe dedupe(StartJobRunRequest prepared) {
    return Dedupe.TOKEN;
  }

  @Override
  public boolean canLookUp(StartJobRunRequest prepared) {
    return false;
  }

  @Override
  public CompletableFuture<StartJobRunRequest> prepare(StartRunRequest request, StartKey key) {
    EmrServerlessOptions options = EmrRules.checkRequest(request, defaults, backendId);
    return CompletableFuture.completedFuture(EmrRules.startRequest(request.target().part(0), request, options,
        EmrRules.clientTokenFor(key.value())));
  }

  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(StartJobRunRequest prepared) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("EMR Serverless job runs cannot be found by "
        + "client token"));
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(StartJobRunRequest prepared) {
    return calls.startOnce(prepared, limits).thenApply(response -> {
      RunHandle handle = RunHandle.of(backendId, response.applicationId(), response.jobRunId());
      if (!prepared.applicationId().equals(response.applicationId())) {
        throw new ConflictException(ErrorContext.of(handle), "the start's client token already names job run " + handle
            + " of another application; an idempotency key names one run of one application", null);
      }
      return handle;
    });
  }

  @Override
  public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    return EmrErrors.map(failure, context, operation);
  }
}
