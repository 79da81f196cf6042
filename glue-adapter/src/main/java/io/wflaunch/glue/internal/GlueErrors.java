package io.wflaunch.glue.internal;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.spi.AsyncSupport;
import io.wflaunch.spi.Failures;
import io.wflaunch.spi.Operation;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.IllegalWorkflowStateException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.OperationTimeoutException;
import software.amazon.awssdk.services.glue.model.ResourceNumberLimitExceededException;

/** Glue's errors in terms of wflaunch's exceptions: one table, then the common mapping. */
public final class GlueErrors {

  private GlueErrors() {}

  /** Maps one Glue exception type. */
  @FunctionalInterface
  interface Mapper {
    WorkflowLaunchException map(ErrorContext context, Operation operation, String detail, SdkException cause);
  }

  /** One row of the table. */
  record Rule(Class<? extends SdkException> type, Mapper mapper) {}

  /** The table, checked in order; the first matching type wins. */
  static final List<Rule> RULES = List.of(
      new Rule(EntityNotFoundException.class, (c, op, d, e) -> op == Operation.START || op == Operation.LIST_RUNS
          ? new WorkflowNotFoundException(c, d, e)
          : new RunNotFoundException(c, d, e)),
      new Rule(InvalidInputException.class, (c, op, d, e) -> new InvalidRequestException(c, "request",
          "was refused by Glue: " + d, e)),
      new Rule(ConcurrentRunsExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "the workflow's MaxConcurrentRuns is reached: " + d, true, e)),
      new Rule(ResourceNumberLimitExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "a Glue resource quota is reached: " + d, false, e)),
      new Rule(IllegalWorkflowStateException.class, (c, op, d, e) -> new ConflictException(c, d, e)),
      new Rule(InternalServiceException.class, (c, op, d, e) -> Failures.unavailable(c, op, d, e)),
      new Rule(OperationTimeoutException.class, (c, op, d, e) -> Failures.unavailable(c, op, d, e)),
      new Rule(software.amazon.awssdk.services.glue.model.AccessDeniedException.class,
          (c, op, d, e) -> new AccessDeniedException(c, d, e)));

  /**
   * Maps a failure of a Glue call. wflaunch exceptions pass through; SDK exceptions are mapped by the
   * table and then by {@link Failures#unclassified}; anything else passes through unchanged.
   */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    Throwable error = AsyncSupport.unwrap(failure);
    if (!(error instanceof SdkException sdk)) {
      return error instanceof RuntimeException runtime
          ? runtime
          : new WorkflowLaunchException(context, String.valueOf(error), false, error);
    }
    ErrorContext withResponse = context;
    if (sdk instanceof SdkServiceException service) {
      withResponse = withResponse.withHttpStatus(service.statusCode()).withRequestId(service.requestId());
    }
    String detail = detail(sdk);
    for (Rule rule : RULES) {
      if (rule.type().isInstance(sdk)) {
        return rule.mapper().map(withResponse, operation, detail, sdk);
      }
    }
    boolean throttling = sdk instanceof AwsServiceException aws && aws.isThrottlingException();
    return Failures.unclassified(withResponse, operation, detail, throttling, sdk);
  }

  private static String detail(SdkException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      return (code == null ? "" : code + ": ") + shorten(message == null ? "" : message);
    }
    return shorten(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static String shorten(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
