package io.wflaunch.codecatalyst.internal;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.support.AsyncSupport;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import io.wflaunch.spi.Operation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.codecatalyst.model.ThrottlingException;
import software.amazon.awssdk.services.codecatalyst.model.ValidationException;

/**
 * CodeCatalyst's errors in terms of wflaunch's exceptions: the rows every AWS adapter shares,
 * CodeCatalyst's own table, then the common mapping.
 */
public final class CodeCatalystErrors {

  private CodeCatalystErrors() {}

  /** The table, checked in order; the first matching type wins. */
  public static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of(
      new Row<>(ThrottlingException.class, (c, op, d, e) -> new ThrottledException(c, d, e)),
      new Row<>(software.amazon.awssdk.services.codecatalyst.model.ConflictException.class,
          (c, op, d, e) -> new ConflictException(c, d, e)),
      new Row<>(ValidationException.class, (c, op, d, e) -> new InvalidRequestException(c, "request",
          "was refused by CodeCatalyst: " + d, e)),
      new Row<>(ServiceQuotaExceededException.class, (c, op, d, e) -> new LimitExceededException(c, d, false, e)),
      new Row<>(ResourceNotFoundException.class, (c, op, d, e) -> op.aboutWorkflow()
          ? new WorkflowNotFoundException(c, d, e)
          : new RunNotFoundException(c, d, e)),
      new Row<>(software.amazon.awssdk.services.codecatalyst.model.AccessDeniedException.class,
          (c, op, d, e) -> new AccessDeniedException(c, d, e))));

  /** The call's result, or its failure mapped with {@link #map}. */
  public static <T> CompletableFuture<T> mapFailure(CompletableFuture<T> call, ErrorContext context,
      Operation operation) {
    return AsyncSupport.mapFailure(call, e -> map(e, context, operation));
  }

  /** Maps a failure of a CodeCatalyst call with {@link #TABLE}. */
  public static RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    RuntimeException mapped = TABLE.map(failure, context, operation);
    if (mapped instanceof io.wflaunch.ConfigurationException missing && missing.setting().equals("token")) {
      // Where tools take a token: the provider's token option, else this environment variable.
      return new io.wflaunch.ConfigurationException(missing.context(), "token", "Unable to load a bearer token. "
          + "Sign in with aws sso login --profile <profile> for a profile with a CodeCatalyst SSO session, set "
          + io.wflaunch.codecatalyst.CodeCatalystProvider.TOKEN_VARIABLE + " (the command line and the Spring Boot "
          + "starter read it), give the backend's token option, or give the client a token provider.",
          missing.getCause());
    }
    return mapped;
  }
}
