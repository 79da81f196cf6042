package io.wflaunch.sagemaker;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.sagemaker.internal.SageMakerEvents;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.BackendOptions;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The {@code sagemaker} backend type, for tools: builds {@link SageMakerBackend}s from settings (region,
 * endpoint, profile; no options of its own). A given {@link SageMakerClient} (and
 * {@link SageMakerAsyncClient}) is used as it is.
 */
public final class SageMakerProvider extends AwsBackendProvider<SageMakerClient, SageMakerAsyncClient> {

  private static final List<BackendOption> START_OPTIONS = List.of(
      BackendOption.of("displayName", "The execution's display name (PipelineExecutionDisplayName).", null),
      BackendOption.of("description", "The execution's description (PipelineExecutionDescription).", null),
      BackendOption.of("maxParallelExecutionSteps", "How many steps may run at once in this execution.", null));

  /** Used by {@link java.util.ServiceLoader}. */
  public SageMakerProvider() {
    super(SageMakerClient.class, SageMakerAsyncClient.class);
  }

  @Override
  public String type() {
    return SageMakerBackend.DEFAULT_ID;
  }

  /**
   * Pipeline executions' status changes ({@code aws.sagemaker}, "SageMaker Model Building Pipeline Execution
   * Status Change").
   */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.of(SageMakerEvents.FORMAT);
  }

  @Override
  public String description() {
    return "Amazon SageMaker Pipelines executions";
  }

  @Override
  public IdentifierScheme scheme() {
    return SageMakerBackend.SCHEME;
  }

  @Override
  public List<BackendOption> options() {
    return List.of();
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
    SageMakerOptions.Builder options = SageMakerOptions.builder();
    values.forEach((name, given) -> {
      if (given.size() > 1) {
        throw new InvalidRequestException(ErrorContext.of(target), "options." + name, "takes one value, found "
            + given.size());
      }
      String value = given.get(0);
      switch (name) {
        case "displayName" -> options.displayName(value);
        case "description" -> options.description(value);
        case "maxParallelExecutionSteps" -> {
          try {
            options.maxParallelExecutionSteps(Integer.valueOf(value.strip()));
          } catch (NumberFormatException e) {
            throw new InvalidRequestException(ErrorContext.of(target), "options." + name,
                "must be a whole number of at least 1, found " + io.wflaunch.spi.support.UserText.quote(value));
          }
        }
        default -> throw new InvalidRequestException(ErrorContext.of(target), "options." + name,
            "is not an option of sagemaker targets");
      }
    });
    return Optional.of(options.build());
  }

  @Override
  protected AwsClientBuilder<?, SageMakerClient> clientBuilder() {
    return SageMakerClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, SageMakerAsyncClient> asyncClientBuilder() {
    return SageMakerAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<SageMakerClient, SageMakerAsyncClient, ?> backendBuilder(SageMakerClient client,
      BackendSettings settings) {
    return SageMakerBackend.builder(client);
  }
}
