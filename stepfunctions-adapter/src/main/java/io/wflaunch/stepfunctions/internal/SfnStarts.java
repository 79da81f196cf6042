package io.wflaunch.stepfunctions.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.JsonText;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import io.wflaunch.spi.StartKey;
import io.wflaunch.spi.StartPrimitives;
import io.wflaunch.stepfunctions.StepFunctionsOptions;
import io.wflaunch.stepfunctions.internal.StateMachines.StateMachine;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Step Functions' pieces of the start protocol.
 *
 * <p>On a <b>Standard</b> state machine the key becomes the execution's name
 * ({@link SfnRules#executionNameFor}), and names are unique per state machine for 90 days: a start with
 * the name and input of a running execution returns that execution, and one whose execution has closed
 * (or has other input) is refused with ExecutionAlreadyExists ({@link Dedupe#TOKEN}, and
 * {@link #alreadyStarted}). The execution's ARN follows from the state machine's and the name, so a
 * look-up is one DescribeExecution: the execution with the key's name is this start's run when it was
 * started through the same version or alias with the same input, and a {@link ConflictException}
 * naming it otherwise. A name chosen in the options would be a key the protocol does not know, so it is
 * refused here: the key is the name.
 *
 * <p>An <b>Express</b> state machine (or one of a type this SDK does not know) is taken to deduplicate
 * nothing, and its executions cannot be described or listed ({@link Dedupe#NONE}, no look-up): the
 * protocol never sends a start again after an unknown outcome, and a start under a caller's key is
 * refused, as nothing could find its execution again.
 *
 * <p>Every request these pieces send (StartExecution, DescribeExecution, and ListStateMachines and
 * DescribeStateMachine where the state machine is resolved or its type read again) carries the start's
 * request timeout, and none is begun that could end after its deadline ({@link SendLimits}).
 */
public final class SfnStarts implements StartPrimitives<SfnStarts.Prepared> {

  /**
   * A start ready to send.
   *
   * @param target the target
   * @param stateMachine the resolved state machine
   * @param request the StartExecution request, with its name and input
   * @param executionArn the ARN the execution has (Standard) or null (Express, whose ARN the start returns)
   * @param sent set once StartExecution was sent
   * @param typeConfirmed set once a look-up after a send found the state machine still Standard
   */
  public record Prepared(WorkflowTarget target, StateMachine stateMachine, StartExecutionRequest request,
      String executionArn, AtomicBoolean sent, AtomicBoolean typeConfirmed) {}

  private static final Logger log = LoggerFactory.getLogger(SfnStarts.class);

  private final String backendId;
  private final SfnCalls calls;
  private final StateMachines stateMachines;
  private final SendLimits limits;

  public SfnStarts(String backendId, SfnCalls calls, StateMachines stateMachines, SendLimits limits) {
    this.backendId = backendId;
    this.calls = calls;
    this.stateMachines = stateMachines;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public Dedupe dedupe(Prepared prepared) {
    return prepared.stateMachine().standard() ? Dedupe.TOKEN : Dedupe.NONE;
  }

  @Override
  public boolean canLookUp(Prepared prepared) {
    return prepared.stateMachine().standard();
  }

  @Override
  public CompletableFuture<Prepared> prepare(StartRunRequest request, StartKey key) {
    WorkflowTarget target = request.target();
    StepFunctionsOptions options = optionsOf(request);
    return stateMachines.resolve(calls, target, Optional.of(limits)).thenApply(stateMachine -> {
      if (!stateMachine.standard() && key.fromCaller()) {
        throw new InvalidRequestException(ErrorContext.of(target), "idempotencyKey", "cannot be honoured on state "
            + "machine " + stateMachine.arn() + ", " + typeOf(stateMachine) + ": its executions are not deduplicated "
            + "by name and cannot be described or listed, so nothing could find the key's execution again; start "
            + "without a key (each start call still starts at most one execution)");
      }
      if (stateMachine.standard() && options.executionName().isPresent()) {
        throw new InvalidRequestException(ErrorContext.of(target), "options.executionName", "must be absent on "
            + "Standard state machine " + stateMachine.arn() + ": there the name makes a start idempotent, so it is "
            + "the idempotency key; give the name as idempotencyKey (a key of 1 to 80 characters of [0-9A-Za-z_-] is "
            + "the execution's name as it is)");
      }
      String name = options.executionName().orElseGet(() -> SfnRules.executionNameFor(key.value()));
      StartExecutionRequest start = StartExecutionRequest.builder()
          .stateMachineArn(stateMachine.arn())
          .name(name)
          .input(inputOf(request))
          .traceHeader(options.traceHeader().orElse(null))
          .build();
      return new Prepared(target, stateMachine, start,
          stateMachine.standard() ? stateMachine.parts().executionArn(name) : null, new AtomicBoolean(),
          new AtomicBoolean());
    });
  }

  /**
   * DescribeExecution of the ARN the key's name gives: the execution when it was started through the
   * same target with the same input, empty when there is none (yet: DescribeExecution is eventually
   * consistent), a conflict otherwise. The first time it finds nothing after the start was sent, it also
   * reads the state machine's type past the cache: a state machine recreated as Express since its type
   * was cached would make every look-up find nothing and the start be sent again.
   */
  @Override
  public CompletableFuture<Optional<RunHandle>> lookUp(Prepared prepared) {
    if (prepared.executionArn() == null) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("Express executions cannot be looked up"));
    }
    DescribeExecutionRequest describe = DescribeExecutionRequest.builder().executionArn(prepared.executionArn()).build();
    return calls.describeOnce(describe, limits).handle((execution, failure) -> {
      if (failure != null) {
        if (AsyncSupport.unwrap(failure) instanceof ExecutionDoesNotExistException) {
          return absent(prepared);
        }
        throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
      }
      RunHandle handle = SfnRules.handleOf(backendId, prepared.target(), execution.executionArn());
      String startedThrough = qualifierOf(execution);
      String wanted = prepared.stateMachine().parts().qualifier();
      String other = !Objects.equals(startedThrough, wanted)
          ? "started through " + (startedThrough == null ? "the state machine itself" : startedThrough)
              + " rather than " + (wanted == null ? "the state machine itself" : wanted)
          : execution.input() == null ? "whose input Step Functions did not return, so it cannot be compared"
          : !execution.input().equals(prepared.request().input()) ? "started with other input" : null;
      if (other != null) {
        throw new ConflictException(ErrorContext.of(prepared.target()), "the start's execution name "
            + prepared.request().name() + " is taken by execution " + handle + ", " + other + "; an idempotency key "
            + "names one start of one request (the same target and the same input, compared as text)", null);
      }
      return CompletableFuture.completedFuture(Optional.of(handle));
    }).thenCompose(found -> found);
  }

  /** No execution by the key's name: absent, unless the state machine is no longer the Standard one it was. */
  private CompletableFuture<Optional<RunHandle>> absent(Prepared prepared) {
    if (!prepared.sent().get() || prepared.typeConfirmed().get()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    ErrorContext context = ErrorContext.of(prepared.target());
    return stateMachines.currentType(calls, prepared.stateMachine(), context, limits).thenApply(type -> {
      if (type != StateMachineType.STANDARD) {
        stateMachines.forget(prepared.target());
        throw new ConflictException(context, "state machine " + prepared.stateMachine().arn() + " is no longer the "
            + "Standard state machine it was when the start was prepared (it is " + (type == StateMachineType.EXPRESS
                ? "Express" : "of a type this SDK does not know") + " now), so its executions "
            + "cannot be found by name", null);
      }
      prepared.typeConfirmed().set(true);
      return Optional.<RunHandle>empty();
    });
  }

  @Override
  public CompletableFuture<RunHandle> startOnce(Prepared prepared) {
    prepared.sent().set(true);
    return calls.startOnce(prepared.request(), limits).handle((response, failure) -> {
      if (failure != null) {
        if (AsyncSupport.unwrap(failure) instanceof StateMachineDoesNotExistException) {
          stateMachines.forget(prepared.target());
        }
        throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
      }
      if (prepared.executionArn() != null && !prepared.executionArn().equals(response.executionArn())) {
        // The state machine is not the Standard one that was cached (recreated as Express, say).
        stateMachines.forget(prepared.target());
        log.warn("Step Functions started {} for {}, not the Standard execution {} expected; the state machine's "
            + "type is read again for the next start", response.executionArn(), prepared.target(),
            prepared.executionArn());
      }
      return SfnRules.handleOf(backendId, prepared.target(), response.executionArn());
    });
  }

  @Override
  public boolean alreadyStarted(Throwable failure) {
    return AsyncSupport.unwrap(failure) instanceof ExecutionAlreadyExistsException;
  }

  @Override
  public RuntimeException mapFailure(Throwable failure, ErrorContext context, Operation operation) {
    RuntimeException mapped = SfnErrors.map(failure, context, operation);
    if (mapped instanceof WorkflowNotFoundException) {
      context.target().ifPresent(stateMachines::forget);
    }
    return mapped;
  }

  /** The version or alias an execution was started through: the alias's name, or the version's number, or null. */
  static String qualifierOf(DescribeExecutionResponse execution) {
    String through = execution.stateMachineAliasArn() != null ? execution.stateMachineAliasArn()
        : execution.stateMachineVersionArn();
    return through == null ? null : SfnRules.stateMachineArn(through).map(SfnRules.StateMachineArn::qualifier)
        .orElse(through);
  }

  private static String typeOf(StateMachine stateMachine) {
    return stateMachine.type() == StateMachineType.EXPRESS ? "an Express state machine"
        : "of a type this SDK does not know";
  }

  /** The request's input: its raw input, or its parameters as one JSON object of strings ({@code {}} for none). */
  public static String inputOf(StartRunRequest request) {
    return request.input().orElseGet(() -> JsonText.encode(request.parameters()));
  }

  /** The request's options, or none. */
  public static StepFunctionsOptions optionsOf(StartRunRequest request) {
    return request.options(StepFunctionsOptions.class).orElse(StepFunctionsOptions.NONE);
  }
}
