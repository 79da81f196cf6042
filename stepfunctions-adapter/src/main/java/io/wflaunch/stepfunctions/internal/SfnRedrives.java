package io.wflaunch.stepfunctions.internal;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.Failures;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionRequest;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * A retry of a Step Functions execution: RedriveExecution, which re-runs a failed, aborted or timed-out
 * Standard execution from where it failed, in place (the same execution, so the same handle), within 14
 * days of its stop. DescribeExecution first says whether it may be redriven; the redrive's client token is
 * derived from the execution's ARN and the redrive count that read showed, so that every retry of one
 * failure (concurrent, repeated, in other processes) sends one token and Step Functions redrives it once,
 * while a later failure of the redriven execution is redriven again under the next count. A redrive whose
 * answer did not come is settled by reading the execution again: a higher redrive count is its redrive.
 */
public final class SfnRedrives {

  private SfnRedrives() {}

  /**
   * The client token of a redrive of an execution that has been redriven {@code redriveCount} times:
   * {@code wfl-} and 60 hex digits of the SHA-256 of both (64 characters, the model's most).
   */
  public static String clientTokenFor(String executionArn, int redriveCount) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((executionArn + "#redrive#" + redriveCount).getBytes(StandardCharsets.UTF_8));
      return "wfl-" + HexFormat.of().formatHex(digest).substring(0, 60);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Redrives the execution {@code arn} names, for a retry asked through {@code asked}.
   *
   * @param calls the transport
   * @param asked the handle the retry was asked for, which it answers with
   * @param arn the handle's ARN form
   * @return {@code asked} once the execution is redriven (or was already after this failure); or the
   *     failure, mapped
   */
  public static CompletableFuture<RunHandle> retry(SfnCalls calls, RunHandle asked, RunHandle arn) {
    ErrorContext context = ErrorContext.of(asked);
    String executionArn = arn.part(0);
    if (SfnRules.isExpressExecution(executionArn)) {
      return CompletableFuture.failedFuture(new OperationNotSupportedException(context, "retry", "Step Functions "
          + "redrives Standard executions only; an Express execution cannot be redriven"));
    }
    return describe(calls, executionArn, context).thenCompose(execution -> {
      int count = execution.redriveCount() == null ? 0 : execution.redriveCount();
      ExecutionStatus status = execution.status();
      if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE) {
        if (count > 0) {
          return CompletableFuture.completedFuture(asked);
        }
        throw new ConflictException(context, "the execution is still running and was never redriven: only a run "
            + "that failed, was stopped or timed out can be re-run", null);
      }
      if (status == ExecutionStatus.SUCCEEDED) {
        throw new ConflictException(context, "the run succeeded: only a run that failed, was stopped or timed out "
            + "can be re-run", null);
      }
      if (status != ExecutionStatus.FAILED && status != ExecutionStatus.TIMED_OUT && status != ExecutionStatus.ABORTED) {
        throw new ConflictException(context, "the execution's status " + UserText.quote(execution.statusAsString())
            + " is not one Step Functions redrives (FAILED, TIMED_OUT, ABORTED)", null);
      }
      if (execution.redriveStatus() == ExecutionRedriveStatus.NOT_REDRIVABLE) {
        throw new ConflictException(context, "Step Functions cannot redrive the execution"
            + (execution.redriveStatusReason() == null ? "" : ": " + UserText.cut(execution.redriveStatusReason(), 300)),
            null);
      }
      if (execution.redriveStatus() == ExecutionRedriveStatus.REDRIVABLE_BY_MAP_RUN) {
        throw new ConflictException(context, "the execution is a Map Run's child, which its Map Run redrives: "
            + "redrive the Map Run's parent execution", null);
      }
      RedriveExecutionRequest request = RedriveExecutionRequest.builder().executionArn(executionArn)
          .clientToken(clientTokenFor(executionArn, count)).build();
      return calls.redrive(request).handle((done, failure) -> failure == null
              ? CompletableFuture.completedFuture(asked)
              : settle(calls, asked, executionArn, count, AsyncSupport.unwrap(failure)))
          .thenCompose(next -> next);
    });
  }

  /**
   * After a redrive that failed: its redrive when the execution now shows a higher count; else the
   * failure, whose outcome is known only when Step Functions refused the request (a modelled error).
   */
  private static CompletableFuture<RunHandle> settle(SfnCalls calls, RunHandle asked, String executionArn, int count,
      Throwable failure) {
    ErrorContext context = ErrorContext.of(asked);
    boolean refused = failure instanceof ExecutionNotRedrivableException || failure instanceof ExecutionDoesNotExistException
        || failure instanceof InvalidArnException || failure instanceof ValidationException
        || failure instanceof ExecutionLimitExceededException;
    boolean mayHaveActed = !refused && !Failures.neverReachedService(failure);
    return calls.describe(DescribeExecutionRequest.builder().executionArn(executionArn).build())
        .handle((execution, readFailure) -> {
          if (execution != null && execution.redriveCount() != null && execution.redriveCount() > count) {
            return asked;
          }
          throw SfnErrors.map(failure, context.withOutcomeUnknown(mayHaveActed), Operation.RETRY);
        });
  }

  private static CompletableFuture<DescribeExecutionResponse> describe(SfnCalls calls, String executionArn,
      ErrorContext context) {
    return AsyncSupport.mapFailure(calls.describe(DescribeExecutionRequest.builder().executionArn(executionArn).build()),
        e -> SfnErrors.map(e, context, Operation.GET_RUN));
  }
}
