package io.wflaunch.swf;

import io.wflaunch.aws.AwsBackendBuilder;
import io.wflaunch.aws.AwsBackendProvider;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.swf.internal.SwfEvents;
import io.wflaunch.BackendOptions;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.UserText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The {@code swf} backend type, for tools: builds {@link SwfBackend}s from settings. Options:
 * {@code follow-continued-as-new}, {@code key-look-back}, {@code list-window} (see {@link SwfBackend.Builder}).
 * A given {@link SwfClient} (and {@link SwfAsyncClient}) is used as it is.
 */
public final class SwfProvider extends AwsBackendProvider<SwfClient, SwfAsyncClient> {

  private static final List<BackendOption> OPTIONS = List.of(
      BackendOption.of("follow-continued-as-new", "Whether reads and stops follow an execution continued as new.",
          "true"),
      BackendOption.of("key-look-back", "How far back a look-up by key searches closed executions.", "90d"),
      BackendOption.of("list-window", "How far back listing a workflow's runs searches.", "90d"));

  private static final List<BackendOption> START_OPTIONS = List.of(
      BackendOption.of("workflowId", "The execution's workflowId; default: derived from the idempotency key, or random.",
          null),
      BackendOption.of("taskList", "The decision task list.", null),
      BackendOption.of("taskPriority", "The decision task priority.", null),
      BackendOption.of("executionStartToCloseTimeout", "How long the execution may run (3600, 3600s or PT1H).", null),
      BackendOption.of("taskStartToCloseTimeout", "How long a decision task may take, or NONE.", null),
      BackendOption.of("tags", "A tag; give it once per tag (at most 5, 4 with an idempotency key).", null),
      BackendOption.of("childPolicy", "TERMINATE, REQUEST_CANCEL or ABANDON.", null),
      BackendOption.of("lambdaRole", "The IAM role for Lambda tasks.", null));

  /** Used by {@link java.util.ServiceLoader}. */
  public SwfProvider() {
    super(SwfClient.class, SwfAsyncClient.class);
  }

  @Override
  public String type() {
    return SwfBackend.DEFAULT_ID;
  }

  /** Executions' state changes ({@code aws.swf}, "Simple Workflow Execution State Change"). */
  @Override
  public Optional<RunEventFormat> runEvents() {
    return Optional.of(SwfEvents.FORMAT);
  }

  @Override
  public String description() {
    return "Amazon SWF workflow executions";
  }

  @Override
  public IdentifierScheme scheme() {
    return SwfBackend.SCHEME;
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
    SwfOptions.Builder options = SwfOptions.builder();
    values.forEach((name, given) -> {
      if (!name.equals("tags") && given.size() > 1) {
        throw new InvalidRequestException(context, "options." + name, "takes one value, found " + given.size());
      }
      String value = given.get(0);
      switch (name) {
        case "workflowId" -> options.workflowId(value);
        case "taskList" -> options.taskList(value);
        case "taskPriority" -> options.taskPriority(number(context, name, value));
        case "executionStartToCloseTimeout" -> options.executionStartToCloseTimeout(seconds(context, name, value));
        case "taskStartToCloseTimeout" -> {
          if (value.equalsIgnoreCase("NONE")) {
            options.noTaskStartToCloseTimeout();
          } else {
            options.taskStartToCloseTimeout(seconds(context, name, value));
          }
        }
        case "tags" -> given.forEach(options::tag);
        case "childPolicy" -> {
          ChildPolicy policy = ChildPolicy.fromValue(value.toUpperCase(Locale.ROOT));
          if (policy == ChildPolicy.UNKNOWN_TO_SDK_VERSION) {
            throw new InvalidRequestException(context, "options.childPolicy", "must be one of "
                + ChildPolicy.knownValues() + ", found " + UserText.quote(value));
          }
          options.childPolicy(policy);
        }
        case "lambdaRole" -> options.lambdaRole(value);
        default -> throw new InvalidRequestException(context, "options." + name, "is not an option of swf targets");
      }
    });
    return Optional.of(options.build());
  }

  private static int number(ErrorContext context, String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(context, "options." + name, "must be a whole number, found "
          + UserText.quote(value));
    }
  }

  private static Duration seconds(ErrorContext context, String name, String value) {
    String plain = value.strip();
    try {
      return plain.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(plain))
          : plain.matches("\\d{1,9}s") ? Duration.ofSeconds(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : Duration.parse(plain.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(context, "options." + name, "must be whole seconds such as 3600, 3600s "
          + "or PT1H, found " + UserText.quote(value));
    }
  }

  @Override
  protected AwsClientBuilder<?, SwfClient> clientBuilder() {
    return SwfClient.builder();
  }

  @Override
  protected AwsClientBuilder<?, SwfAsyncClient> asyncClientBuilder() {
    return SwfAsyncClient.builder();
  }

  @Override
  protected AwsBackendBuilder<SwfClient, SwfAsyncClient, ?> backendBuilder(SwfClient client, BackendSettings settings) {
    SwfBackend.Builder builder = SwfBackend.builder(client);
    settings.booleanOption("follow-continued-as-new").ifPresent(builder::followContinuedAsNew);
    settings.durationOption("key-look-back").ifPresent(builder::keyLookBack);
    settings.durationOption("list-window").ifPresent(builder::listWindow);
    return builder;
  }
}
