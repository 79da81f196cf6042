package io.wflaunch.emrserverless.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.emrserverless.model.ValidationException;

/**
 * EMR Serverless's errors in terms of wflaunch's exceptions: the rows every AWS adapter shares, the
 * table of every error StartJobRun, GetJobRun, CancelJobRun and ListJobRuns model (ValidationException,
 * ResourceNotFoundException, ConflictException, InternalServerException; ServiceQuotaExceededException of
 * the service), then the common mapping (throttling, 5xx, access denied, network failures).
 */
public final class EmrErrors {

  private EmrErrors() {}

  /** The table, checked in order; the first matching type wins. */
  public static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of(
      new Row<>(ResourceNotFoundException.class, (c, op, d, e) -> op.aboutWorkflow()
          ? new WorkflowNotFoundException(c, d, e)
          : new RunNotFoundException(c, d, e)),
      new Row<>(software.amazon.awssdk.services.emrserverless.model.ConflictException.class,
          (c, op, d, e) -> new ConflictException(c, op == Operation.START
              ? "EMR Serverless refused the job run (the application's state, or a client token it saw with another "
                  + "request): " + d
              : d, e)),
      // The handle's ids passed the model's rules before CancelJobRun was sent: a refusal is about the run's state.
      new Row<>(ValidationException.class, (c, op, d, e) -> op == Operation.STOP
          ? new ConflictException(c, "EMR Serverless cannot cancel the job run in its state (it has ended): " + d, e)
          : new InvalidRequestException(c, "request", "was refused by EMR Serverless: " + d, e)),
      new Row<>(ServiceQuotaExceededException.class, (c, op, d, e) -> new LimitExceededException(c,
          "an EMR Serverless quota is reached: " + d, false, e))));

  /** The call's result, or its failure mapped with {@link #map}. */
  public static <T> CompletableFuture<T> mapFailure(CompletableFuture<T> call, ErrorContext context,
      Operation operation) {
    return AsyncSupport.mapFailure(call, e -> map(e, context, operation));
  }

  /** Maps a failure of an EMR Serverless call with {@link #TABLE}. */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    return TABLE.map(failure, context, operation);
  }
}
