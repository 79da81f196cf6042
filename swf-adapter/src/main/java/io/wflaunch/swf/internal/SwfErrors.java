package io.wflaunch.swf.internal;

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
import io.wflaunch.spi.Operation;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.swf.model.DefaultUndefinedException;
import software.amazon.awssdk.services.swf.model.DomainDeprecatedException;
import software.amazon.awssdk.services.swf.model.OperationNotPermittedException;
import software.amazon.awssdk.services.swf.model.TooManyTagsException;
import software.amazon.awssdk.services.swf.model.TypeDeprecatedException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;

/**
 * SWF's faults in terms of wflaunch's exceptions: the rows every AWS adapter shares, SWF's own table,
 * then the common mapping.
 */
public final class SwfErrors {

  /** The start options a DefaultUndefinedFault can be about. */
  private static final List<String> DEFAULTABLE = List.of(
      "executionStartToCloseTimeout", "taskStartToCloseTimeout", "taskList", "childPolicy", "lambdaRole");

  private SwfErrors() {}

  /** The table, checked in order; the first matching type wins. */
  public static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of(
      new Row<>(UnknownResourceException.class, (c, op, d, e) -> op.aboutWorkflow()
          ? new WorkflowNotFoundException(c, d, e)
          : new RunNotFoundException(c, d, e)),
      new Row<>(TypeDeprecatedException.class, (c, op, d, e) -> new InvalidRequestException(c, "target",
          "names a deprecated workflow type: " + d, e)),
      new Row<>(DomainDeprecatedException.class, (c, op, d, e) -> new InvalidRequestException(c, "target",
          "names a deprecated domain: " + d, e)),
      new Row<>(DefaultUndefinedException.class, (c, op, d, e) -> new InvalidRequestException(c, missingDefault(d),
          "has no default registered on the workflow type, so the start must set it in SwfOptions: " + d, e)),
      new Row<>(TooManyTagsException.class, (c, op, d, e) -> new InvalidRequestException(c, "options.tagList",
          "has too many tags: " + d, e)),
      new Row<>(software.amazon.awssdk.services.swf.model.LimitExceededException.class,
          (c, op, d, e) -> new LimitExceededException(c, d, false, e)),
      new Row<>(OperationNotPermittedException.class, (c, op, d, e) -> new AccessDeniedException(c, d, e)),
      new Row<>(WorkflowExecutionAlreadyStartedException.class, (c, op, d, e) -> new ConflictException(c, d, e))));

  /** Maps a failure of an SWF call with {@link #TABLE}. */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    return TABLE.map(failure, context, operation);
  }

  static String missingDefault(String detail) {
    for (String option : DEFAULTABLE) {
      if (detail.contains(option)) {
        return "options." + option;
      }
    }
    return "options";
  }
}
