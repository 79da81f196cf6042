package io.wflaunch.sagemaker.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * SageMaker's errors in terms of wflaunch's exceptions: the rows every AWS adapter shares, then the
 * modelled exceptions of the five pipeline operations the adapter calls (ResourceNotFound,
 * ResourceLimitExceeded, ConflictException; ResourceInUse, which SageMaker raises for other resources, for
 * completeness) and SageMaker's unmodelled {@code ValidationException}, which it (and moto) also answers for
 * a pipeline or execution it cannot find.
 */
public final class SageMakerErrors {

  private SageMakerErrors() {}

  /** The table, checked in order; the first matching row wins. */
  public static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of(
      new Row<>(ResourceNotFoundException.class, (c, op, d, e) -> notFound(c, op, d, e)),
      new Row<>(ResourceLimitExceededException.class, (c, op, d, e) -> new LimitExceededException(c, d, false, e)),
      new Row<>(software.amazon.awssdk.services.sagemaker.model.ConflictException.class,
          (c, op, d, e) -> new ConflictException(c, d, e)),
      new Row<>(ResourceInUseException.class, (c, op, d, e) -> new ConflictException(c, d, e)),
      new Row<>(SageMakerException.class, e -> "ValidationException".equals(code(e)) && saysNotFound(e),
          (c, op, d, e) -> notFound(c, op, d, e)),
      new Row<>(SageMakerException.class, e -> "ValidationException".equals(code(e)),
          (c, op, d, e) -> new InvalidRequestException(c, "request", "was refused by SageMaker: " + d, e))));

  /** The call's result, or its failure mapped with {@link #map}. */
  public static <T> CompletableFuture<T> mapFailure(CompletableFuture<T> call, ErrorContext context,
      Operation operation) {
    return AsyncSupport.mapFailure(call, e -> map(e, context, operation));
  }

  /** Maps a failure of a SageMaker call with {@link #TABLE}. */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    return TABLE.map(failure, context, operation);
  }

  private static WorkflowLaunchException notFound(ErrorContext context, Operation operation, String detail,
      SdkException e) {
    return operation.aboutWorkflow() ? new WorkflowNotFoundException(context, detail, e)
        : new RunNotFoundException(context, detail, e);
  }

  private static String code(SdkException e) {
    return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode()
        : null;
  }

  private static boolean saysNotFound(SdkException e) {
    String message = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorMessage() != null ? aws.awsErrorDetails().errorMessage() : "";
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.startsWith("could not find") || lower.contains("does not exist");
  }
}
