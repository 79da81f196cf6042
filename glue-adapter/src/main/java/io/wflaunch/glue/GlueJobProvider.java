package io.wflaunch.glue;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.glue.internal.GlueJobEvents;
import io.wflaunch.glue.internal.GlueLookUpSettings;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.BackendOptions;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.UserText;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The {@code gluejob} backend type, for tools: builds {@link GlueJobBackend}s from settings. Options:
 * {@code idempotency-argument}, {@code look-back}, {@code scan-page-limit}, {@code page-size} (see
 * {@link GlueJobOptions}). Start options ({@code --option}): {@code workerType}, {@code numberOfWorkers},
 * {@code timeoutMinutes}, {@code executionClass}, {@code securityConfiguration},
 * {@code notifyDelayAfterMinutes}, {@code jobRunQueuing}. A given {@link GlueClient} (and
 * {@link GlueAsyncClient}) is used as it is.
 */
public final class GlueJobProvider extends AwsBackendProvider<GlueClient, GlueAsyncClient> {

  private static final List<BackendOption> OPTIONS = GlueLookUpSettings.options(
      BackendOption.of("idempotency-argument", "The job argument that carries the idempotency key.",
          GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT),
      "job's", "GetJobRuns", GlueJobOptions.DEFAULT.lookBack(), GlueJobOptions.DEFAULT.scanPageLimit(),
      GlueJobOptions.DEFAULT.pageSize(), GlueJobOptions.MAX_PAGE_SIZE);

  private static final List<BackendOption> START_OPTIONS = List.of(
      BackendOption.of("workerType", "StartJobRun WorkerType, such as G.1X.", null),
      BackendOption.of("numberOfWorkers", "StartJobRun NumberOfWorkers, at least 1.", null),
      BackendOption.of("timeoutMinutes", "StartJobRun Timeout in minutes, at least 1.", null),
      BackendOption.of("executionClass", "StartJobRun ExecutionClass: STANDARD or FLEX.", null),
      BackendOption.of("securityConfiguration", "StartJobRun SecurityConfiguration.", null),
      BackendOption.of("notifyDelayAfterMinutes", "NotificationProperty.NotifyDelayAfter in minutes, at least 1.",
          null),
      BackendOption.of("jobRunQueuing", "StartJobRun JobRunQueuingEnabled: true or false.", null));

  /** Used by {@link java.util.ServiceLoader}. */
  public GlueJobProvider() {
    super(GlueClient.class, GlueAsyncClient.class);
  }

  @Override
  public String type() {
    return GlueJobBackend.DEFAULT_ID;
  }

  /** Job runs' state changes ({@code aws.glue}, "Glue Job State Change"). */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.of(GlueJobEvents.FORMAT);
  }

  @Override
  public String description() {
    return "AWS Glue jobs";
  }

  @Override
  public IdentifierScheme scheme() {
    return GlueJobBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  public List<BackendOption> startOptions() {
    return START_OPTIONS;
  }

  /** The start options by name, each taking one value; the Glue model's rules are checked on validation. */
  @Override
  public Optional<BackendOptions> parseStartOptions(WorkflowTarget target, Map<String, List<String>> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    ErrorContext context = ErrorContext.of(target);
    GlueJobOptions.Builder options = GlueJobOptions.builder();
    values.forEach((name, given) -> {
      if (given.size() > 1) {
        throw new InvalidRequestException(context, "options." + name, "takes one value, found " + given.size());
      }
      String value = given.get(0);
      switch (name) {
        case "workerType" -> options.workerType(value);
        case "numberOfWorkers" -> options.numberOfWorkers(integer(context, name, value));
        case "timeoutMinutes" -> options.timeoutMinutes(integer(context, name, value));
        case "executionClass" -> options.executionClass(value);
        case "securityConfiguration" -> options.securityConfiguration(value);
        case "notifyDelayAfterMinutes" -> options.notifyDelayAfterMinutes(integer(context, name, value));
        case "jobRunQueuing" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidRequestException(context, "options." + name, "must be true or false, found "
                + UserText.quote(value));
          }
          options.jobRunQueuing(Boolean.valueOf(value));
        }
        default -> throw new InvalidRequestException(context, "options." + name, "is not an option of "
            + type() + " targets");
      }
    });
    return Optional.of(options.build());
  }

  private static Integer integer(ErrorContext context, String name, String value) {
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(context, "options." + name, "must be a whole number, found "
          + UserText.quote(value));
    }
  }

  @Override
  protected AwsClientBuilder<?, GlueClient> clientBuilder() {
    return GlueClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, GlueAsyncClient> asyncClientBuilder() {
    return GlueAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<GlueClient, GlueAsyncClient, ?> backendBuilder(GlueClient client,
      BackendSettings settings) {
    GlueJobOptions.Builder options = GlueJobOptions.DEFAULT.toBuilder();
    settings.option("idempotency-argument").ifPresent(options::idempotencyArgument);
    GlueLookUpSettings.apply(settings, GlueJobOptions.MAX_PAGE_SIZE, options::lookBack, options::scanPageLimit,
        options::pageSize);
    return GlueJobBackend.builder(client).defaultOptions(options.build());
  }
}
