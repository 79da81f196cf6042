package io.wflaunch.codecatalyst.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;

/**
 * CodeCatalyst's pieces of the start protocol. The key becomes the client token (a caller's key itself
 * when it is a valid token, else {@code wfl-} and its SHA-256; a generated key as it is), and
 * CodeCatalyst answers a repeated token with the run it already started ({@link Dedupe#TOKEN}): the
 * protocol sends the same start again after an unknown outcome instead of looking (ListWorkflowRuns does
 * not show tokens). A token's run that belongs to another workflow is a {@link ConflictException}: a key
 * names one run of one workflow.
 */
public final class CodeCatalystStarts implements StartPrimitives<CodeCatalystStarts.Prepared> {

  /** A start ready to send: the target and the request with its resolved workflow id and token. */
  public record Prepared(WorkflowTarget target, StartWorkflowRunRequest request) {}

  private final String backendId;
  private final CodeCatalystCalls calls;
  private final Function<WorkflowTarget, CompletableFuture<String>> resolve;
  private final Consumer<WorkflowTarget> workflowGone;
  private final SendLimits limits;

  /**
   * Creates the primitives.
   *
   * @param backendId the backend id, for handles
   * @param calls the transport
   * @param resolve the workflow id a target names (its id, or its name resolved); failures mapped
   * @param workflowGone called when a start finds the workflow gone, to drop cached names
   * @param limits the start's request timeout and deadline
   */
  public CodeCatalystStarts(String backendId, CodeCatalystCalls calls,
      Function<WorkflowTarget, CompletableFuture<String>> resolve, Consumer<WorkflowTarget> workflowGone,
      SendLimits limits) {
    this.limits = limits;
    this.backendId = backendId;
    this.calls = calls;
    this.resolve = resolve;
    this.workflowGone = workflowGone;
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
    WorkflowTarget target = request.target();
    String token = key.generated() ? key.value() : CodeCatalystRules.clientTokenFor(key.value());
    return resolve.apply(target).thenApply(workflowId -> new Prepared(target, StartWorkflowRunRequest.builder()
        .spaceName(target.part(0)).projectName(target.part(1)).workflowId(workflowId).clientToken(token).build()));
  }

  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("CodeCatalyst runs cannot be found by token"));
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
    WorkflowTarget target = prepared.target();
    return calls.startOnce(prepared.request(), limits.requestTimeout()).handle((response, failure) -> {
      if (failure != null) {
        if (AsyncSupport.unwrap(failure) instanceof ResourceNotFoundException) {
          workflowGone.accept(target);
        }
        throw AsyncSupport.unwrap(failure) instanceof RuntimeException runtime ? runtime
            : new java.util.concurrent.CompletionException(failure);
      }
      RunHandle handle = RunHandle.of(backendId, target.part(0), target.part(1), response.workflowId(), response.id());
      if (!prepared.request().workflowId().equals(response.workflowId())) {
        throw new ConflictException(ErrorContext.of(target), "the start's client token already names run " + handle
            + " of another workflow; an idempotency key names one run of one workflow", null);
      }
      return handle;
    });
  }

  @Override
  public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    return CodeCatalystErrors.map(failure, context, operation);
  }
}
