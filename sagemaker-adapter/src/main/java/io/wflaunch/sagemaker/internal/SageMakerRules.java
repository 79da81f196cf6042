package io.wflaunch.sagemaker.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.sagemaker.SageMakerOptions;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The SageMaker service model's rules for the fields wflaunch sends (pipeline names, execution ARNs,
 * parameters, display names, descriptions, parallelism, client tokens), the adapter's checks of targets,
 * handles and start requests built on them, and the client tokens it derives.
 */
public final class SageMakerRules {

  /** PipelineName: 1 to 256 characters, {@code [a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}}. */
  public static final Pattern PIPELINE_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}");
  public static final int MAX_PIPELINE_NAME = 256;
  /** PipelineExecutionName (the display name): 1 to 82 characters, {@code [a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}}. */
  public static final Pattern DISPLAY_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}");
  public static final int MAX_DISPLAY_NAME = 82;
  /** PipelineExecutionDescription: 0 to 3072 characters. */
  public static final int MAX_DESCRIPTION = 3072;
  /** PipelineParameterName: 1 to 256 characters of {@code [A-Za-z0-9\-_]}. */
  public static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9\\-_]*");
  public static final int MAX_PARAMETER_NAME = 256;
  /** Parameter values (String1024): at most 1024 characters. */
  public static final int MAX_PARAMETER_VALUE = 1024;
  /** ParameterList: at most 200 parameters. */
  public static final int MAX_PARAMETERS = 200;
  /** IdempotencyToken: 32 to 128 characters. */
  public static final int MIN_TOKEN = 32;
  public static final int MAX_TOKEN = 128;
  /** PipelineExecutionArn: at most 2048 characters. */
  public static final int MAX_ARN = 2048;
  /** An AWS region name, as in an ARN. */
  public static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
  /** An AWS account id. */
  public static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  /** The model's PipelineExecutionArn, with the parts a handle keeps as groups. */
  public static final Pattern EXECUTION_ARN = Pattern.compile(
      "arn:(aws[a-z\\-]*):sagemaker:([a-z0-9\\-]*):([0-9]{12}):pipeline/([^/]+)/execution/([^/]+)");

  private SageMakerRules() {}

  /** Checks a target's pipeline name. */
  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    checkPipeline(ErrorContext.of(target), target.part(0));
    return target;
  }

  /** Checks a handle's region, account, pipeline and execution id, and the length of the ARN they make. */
  public static RunHandle checkHandle(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    if (!REGION.matcher(handle.part(0)).matches()) {
      throw new InvalidRequestException(context, "region", "must be an AWS region name such as us-east-1, found "
          + UserText.quote(handle.part(0)));
    }
    if (!ACCOUNT.matcher(handle.part(1)).matches()) {
      throw new InvalidRequestException(context, "account", "must be an AWS account id of 12 digits, found "
          + UserText.quote(handle.part(1)));
    }
    checkPipeline(context, handle.part(2));
    String id = handle.part(3);
    boolean control = id.chars().anyMatch(Character::isISOControl);
    if (id.isEmpty() || control || id.contains("/")) {
      throw new InvalidRequestException(context, "executionId", "must be an execution id without '/' or control "
          + "characters, found " + UserText.quote(id));
    }
    if (executionArn(handle).length() > MAX_ARN) {
      throw new InvalidRequestException(context, "executionId", "makes an execution ARN longer than " + MAX_ARN
          + " characters");
    }
    return handle;
  }

  static void checkPipeline(ErrorContext context, String name) {
    if (name.length() > MAX_PIPELINE_NAME || !PIPELINE_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(context, "pipeline", "must be 1 to " + MAX_PIPELINE_NAME
          + " characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}, found " + UserText.quote(name));
    }
  }

  /**
   * Checks a start request against the model of StartPipelineExecution: no input (pipelines take
   * parameters), at most 200 parameters with valid names and values, and the options' display name,
   * description and parallelism.
   */
  public static void checkRequest(StartRunRequest request, String backendId) {
    ErrorContext context = ErrorContext.of(request.target());
    if (request.input().isPresent()) {
      throw new InvalidRequestException(context, "input",
          "must be absent: SageMaker pipeline executions take parameters (-p name=value), not an input document");
    }
    Map<String, String> parameters = request.parameters();
    if (parameters.size() > MAX_PARAMETERS) {
      throw new InvalidRequestException(context, "parameters", "must be at most " + MAX_PARAMETERS
          + " (PipelineParameters), found " + parameters.size());
    }
    parameters.forEach((name, value) -> {
      if (name.isEmpty() || name.length() > MAX_PARAMETER_NAME || !PARAMETER_NAME.matcher(name).matches()) {
        throw new InvalidRequestException(context, "parameters", "names must be 1 to " + MAX_PARAMETER_NAME
            + " characters of A-Z a-z 0-9 - _, found " + UserText.quote(name));
      }
      if (value.length() > MAX_PARAMETER_VALUE) {
        throw new InvalidRequestException(context, "parameters", "value of " + UserText.quote(name)
            + " must be at most " + MAX_PARAMETER_VALUE + " characters, found " + value.length());
      }
    });
    Optional<?> options = request.options();
    if (options.isPresent() && !(options.get() instanceof SageMakerOptions)) {
      throw new InvalidRequestException(context, "options", "must be SageMakerOptions for backend " + backendId
          + ", found " + options.get().getClass().getName());
    }
    request.options(SageMakerOptions.class).ifPresent(o -> checkOptions(context, o));
  }

  /** Checks start options against the model. */
  public static void checkOptions(ErrorContext context, SageMakerOptions options) {
    options.displayName().ifPresent(name -> {
      if (name.length() > MAX_DISPLAY_NAME || !DISPLAY_NAME.matcher(name).matches()) {
        throw new InvalidRequestException(context, "displayName", "must be 1 to " + MAX_DISPLAY_NAME
            + " characters matching [a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}, found " + UserText.quote(name));
      }
    });
    options.description().ifPresent(text -> {
      if (text.length() > MAX_DESCRIPTION) {
        throw new InvalidRequestException(context, "description", "must be at most " + MAX_DESCRIPTION
            + " characters, found " + text.length());
      }
    });
    options.maxParallelExecutionSteps().ifPresent(steps -> {
      if (steps < 1) {
        throw new InvalidRequestException(context, "maxParallelExecutionSteps", "must be at least 1, found " + steps);
      }
    });
  }

  /**
   * The ClientRequestToken of a start: {@code wfl-} and the SHA-256 of the target and the key (68
   * characters), so that one key gives one token per pipeline and never the token of another pipeline.
   */
  public static String startToken(WorkflowTarget target, String key) {
    return "wfl-" + sha256(target.part(0) + "\n" + key);
  }

  /**
   * The ClientRequestToken of a retry of one failure: {@code wfl-retry-} and the SHA-256 of the execution
   * ARN and the time DescribePipelineExecution last saw the execution change (its LastModifiedTime, which
   * a failure, a stop and a retry each move). Two retries of one failure send one token; a retry of a
   * later failure sends another.
   */
  public static String retryToken(String executionArn, Instant lastModified) {
    return "wfl-retry-" + sha256(executionArn + "\n" + (lastModified == null ? "-" : lastModified.toString()));
  }

  /**
   * The ClientRequestToken of one stop call: {@code wfl-stop-} and a random UUID, kept across that call's
   * attempts. Not one per execution: an execution stopped and then retried in place runs again under the
   * same ARN, and a second stop with the first's token would be answered as a repeat and stop nothing.
   */
  public static String newStopToken() {
    return "wfl-stop-" + java.util.UUID.randomUUID();
  }

  /** The execution ARN a handle names, rebuilt with the partition of its region. */
  public static String executionArn(RunHandle handle) {
    return "arn:" + partition(handle.part(0)) + ":sagemaker:" + handle.part(0) + ":" + handle.part(1) + ":pipeline/"
        + handle.part(2) + "/execution/" + handle.part(3);
  }

  /** The partition of a region: {@code aws}, {@code aws-cn}, {@code aws-us-gov} and so on. */
  static String partition(String region) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }

  /**
   * The handle of an execution ARN.
   *
   * @throws IllegalArgumentException if the text is not an execution ARN
   */
  public static RunHandle handleOf(String backendId, String executionArn) {
    Matcher matcher = EXECUTION_ARN.matcher(executionArn == null ? "" : executionArn);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a SageMaker pipeline execution ARN: " + UserText.quote(executionArn));
    }
    return RunHandle.of(backendId, matcher.group(2), matcher.group(3), matcher.group(4), matcher.group(5));
  }

  /**
   * The handle parts a run event's execution ARN names, as {@link #handleOf} makes them (region, account,
   * pipeline, execution id), when they make a valid handle; empty when the text is no pipeline execution
   * ARN or its parts break a handle's rules.
   */
  public static Optional<java.util.List<String>> eventParts(String executionArn) {
    Matcher matcher = EXECUTION_ARN.matcher(executionArn);
    if (executionArn.length() > MAX_ARN || !matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(checkHandle(handleOf(io.wflaunch.sagemaker.SageMakerBackend.DEFAULT_ID, executionArn))
          .parts());
    } catch (InvalidRequestException e) {
      return Optional.empty();
    }
  }

  /** The execution id, the last part of an execution ARN, or the text itself when it is no ARN. */
  public static String executionIdOf(String executionArn) {
    Matcher matcher = EXECUTION_ARN.matcher(executionArn == null ? "" : executionArn);
    return matcher.matches() ? matcher.group(5) : String.valueOf(executionArn);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
