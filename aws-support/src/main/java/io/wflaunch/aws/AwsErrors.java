package io.wflaunch.aws;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.CancelledException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import io.wflaunch.spi.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * How every AWS adapter reads the SDK's exceptions: the {@link ErrorTable.Reader}, the rows all AWS
 * services share (client configuration failures, an interrupted call), and a table builder that puts
 * them before a service's own rows.
 */
public final class AwsErrors {

  /** Reads status, request id, error code and message, and throttling from SDK exceptions. */
  public static final ErrorTable.Reader<SdkException> READER = new ErrorTable.Reader<>(
      e -> e instanceof SdkServiceException service ? service.statusCode() : 0,
      e -> e instanceof SdkServiceException service ? service.requestId() : null,
      AwsErrors::detail,
      e -> e instanceof AwsServiceException aws && aws.isThrottlingException());

  /**
   * The error codes of a refused caller (no permission, unknown or expired credentials, a bad
   * signature), which JSON-protocol services answer with HTTP 400 rather than 403.
   */
  static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDeniedException", "AccessDenied",
      "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
      "MissingAuthenticationTokenException", "IncompleteSignature", "ExpiredTokenException", "ExpiredToken",
      "NotAuthorized");

  /** The rows every AWS adapter's table starts with. */
  public static final List<Row<SdkException>> COMMON_ROWS = List.of(
      new Row<>(AwsServiceException.class, e -> errorCode(e) != null && ACCESS_DENIED_CODES.contains(errorCode(e)),
          (c, op, d, e) -> new AccessDeniedException(c, d, e)),
      new Row<>(SdkClientException.class, e -> configurationProblem(e).isPresent(),
          (c, op, d, e) -> configurationFailure(c, e)),
      new Row<>(AbortedException.class, (c, op, d, e) -> new CancelledException(
          c.withOutcomeUnknown(c.outcomeUnknown() || op == Operation.STOP), "the call was interrupted", e)));

  private static final Pattern PROFILE = Pattern.compile("for profile '([^']*)'");

  private AwsErrors() {}

  /**
   * A table of the common rows followed by a service's own.
   *
   * @param serviceRows the service's rows, in the order they are checked
   * @return the table
   */
  public static ErrorTable<SdkException> table(List<Row<SdkException>> serviceRows) {
    List<Row<SdkException>> rows = new ArrayList<>(COMMON_ROWS);
    rows.addAll(serviceRows);
    return ErrorTable.of(SdkException.class, READER, rows);
  }

  /**
   * Builds an SDK client, turning a configuration failure at build time (no region, say) into a
   * {@link ConfigurationException}.
   *
   * @param build builds the client
   * @param context what the client is for, such as the backend id
   * @param <T> the client type
   * @return the client
   * @throws ConfigurationException if the SDK refused to build it for lack of configuration
   */
  public static <T> T build(Supplier<T> build, ErrorContext context) {
    try {
      return build.get();
    } catch (SdkClientException e) {
      if (configurationProblem(e).isPresent()) {
        throw configurationFailure(context, e);
      }
      throw e;
    }
  }

  /**
   * The configuration exception for an SDK client failure that is one, saying what to set.
   *
   * @param context what the call was about
   * @param e the SDK's exception
   * @return the exception
   */
  static ConfigurationException configurationFailure(ErrorContext context, SdkException e) {
    Problem problem = configurationProblem(e).orElseThrow();
    return new ConfigurationException(context, problem.setting(), problem.advice(), e);
  }

  /** What is missing, and what to do about it. */
  record Problem(String setting, String advice) {}

  /**
   * Recognises the SDK's client-side configuration failures by the messages of its providers: no
   * credentials, an unknown profile, no region, no bearer token, an expired SSO session, no HTTP
   * client implementation.
   */
  static Optional<Problem> configurationProblem(SdkException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String profile = namedProfile(message);
    if (message.startsWith("Unable to load an HTTP implementation")) {
      return Optional.of(new Problem("httpClient", "No AWS SDK HTTP client implementation is on the classpath. Add "
          + "software.amazon.awssdk:url-connection-client (or apache-client) to the application."));
    }
    if (message.startsWith("Unable to load region")) {
      return Optional.of(new Problem("region", "Unable to determine the AWS region. Set AWS_REGION, add a region "
          + "to the profile in ~/.aws/config, or set the region on the client."));
    }
    if (message.startsWith("Profile file contained no") || (message.startsWith("Unable to load") && profile != null
        && !profile.equals("default") && message.contains("Profile file contained no"))) {
      return Optional.of(new Problem("profile", "The profile '" + (profile == null ? "?" : profile)
          + "' was not found, or has no credentials, in "
          + software.amazon.awssdk.profiles.ProfileFileLocation.configurationFilePath() + " and "
          + software.amazon.awssdk.profiles.ProfileFileLocation.credentialsFilePath() + ". Check its name "
          + "(aws configure list-profiles), or configure it with aws configure --profile "
          + (profile == null ? "<name>" : profile) + "."));
    }
    if (message.startsWith("Unable to load credentials")) {
      return Optional.of(new Problem("credentials", "Unable to locate credentials. Set AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY, run aws configure, or choose a profile that has credentials with AWS_PROFILE."));
    }
    if (message.startsWith("Unable to load token") || message.contains("SSO session associated with this profile")
        || message.contains("Token is expired")) {
      return Optional.of(new Problem("token", "Unable to load a bearer token. Sign in with aws sso login "
          + "--profile <profile> for a profile with an SSO session for the service, or give the client a token "
          + "provider."));
    }
    return Optional.empty();
  }

  private static String namedProfile(String message) {
    Matcher matcher = PROFILE.matcher(message);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static String errorCode(SdkException e) {
    return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : null;
  }

  private static String detail(SdkException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      return (code == null ? "" : code + ": ") + (message == null ? "" : message);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
