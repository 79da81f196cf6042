package io.wflaunch.glue.internal;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import io.wflaunch.spi.support.Failures;
import io.wflaunch.spi.Operation;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.IllegalWorkflowStateException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.OperationTimeoutException;
import software.amazon.awssdk.services.glue.model.ResourceNumberLimitExceededException;

/**
 * Glue's errors in terms of wflaunch's exceptions: the rows every AWS adapter shares, Glue's own table,
 * then the common mapping.
 */
public final class GlueErrors {

  private GlueErrors() {}

  /** The table, checked in order; the first matching type wins. */
  public static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of(
      new Row<>(EntityNotFoundException.class, (c, op, d, e) -> op.aboutWorkflow()
          ? new WorkflowNotFoundException(c, d, e)
          : new RunNotFoundException(c, d, e)),
      new Row<>(InvalidInputException.class, (c, op, d, e) -> new InvalidRequestException(c, "request",
          "was refused by Glue: " + d, e)),
      new Row<>(ConcurrentRunsExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "the MaxConcurrentRuns of the workflow or job is reached: " + d, true, e)),
      new Row<>(ResourceNumberLimitExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "a Glue resource quota is reached: " + d, false, e)),
      new Row<>(IllegalWorkflowStateException.class, (c, op, d, e) -> new ConflictException(c, d, e)),
      new Row<>(InternalServiceException.class, (c, op, d, e) -> Failures.unavailable(c, op, d, e)),
      new Row<>(OperationTimeoutException.class, (c, op, d, e) -> Failures.unavailable(c, op, d, e)),
      new Row<>(software.amazon.awssdk.services.glue.model.AccessDeniedException.class,
          (c, op, d, e) -> new AccessDeniedException(c, d, e))));

  /** Maps a failure of a Glue call with {@link #TABLE}. */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    return TABLE.map(failure, context, operation);
  }
}
