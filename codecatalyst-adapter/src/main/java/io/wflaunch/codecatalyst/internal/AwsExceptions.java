package io.wflaunch.codecatalyst.internal;

import io.wflaunch.spi.ErrorTable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** How to read the AWS SDK's exceptions for {@link ErrorTable}. */
final class AwsExceptions {

  static final ErrorTable.Reader<SdkException> READER = new ErrorTable.Reader<>(
      e -> e instanceof SdkServiceException service ? service.statusCode() : 0,
      e -> e instanceof SdkServiceException service ? service.requestId() : null,
      AwsExceptions::detail,
      e -> e instanceof AwsServiceException aws && aws.isThrottlingException());

  private AwsExceptions() {}

  private static String detail(SdkException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      return (code == null ? "" : code + ": ") + (message == null ? "" : message);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
