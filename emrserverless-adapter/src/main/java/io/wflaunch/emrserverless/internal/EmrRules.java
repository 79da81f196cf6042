package io.wflaunch.emrserverless.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.emrserverless.EmrServerlessOptions;
import io.wflaunch.emrserverless.EmrServerlessOptions.Classification;
import io.wflaunch.spi.support.UserText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.emrserverless.model.CloudWatchLoggingConfiguration;
import software.amazon.awssdk.services.emrserverless.model.Configuration;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.Hive;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * EMR Serverless's model rules (StartJobRun, GetJobRun, CancelJobRun, ListJobRuns), the adapter's checks
 * of targets, handles and start requests built on them, and the StartJobRun request a checked start
 * sends.
 */
public final class EmrRules {

  /** Application and job run ids: 1 to 64 of {@code [0-9a-z]}. */
  public static final Pattern ID = Pattern.compile("[0-9a-z]{1,64}");
  /** The model's IAMRoleArn pattern; 20 to 2048 characters. */
  public static final Pattern ROLE_ARN = Pattern.compile(
      "arn:(aws[a-zA-Z0-9-]*):iam::(\\d{12})?:(role((\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F))[\\w+=,.@-]+)");
  /** Client tokens: 1 to 64 of {@code [A-Za-z0-9._-]}. */
  public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** The model's non-blank strings ({@code .*\S.*}). */
  private static final Pattern NOT_BLANK = Pattern.compile("(?s).*\\S.*");
  private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9 /_.:=+@-]+");
  private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9 /_.:=+@-]*");
  private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]+");
  /** The names of parameters, which become {@code --name} arguments or {@code --hivevar name=value}. */
  private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

  public static final int MAX_NAME = 256;
  public static final int MAX_ENTRY_POINT = 256;
  public static final int MAX_ARGUMENT = 10280;
  public static final int MAX_SUBMIT_PARAMETERS = 102400;
  public static final int MAX_QUERY = 10280;
  public static final int MAX_INIT_FILE = 256;
  public static final int MAX_TAGS = 200;
  public static final int MAX_CLASSIFICATIONS = 100;
  public static final int MAX_PROPERTIES = 100;
  public static final int MAX_CLASSIFICATION = 1024;
  public static final int MAX_LOG_URI = 10280;
  public static final int MAX_LOG_GROUP = 512;
  public static final long MAX_TIMEOUT_MINUTES = 1_000_000L;

  private EmrRules() {}

  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    checkId(ErrorContext.of(target), "applicationId", target.part(0));
    return target;
  }

  public static RunHandle checkHandle(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    checkId(context, "applicationId", handle.part(0));
    checkId(context, "jobRunId", handle.part(1));
    return handle;
  }

  public static void checkId(ErrorContext context, String field, String value) {
    if (!ID.matcher(value).matches()) {
      throw new InvalidRequestException(context, field, "must be 1 to 64 characters of [0-9a-z], found "
          + UserText.quote(value));
    }
  }

  /**
   * Checks a start request: no input, parameter names and values, and the options over the backend's
   * defaults against StartJobRun's model (a role and exactly one job driver required).
   *
   * @param request the request, its target checked
   * @param defaults the backend's default options
   * @param backendId the backend's id, for messages
   * @return the options the start sends
   * @throws InvalidRequestException naming the first offending field
   */
  public static EmrServerlessOptions checkRequest(StartRunRequest request, EmrServerlessOptions defaults,
      String backendId) {
    ErrorContext context = ErrorContext.of(request.target());
    if (request.input().isPresent()) {
      throw new InvalidRequestException(context, "input", "must be absent: EMR Serverless job runs take parameters "
          + "(entry point arguments or Hive variables) and EmrServerlessOptions");
    }
    if (request.options().isPresent() && request.options(EmrServerlessOptions.class).isEmpty()) {
      throw new InvalidRequestException(context, "options", "must be EmrServerlessOptions for backend " + backendId
          + ", found " + request.options().get().getClass().getSimpleName());
    }
    EmrServerlessOptions options = request.options(EmrServerlessOptions.class).map(given -> given.over(defaults))
        .orElse(defaults);
    String role = options.executionRoleArn().orElseThrow(() -> new InvalidRequestException(context,
        "options.executionRoleArn", "is required: give it in EmrServerlessOptions (command line: -o executionRoleArn=...) "
            + "or as the backend's default (setting execution-role-arn)"));
    if (role.length() < 20 || role.length() > 2048 || !ROLE_ARN.matcher(role).matches()) {
      throw new InvalidRequestException(context, "options.executionRoleArn", "must be an IAM role's ARN of 20 to "
          + "2048 characters, such as arn:aws:iam::123456789012:role/emr-job, found " + UserText.quote(role));
    }
    if (options.sparkSubmit().isPresent() == options.hive().isPresent()) {
      throw new InvalidRequestException(context, "options.jobDriver", options.sparkSubmit().isPresent()
          ? "must be one of sparkSubmit and hive, found both"
          : "is required: give sparkSubmit or hive in EmrServerlessOptions (command line: -o entryPoint=... "
              + "or -o hiveQuery=...) or as the backend's default (setting entry-point)");
    }
    request.parameters().forEach((name, value) -> {
      if (!PARAMETER.matcher(name).matches()) {
        throw new InvalidRequestException(context, "parameters", "names must be a letter or _ then up to 127 of "
            + "A-Z a-z 0-9 _ . -, found " + UserText.quote(name));
      }
      if ((options.hive().isPresent() ? !value.matches("\\S+") : !NOT_BLANK.matcher(value).matches())
          || value.length() > MAX_ARGUMENT) {
        // The value is not repeated: parameter values may be secrets.
        throw new InvalidRequestException(context, "parameters." + name, options.hive().isPresent()
            ? "must be a Hive variable's value of 1 to " + MAX_ARGUMENT + " characters without white space, found "
                + described(value)
            : "must be 1 to " + MAX_ARGUMENT + " characters, not all white space, found " + described(value));
      }
    });
    options.sparkSubmit().ifPresent(spark -> {
      text(context, "options.sparkSubmit.entryPoint", spark.entryPoint(), MAX_ENTRY_POINT);
      for (String argument : spark.entryPointArguments()) {
        text(context, "options.sparkSubmit.entryPointArguments", argument, MAX_ARGUMENT);
      }
      spark.sparkSubmitParameters().ifPresent(p ->
          text(context, "options.sparkSubmit.sparkSubmitParameters", p, MAX_SUBMIT_PARAMETERS));
    });
    options.hive().ifPresent(hive -> {
      text(context, "options.hive.query", hive.query(), MAX_QUERY);
      hive.initQueryFile().ifPresent(file -> text(context, "options.hive.initQueryFile", file, MAX_INIT_FILE));
      hive.parameters().ifPresent(p -> text(context, "options.hive.parameters", p, MAX_SUBMIT_PARAMETERS));
    });
    checkClassifications(context, "options.applicationConfiguration", options.applicationConfiguration());
    options.s3LogUri().ifPresent(uri -> {
      if (uri.isEmpty() || uri.length() > MAX_LOG_URI || !uri.startsWith("s3://")) {
        throw new InvalidRequestException(context, "options.s3LogUri", "must be an s3:// location of at most "
            + MAX_LOG_URI + " characters, found " + UserText.quote(uri));
      }
    });
    options.cloudWatchLogGroup().ifPresent(group -> {
      if (group.length() > MAX_LOG_GROUP || !LOG_GROUP.matcher(group).matches()) {
        throw new InvalidRequestException(context, "options.cloudWatchLogGroup", "must be 1 to " + MAX_LOG_GROUP
            + " of A-Z a-z 0-9 . - _ / #, found " + UserText.quote(group));
      }
    });
    options.name().ifPresent(name -> text(context, "options.name", name, MAX_NAME));
    if (options.tags().size() > MAX_TAGS) {
      throw new InvalidRequestException(context, "options.tags", "must be at most " + MAX_TAGS + " tags, found "
          + options.tags().size());
    }
    options.tags().forEach((key, value) -> {
      if (key.length() > 128 || !TAG_KEY.matcher(key).matches()) {
        throw new InvalidRequestException(context, "options.tags", "keys must be 1 to 128 of A-Z a-z 0-9, space "
            + "and / _ . : = + @ -, found " + UserText.quote(key));
      }
      if (value.length() > 256 || !TAG_VALUE.matcher(value).matches()) {
        throw new InvalidRequestException(context, "options.tags." + key, "must be 0 to 256 of A-Z a-z 0-9, space "
            + "and / _ . : = + @ -, found " + UserText.quote(value));
      }
    });
    options.executionTimeoutMinutes().ifPresent(minutes -> {
      if (minutes < 0 || minutes > MAX_TIMEOUT_MINUTES) {
        throw new InvalidRequestException(context, "options.executionTimeoutMinutes", "must be 0 to "
            + MAX_TIMEOUT_MINUTES + ", found " + minutes);
      }
    });
    return options;
  }

  private static void checkClassifications(ErrorContext context, String field, List<Classification> list) {
    if (list.size() > MAX_CLASSIFICATIONS) {
      throw new InvalidRequestException(context, field, "must be at most " + MAX_CLASSIFICATIONS
          + " classifications, found " + list.size());
    }
    for (Classification classification : list) {
      text(context, field + ".classification", classification.classification(), MAX_CLASSIFICATION);
      if (classification.properties().size() > MAX_PROPERTIES) {
        throw new InvalidRequestException(context, field + ".properties", "must be at most " + MAX_PROPERTIES
            + " properties, found " + classification.properties().size());
      }
      classification.properties().forEach((key, value) -> {
        text(context, field + ".properties", key, MAX_CLASSIFICATION);
        if (value.length() > MAX_CLASSIFICATION) {
          throw new InvalidRequestException(context, field + ".properties." + key, "must be at most "
              + MAX_CLASSIFICATION + " characters, found " + value.length());
        }
      });
      checkClassifications(context, field + ".configurations", classification.configurations());
    }
  }

  /**
   * A model string of 1 to {@code max} characters that is not all white space. The error describes the
   * value without repeating it: entry points, their arguments, Spark and Hive parameters and queries
   * can carry secrets.
   */
  private static void text(ErrorContext context, String field, String value, int max) {
    if (value.length() > max || !NOT_BLANK.matcher(value).matches()) {
      throw new InvalidRequestException(context, field, "must be 1 to " + max + " characters, not all white space, "
          + "found " + described(value));
    }
  }

  /** A value told by its length and whether it is blank, never by its text. */
  private static String described(String value) {
    int length = value.codePointCount(0, value.length());
    return String.format("%,d character%s%s", length, length == 1 ? "" : "s",
        length > 0 && value.isBlank() ? ", all white space" : value.chars().anyMatch(Character::isWhitespace)
            ? ", with white space" : "");
  }

  /**
   * The client token for a key: the key itself when it is a valid token (1 to 64 of
   * {@code [A-Za-z0-9._-]}, as every generated key is), else {@code wfl-} and the first 60 hex digits of its
   * SHA-256.
   */
  public static String clientTokenFor(String key) {
    return TOKEN.matcher(key).matches() ? key : "wfl-" + sha256(key).substring(0, 60);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The StartJobRun request of a checked start: its options, the request's parameters after the Spark
   * entry point's arguments as {@code --name value} (or after the Hive parameters as
   * {@code --hivevar name=value}), and the client token.
   */
  public static StartJobRunRequest startRequest(String applicationId, StartRunRequest request,
      EmrServerlessOptions options, String clientToken) {
    JobDriver driver;
    if (options.sparkSubmit().isPresent()) {
      EmrServerlessOptions.SparkSubmit spark = options.sparkSubmit().get();
      List<String> arguments = new ArrayList<>(spark.entryPointArguments());
      request.parameters().forEach((name, value) -> {
        arguments.add("--" + name);
        arguments.add(value);
      });
      driver = JobDriver.fromSparkSubmit(SparkSubmit.builder().entryPoint(spark.entryPoint())
          .entryPointArguments(arguments.isEmpty() ? null : arguments)
          .sparkSubmitParameters(spark.sparkSubmitParameters().orElse(null)).build());
    } else {
      EmrServerlessOptions.Hive hive = options.hive().orElseThrow();
      StringBuilder parameters = new StringBuilder(hive.parameters().orElse(""));
      request.parameters().forEach((name, value) ->
          parameters.append(parameters.length() == 0 ? "" : " ").append("--hivevar ").append(name).append('=').append(value));
      driver = JobDriver.fromHive(Hive.builder().query(hive.query()).initQueryFile(hive.initQueryFile().orElse(null))
          .parameters(parameters.length() == 0 ? null : parameters.toString()).build());
    }
    ConfigurationOverrides overrides = null;
    if (!options.applicationConfiguration().isEmpty() || options.s3LogUri().isPresent()
        || options.cloudWatchLogGroup().isPresent()) {
      MonitoringConfiguration monitoring = options.s3LogUri().isEmpty() && options.cloudWatchLogGroup().isEmpty()
          ? null
          : MonitoringConfiguration.builder()
              .s3MonitoringConfiguration(options.s3LogUri().map(uri -> S3MonitoringConfiguration.builder().logUri(uri)
                  .build()).orElse(null))
              .cloudWatchLoggingConfiguration(options.cloudWatchLogGroup().map(group -> CloudWatchLoggingConfiguration
                  .builder().enabled(true).logGroupName(group).build()).orElse(null))
              .build();
      overrides = ConfigurationOverrides.builder()
          .applicationConfiguration(options.applicationConfiguration().isEmpty() ? null
              : configurations(options.applicationConfiguration()))
          .monitoringConfiguration(monitoring).build();
    }
    return StartJobRunRequest.builder()
        .applicationId(applicationId)
        .clientToken(clientToken)
        .executionRoleArn(options.executionRoleArn().orElseThrow())
        .jobDriver(driver)
        .configurationOverrides(overrides)
        .name(options.name().orElse(null))
        .tags(options.tags().isEmpty() ? null : options.tags())
        .executionTimeoutMinutes(options.executionTimeoutMinutes().orElse(null))
        .build();
  }

  private static List<Configuration> configurations(List<Classification> classifications) {
    return classifications.stream().map(c -> Configuration.builder().classification(c.classification())
        .properties(c.properties().isEmpty() ? null : Map.copyOf(c.properties()))
        .configurations(c.configurations().isEmpty() ? null : configurations(c.configurations()))
        .build()).toList();
  }
}
