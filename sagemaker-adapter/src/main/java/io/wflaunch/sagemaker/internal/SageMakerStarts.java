package io.wflaunch.sagemaker.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.sagemaker.SageMakerOptions;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;

/**
 * SageMaker's pieces of the start protocol. The key becomes the ClientRequestToken
 * ({@link SageMakerRules#startToken}: one token per pipeline and key; a keyless start's generated key
 * gives one token per call), and SageMaker completes a request with a token no more than once
 * ({@link Dedupe#TOKEN}): the protocol sends the same start again after an unknown outcome instead of
 * looking (ListPipelineExecutions does not show tokens).
 */
public final class SageMakerStarts implements StartPrimitives<SageMakerStarts.Prepared> {

  /** A start ready to send: the target and the request with its token. */
  public record Prepared(WorkflowTarget target, StartPipelineExecutionRequest request) {}

  private final String backendId;
  private final SageMakerCalls calls;
  private final SendLimits limits;

  public SageMakerStarts(String backendId, SageMakerCalls calls, SendLimits limits) {
    this.backendId = backendId;
    this.calls = calls;
    this.limits = limits;
  }

  @Override
  public Dedupe dedupe(Prepared prepared) {
    return Dedupe.TOKEN;
  }

  @Override
  public boolean canLookUp(Prepared prepared) {
    return false;
  }

  @Override
  public CompletableFuture<Prepared> prepare(StartRunRequest request, StartKey key) {
    return CompletableFuture.completedFuture(new Prepared(request.target(), request(request, key)));
  }

  /** The StartPipelineExecution request of a start under {@code key}. */
  public static StartPipelineExecutionRequest request(StartRunRequest request, StartKey key) {
    WorkflowTarget target = request.target();
    StartPipelineExecutionRequest.Builder builder = StartPipelineExecutionRequest.builder()
        .pipelineName(target.part(0))
        .clientRequestToken(SageMakerRules.startToken(target, key.value()));
    if (!request.parameters().isEmpty()) {
      builder.pipelineParameters(request.parameters().entrySet().stream()
          .map(e -> Parameter.builder().name(e.getKey()).value(e.getValue()).build()).toList());
    }
    Optional<SageMakerOptions> options = request.options(SageMakerOptions.class);
    options.flatMap(SageMakerOptions::displayName).ifPresent(builder::pipelineExecutionDisplayName);
    options.flatMap(SageMakerOptions::description).ifPresent(builder::pipelineExecutionDescription);
    options.flatMap(SageMakerOptions::maxParallelExecutionSteps)
        .ifPresent(steps -> builder.parallelismConfiguration(p -> p.maxParallelExecutionSteps(steps)));
    return builder.build();
  }

  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("SageMaker pipeline executions cannot be found by client token"));
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
    WorkflowTarget target = prepared.target();
    return calls.startOnce(prepared.request(), limits.requestTimeout()).thenApply(response -> {
      RunHandle handle = SageMakerRules.handleOf(backendId, response.pipelineExecutionArn());
      // ARNs may spell the pipeline in lower case; a token is per pipeline, so another pipeline here is a bug.
      if (!handle.part(2).toLowerCase(Locale.ROOT).equals(target.part(0).toLowerCase(Locale.ROOT))) {
        throw new ConflictException(ErrorContext.of(target), "the start's client token already names execution "
            + handle + " of another pipeline; an idempotency key names one execution of one pipeline", null);
      }
      return handle;
    });
  }

  @Override
  public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    return SageMakerErrors.map(failure, context, operation);
  }
}
