package io.wflaunch.stepfunctions;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.stepfunctions.internal.SfnEvents;
import io.wflaunch.BackendOptions;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The {@code sfn} backend type, for tools: builds {@link StepFunctionsBackend}s from settings. Option:
 * {@code name-cache-ttl}. A given {@link SfnClient} (and {@link SfnAsyncClient}) is used as it is.
 */
public final class StepFunctionsProvider extends AwsBackendProvider<SfnClient, SfnAsyncClient> {

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("name-cache-ttl", "How long the ARNs of state machines named by name are kept.", "5m"));

  private static final List<BackendOption> START_OPTIONS = List.of(
      BackendOption.of("executionName", "An Express execution's name (on a Standard state machine the idempotency "
          + "key is the name).", null),
      BackendOption.of("traceHeader", "The X-Ray trace header.", null));

  /** Used by {@link java.util.ServiceLoader}. */
  public StepFunctionsProvider() {
    super(SfnClient.class, SfnAsyncClient.class);
  }

  @Override
  public String type() {
    return StepFunctionsBackend.DEFAULT_ID;
  }

  /** Standard executions' status changes ({@code aws.states}, "Step Functions Execution Status Change"). */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.of(SfnEvents.FORMAT);
  }

  @Override
  public String description() {
    return "AWS Step Functions executions";
  }

  @Override
  public IdentifierScheme scheme() {
    return StepFunctionsBackend.SCHEME;
  }

  /** Both forms: {@code sfn:<stateMachine>/<executionName>} or {@code sfn:<executionArn>}. */
  @Override
  public String handleForm() {
    return type() + ":<stateMachine>/<executionName> or " + type() + ":<executionArn>";
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
    StepFunctionsOptions.Builder options = StepFunctionsOptions.builder();
    values.forEach((name, given) -> {
      if (given.size() > 1) {
        throw new InvalidRequestException(ErrorContext.of(target), "options." + name, "takes one value, found "
            + given.size());
      }
      switch (name) {
        case "executionName" -> options.executionName(given.get(0));
        case "traceHeader" -> options.traceHeader(given.get(0));
        default -> throw new InvalidRequestException(ErrorContext.of(target), "options." + name,
            "is not an option of sfn targets");
      }
    });
    return Optional.of(options.build());
  }

  @Override
  protected AwsClientBuilder<?, SfnClient> clientBuilder() {
    return SfnClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, SfnAsyncClient> asyncClientBuilder() {
    return SfnAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<SfnClient, SfnAsyncClient, ?> backendBuilder(SfnClient client, BackendSettings settings) {
    StepFunctionsBackend.Builder builder = StepFunctionsBackend.builder(client);
    settings.durationOption("name-cache-ttl").ifPresent(builder::nameCacheTtl);
    return builder;
  }
}
