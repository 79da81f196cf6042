package io.wflaunch.emrserverless;

import io.wflaunch.BackendOptions;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.emrserverless.internal.EmrEvents;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.emrserverless.EmrServerlessAsyncClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/**
 * The {@code emrserverless} backend type, for tools: builds {@link EmrServerlessBackend}s from settings.
 * Options (the backend's defaults for every start): {@code execution-role-arn}, {@code entry-point} (a
 * Spark job), {@code spark-submit-parameters} and {@code s3-log-uri}. A given {@link EmrServerlessClient}
 * (and {@link EmrServerlessAsyncClient}) is used as it is.
 */
public final class EmrServerlessProvider extends AwsBackendProvider<EmrServerlessClient, EmrServerlessAsyncClient> {

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("execution-role-arn", "The IAM role job runs assume, unless a start gives its own.", null),
      BackendOption.of("entry-point", "The Spark entry point (script or jar) of starts that give no job driver.", null),
      BackendOption.of("spark-submit-parameters", "spark-submit parameters of that default Spark job.", null),
      BackendOption.of("s3-log-uri", "Where job runs log in S3, unless a start says otherwise.", null));

  private static final List<BackendOption> START_OPTIONS = List.of(
      BackendOption.of("executionRoleArn", "The IAM role the job run assumes.", null),
      BackendOption.of("entryPoint", "A Spark job's script or jar.", null),
      BackendOption.of("entryPointArgument", "An argument of the Spark entry point (repeatable, in order).", null),
      BackendOption.of("sparkSubmitParameters", "spark-submit parameters.", null),
      BackendOption.of("hiveQuery", "A Hive job's query, or its S3 location.", null),
      BackendOption.of("hiveInitQueryFile", "A file run before the Hive query.", null),
      BackendOption.of("hiveParameters", "Hive parameters.", null),
      BackendOption.of("s3LogUri", "Where the job run logs in S3.", null),
      BackendOption.of("cloudWatchLogGroup", "The CloudWatch log group the job run logs to.", null),
      BackendOption.of("name", "The job run's name.", null),
      BackendOption.of("tag", "A tag KEY=VALUE (repeatable).", null),
      BackendOption.of("executionTimeoutMinutes", "After how many minutes the service cancels the job run.", null));

  /** Used by {@link java.util.ServiceLoader}. */
  public EmrServerlessProvider() {
    super(EmrServerlessClient.class, EmrServerlessAsyncClient.class);
  }

  @Override
  public String type() {
    return EmrServerlessBackend.DEFAULT_ID;
  }

  /** Job runs' state changes ({@code aws.emr-serverless}, "EMR Serverless Job Run State Change"). */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.of(EmrEvents.FORMAT);
  }

  @Override
  public String description() {
    return "Amazon EMR Serverless job runs";
  }

  @Override
  public IdentifierScheme scheme() {
    return EmrServerlessBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  public List<BackendOption> startOptions() {
    return START_OPTIONS;
  }

  @Override
  public Optional<BackendOptions> parseStartOptions(WorkflowTarget target, Map<String, List<String>> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    ErrorContext context = ErrorContext.of(target);
    EmrServerlessOptions.Builder options = EmrServerlessOptions.builder();
    String entryPoint = null;
    List<String> arguments = new ArrayList<>();
    String submitParameters = null;
    String query = null;
    String initFile = null;
    String hiveParameters = null;
    for (Map.Entry<String, List<String>> option : values.entrySet()) {
      String name = option.getKey();
      List<String> given = option.getValue();
      if (given.size() > 1 && !name.equals("tag") && !name.equals("entryPointArgument")) {
        throw new InvalidRequestException(context, "options." + name, "takes one value, found " + given.size());
      }
      String value = given.get(0);
      switch (name) {
        case "executionRoleArn" -> options.executionRoleArn(value);
        case "entryPoint" -> entryPoint = value;
        case "entryPointArgument" -> arguments.addAll(given);
        case "sparkSubmitParameters" -> submitParameters = value;
        case "hiveQuery" -> query = value;
        case "hiveInitQueryFile" -> initFile = value;
        case "hiveParameters" -> hiveParameters = value;
        case "s3LogUri" -> options.s3LogUri(value);
        case "cloudWatchLogGroup" -> options.cloudWatchLogGroup(value);
        case "name" -> options.name(value);
        case "tag" -> given.forEach(tag -> {
          int eq = tag.indexOf('=');
          if (eq <= 0) {
            throw new InvalidRequestException(context, "options.tag", "must be KEY=VALUE, found " + tag);
          }
          options.tag(tag.substring(0, eq), tag.substring(eq + 1));
        });
        case "executionTimeoutMinutes" -> {
          try {
            options.executionTimeoutMinutes(Long.parseLong(value));
          } catch (NumberFormatException e) {
            throw new InvalidRequestException(context, "options.executionTimeoutMinutes", "must be a whole number "
                + "of minutes, found " + value);
          }
        }
        default -> throw new InvalidRequestException(context, "options." + name,
            "is not an option of emrserverless targets");
      }
    }
    if (entryPoint == null && (!arguments.isEmpty() || submitParameters != null)) {
      throw new InvalidRequestException(context, "options.entryPoint", "is required with entryPointArgument and "
          + "sparkSubmitParameters");
    }
    if (query == null && (initFile != null || hiveParameters != null)) {
      throw new InvalidRequestException(context, "options.hiveQuery", "is required with hiveInitQueryFile and "
          + "hiveParameters");
    }
    if (entryPoint != null) {
      options.sparkSubmit(new EmrServerlessOptions.SparkSubmit(entryPoint, arguments, Optional.ofNullable(submitParameters)));
    }
    if (query != null) {
      options.hive(new EmrServerlessOptions.Hive(query, Optional.ofNullable(initFile), Optional.ofNullable(hiveParameters)));
    }
    return Optional.of(options.build());
  }

  @Override
  protected AwsClientBuilder<?, EmrServerlessClient> clientBuilder() {
    return EmrServerlessClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, EmrServerlessAsyncClient> asyncClientBuilder() {
    return EmrServerlessAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<EmrServerlessClient, EmrServerlessAsyncClient, ?> backendBuilder(
      EmrServerlessClient client, BackendSettings settings) {
    EmrServerlessOptions.Builder defaults = EmrServerlessOptions.builder();
    settings.option("execution-role-arn").ifPresent(defaults::executionRoleArn);
    settings.option("entry-point").ifPresent(entryPoint -> defaults.sparkSubmit(new EmrServerlessOptions.SparkSubmit(
        entryPoint, List.of(), settings.option("spark-submit-parameters"))));
    settings.option("s3-log-uri").ifPresent(defaults::s3LogUri);
    return EmrServerlessBackend.builder(client).defaults(defaults.build());
  }
}
