package io.wflaunch.stepfunctions.internal;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import io.wflaunch.spi.Operation;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.KmsThrottlingException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * Step Functions' errors in terms of wflaunch's exceptions: the rows every AWS adapter shares, the
 * table of every error StartExecution, DescribeExecution, StopExecution, RedriveExecution, ListExecutions,
 * ListStateMachines and DescribeStateMachine model, then the common mapping (throttling, 5xx, access
 * denied, network failures).
 */
public final class SfnErrors {

  private SfnErrors() {}

  /** The table, checked in order; the first matching type wins. */
  public static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of(
      new Row<>(ExecutionDoesNotExistException.class, (c, op, d, e) -> new RunNotFoundException(c, d, e)),
      new Row<>(StateMachineDoesNotExistException.class, (c, op, d, e) -> new WorkflowNotFoundException(c, d, e)),
      new Row<>(StateMachineDeletingException.class, (c, op, d, e) -> new WorkflowNotFoundException(c,
          "the state machine is being deleted: " + d, e)),
      new Row<>(ResourceNotFoundException.class, (c, op, d, e) -> op.aboutWorkflow()
          ? new WorkflowNotFoundException(c, d, e)
          : new RunNotFoundException(c, d, e)),
      new Row<>(ExecutionAlreadyExistsException.class, (c, op, d, e) -> new ConflictException(c,
          "the execution name is taken, by an execution with other input or one that has closed and that "
              + "DescribeExecution did not show (it is eventually consistent: if it is the key's own execution, "
              + "a later start with the key returns it): " + d, e)),
      new Row<>(ExecutionNotRedrivableException.class, (c, op, d, e) -> new ConflictException(c,
          "Step Functions cannot redrive the execution (it is open or succeeded, was redriven by a Map Run, or its "
              + "14 days have passed): " + d, e)),
      new Row<>(ExecutionLimitExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "the account's limit of open executions is reached; it clears as executions end: " + d, true, e)),
      new Row<>(ServiceQuotaExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "a Step Functions quota is reached: " + d, false, e)),
      new Row<>(InvalidArnException.class, (c, op, d, e) -> new InvalidRequestException(c,
          op.aboutWorkflow() ? "stateMachine" : "executionArn", "was refused by Step Functions as an ARN: " + d, e)),
      new Row<>(InvalidNameException.class, (c, op, d, e) -> new InvalidRequestException(c, "name",
          "(the execution's name, from the idempotency key or options.executionName) was refused by Step "
              + "Functions: " + d, e)),
      // The service's message about the input can quote it, and input may hold secrets: it is not repeated.
      new Row<>(InvalidExecutionInputException.class, (c, op, d, e) -> new InvalidRequestException(c, "input",
          "was refused by Step Functions (InvalidExecutionInput; its message, which can quote the input, is not "
              + "repeated here)", e)),
      new Row<>(InvalidTokenException.class, (c, op, d, e) -> new InvalidRequestException(c, "nextToken",
          "was refused by Step Functions: " + d, e)),
      new Row<>(ValidationException.class, (c, op, d, e) -> new InvalidRequestException(c, "request",
          "was refused by Step Functions" + (((ValidationException) e).reasonAsString() == null ? ""
              : " (" + ((ValidationException) e).reasonAsString() + ")") + ": " + d, e)),
      new Row<>(StateMachineTypeNotSupportedException.class, (c, op, d, e) -> new OperationNotSupportedException(c,
          methodOf(op), "Step Functions does not support it for this type of state "
              + "machine (Express executions are neither listed nor described): " + d)),
      new Row<>(KmsThrottlingException.class, (c, op, d, e) -> new ThrottledException(c,
          "KMS throttled the state machine's key: " + d, e)),
      new Row<>(KmsAccessDeniedException.class, (c, op, d, e) -> new AccessDeniedException(c,
          "the caller may not use the state machine's KMS key: " + d, e)),
      new Row<>(KmsInvalidStateException.class, (c, op, d, e) -> new InvalidRequestException(c,
          op.aboutWorkflow() ? "stateMachine" : "executionArn",
          "is encrypted with a KMS key that cannot be used (disabled, or pending deletion or import): " + d, e))));

  /** The launcher method an operation is. */
  static String methodOf(Operation operation) {
    return switch (operation) {
      case START -> "start";
      case GET_RUN -> "getRun";
      case GET_RUNS -> "getRuns";
      case STOP -> "stop";
      case LIST_RUNS -> "listRuns";
      case RETRY -> "retry";
      case LOOK_UP -> "start (its look-up by key)";
    };
  }

  /** Maps a failure of a Step Functions call with {@link #TABLE}. */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    return TABLE.map(failure, context, operation);
  }
}
