package io.wflaunch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.ErrorContext;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.eventbridge.RunEventsSetup;
import io.wflaunch.eventbridge.SetupRequest;
import io.wflaunch.eventbridge.SetupResult;
import io.wflaunch.eventbridge.SetupStatus;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.spi.support.UserText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code wflaunch events}: sets up ({@code init}) and shows ({@code status}) the EventBridge rule and SQS
 * queue (and, for a fleet, the SNS topic) that bring the installed engines' run state-change events to
 * {@code --events-queue}.
 */
@Command(name = "events",
    description = "Set up and inspect the EventBridge rule and SQS queue that bring run events to waits "
        + "(--events-queue of wait, start --wait and retry --wait), so that a wait ends within about a second of "
        + "its run's end. The rule matches the state-change events of the installed engines that publish them.",
    subcommands = {EventsCommand.Init.class, EventsCommand.Status.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  wflaunch events init --queue wflaunch-events --region eu-west-1",
        "  wflaunch events status --queue wflaunch-events --region eu-west-1",
        "  wflaunch wait HANDLE --events-queue \\",
        "      https://sqs.eu-west-1.amazonaws.com/123456789012/wflaunch-events"})
final class EventsCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The event bus unless {@code --event-bus} gives one. */
  static final String DEFAULT_BUS = SetupRequest.DEFAULT_EVENT_BUS;

  /** The request's fields, as the options that give them. */
  private static final java.util.Map<String, String> OPTIONS = java.util.Map.of("queueName", "--queue",
      "topicName", "--topic", "ruleName", "--rule", "eventBusName", "--event-bus");

  @ParentCommand
  private WflaunchCli cli;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The options naming the queue, rule, topic and bus, shared by {@code init} and {@code status}. */
  static final class Names {

    @Option(names = "--queue", paramLabel = "NAME", required = true,
        description = "The SQS queue's name (1 to 80 of A-Z a-z 0-9 _ -).")
    String queue;

    @Option(names = "--topic", paramLabel = "NAME",
        description = "For a fleet: an SNS topic the rule publishes to and the queue subscribes to; give each "
            + "process its own queue, subscribed to the one topic (1 to 256 of A-Z a-z 0-9 _ -).")
    String topic;

    @Option(names = "--rule", paramLabel = "NAME",
        description = "The EventBridge rule's name (1 to 64 of A-Z a-z 0-9 . _ -); default the topic's name with --topic, else "
            + "the queue's (a rule that sends to another queue or topic is refused, exit 8).")
    String rule;

    @Option(names = "--event-bus", paramLabel = "NAME",
        description = "The event bus the rule is on, its name (1 to 256 of A-Z a-z 0-9 / . _ -) or ARN; default "
            + DEFAULT_BUS + ".")
    String eventBus;

    /**
     * The setup request, every name checked before any request is sent.
     *
     * @throws ParameterException naming the option and its rule
     */
    SetupRequest request(CommandLine commandLine, List<RunEventFormat> formats) {
      try {
        return new SetupRequest(queue, Optional.ofNullable(topic),
            rule == null ? SetupRequest.defaultRuleName(queue, Optional.ofNullable(topic)) : rule,
            eventBus == null ? DEFAULT_BUS : eventBus, formats);
      } catch (IllegalArgumentException e) {
        // The request names its field and rule (never the value): said here with the option's name.
        String message = String.valueOf(e.getMessage());
        String field = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : message;
        if (field.equals("formats")) {
          throw new ParameterException(commandLine, "no installed backend's engine publishes run events, so a rule "
              + "would match nothing; 'wflaunch backends' lists the installed types and the events of each");
        }
        throw new ParameterException(commandLine, UserText.escape(OPTIONS.getOrDefault(field, field)
            + message.substring(field.length())));
      }
    }
  }

  /** The SDK clients of one command, over one HTTP client, closed together. */
  private static final class Clients implements AutoCloseable {
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final List<AutoCloseable> opened = new java.util.ArrayList<>();
    final SqsClient sqs;
    final EventBridgeClient events;
    final SnsClient sns;

    Clients(GlobalOptions options, boolean topic) {
      try {
        AwsSession.checkProfile(options);
        sqs = open(AwsSession.build(AwsSession.configure(SqsClient.builder(), options, http), "sqs"));
        events = open(AwsSession.build(AwsSession.configure(EventBridgeClient.builder(), options, http), "events"));
        sns = topic ? open(AwsSession.build(AwsSession.configure(SnsClient.builder(), options, http), "sns")) : null;
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    private <C extends AutoCloseable> C open(C client) {
      opened.add(client);
      return client;
    }

    @Override
    public void close() {
      for (AutoCloseable client : opened) {
        try {
          client.close();
        } catch (Exception ignored) {
          // closing on the way out
        }
      }
      http.close();
    }
  }

  /** Runs one setup call, an SDK failure mapped as the backends map theirs (access denied, throttled, ...). */
  private static <T> T send(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      // Setting up is idempotent: an outcome left unknown is settled by running it again.
      throw AwsErrors.table(List.of()).map(e, ErrorContext.empty(), Operation.LOOK_UP);
    } catch (IllegalArgumentException e) {
      // An event bus that does not exist: nothing was created.
      String message = String.valueOf(e.getMessage());
      String field = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : message;
      throw new io.wflaunch.InvalidRequestException(ErrorContext.empty(), OPTIONS.getOrDefault(field, field),
          message.substring(field.length()).trim(), e);
    }
  }

  /** What {@code init} and {@code status} share: their options, and one setup call over clients of their own. */
  abstract static class SetupCommand implements Callable<Integer> {

    @ParentCommand
    private EventsCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private Names names = new Names();

    final WflaunchCli cli() {
      return parent.cli;
    }

    /** The request the options give, checked before any request; refused in local mode. */
    final SetupRequest request() {
      needsAws(parent.cli, spec.commandLine());
      return names.request(spec.commandLine(), parent.cli.eventFormats());
    }

    /** Runs one setup call for {@code request} over clients made for it and closed after it. */
    final <T> T send(SetupRequest request, java.util.function.BiFunction<RunEventsSetup, SetupRequest, T> call) {
      try (Clients clients = new Clients(parent.cli.globals(), request.topicName().isPresent())) {
        return EventsCommand.send(() -> call.apply(new RunEventsSetup(clients.sqs, clients.events, clients.sns),
            request));
      }
    }
  }

  /** Refuses local mode, which has no AWS to set up. */
  private static void needsAws(WflaunchCli cli, CommandLine commandLine) {
    if (cli.globals().fake()) {
      throw new ParameterException(commandLine, commandLine.getCommandName() + " needs AWS (EventBridge, SQS), "
          + "not local mode");
    }
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // Both documents are written by the setup itself.
      throw new IllegalStateException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String pretty(String json) {
    try {
      return PRETTY.writeValueAsString(tree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code wflaunch events init}. */
  @Command(name = "init", sortOptions = false,
      description = {"Create, or bring up to date, the SQS queue, its policy, and one EventBridge rule (with its "
          + "target) matching the state-change events of the installed engines that publish them; with --topic, "
          + "the rule publishes to that SNS topic and the queue subscribes to it (one queue per process of a "
          + "fleet, each run with its own --queue). Running it again changes nothing and prints the same.",
          "Prints the queue's URL (for --events-queue) and ARN, the rule's ARN, the topic's ARN with --topic, the "
              + "event pattern, and the IAM policy the processes reading the queue need; one JSON document with "
              + "--json. Exits 0 when done, 2 on invalid input or when no installed engine publishes events (nothing "
              + "sent), 4 when access is denied, 5 when throttled or unavailable, 8 when the rule already sends "
              + "events to another queue or topic (nothing changed on it)."},
      footerHeading = "%nExamples:%n",
      footer = {
          "  wflaunch events init --queue wflaunch-events --region eu-west-1",
          "  wflaunch events init --queue host-a-events \\",
          "      --topic wflaunch-fleet-events --json"})
  static final class Init extends SetupCommand {

    @Override
    public Integer call() {
      WflaunchCli cli = cli();
      SetupRequest request = request();
      SetupResult result = send(request, RunEventsSetup::init);
      PrintWriter out = cli.out();
      if (cli.globals().json) {
        ObjectNode node = JSON.createObjectNode();
        node.put("queueUrl", result.queueUrl());
        node.put("queueArn", result.queueArn());
        node.put("ruleArn", result.ruleArn());
        result.topicArn().ifPresent(arn -> node.put("topicArn", arn));
        node.set("eventPattern", tree(result.eventPattern()));
        node.set("consumerPolicy", tree(result.consumerPolicy()));
        out.println(write(node));
      } else {
        out.println("queue URL:   " + result.queueUrl());
        out.println("queue ARN:   " + result.queueArn());
        out.println("rule ARN:    " + result.ruleArn());
        result.topicArn().ifPresent(arn -> out.println("topic ARN:   " + arn));
        out.println("event pattern:");
        out.println(result.eventPattern());
        out.println("IAM policy for the processes that read the queue:");
        out.println(pretty(result.consumerPolicy()));
      }
      out.flush();
      cli.note("wflaunch: waits receive these events with --events-queue " + result.queueUrl());
      return ExitCodes.OK;
    }
  }

  /** {@code wflaunch events status}. */
  @Command(name = "status", sortOptions = false,
      description = {"Show the EventBridge rule (state, pattern, targets), the SQS queue (messages visible, in "
          + "flight and delayed; age; retention) and, with --topic, the SNS topic and whether the queue is "
          + "subscribed to it; reads only. One JSON document with --json.",
          "Exits 0 when the rule, the queue and (with --topic) the topic exist and are wired together (the rule "
              + "is enabled and targets the queue, or the topic the queue subscribes to), 1 when any of them is missing or not "
              + "wired (shown as missing), 2 on invalid input (nothing sent), 4 when access is denied."},
      footerHeading = "%nExamples:%n",
      footer = {
          "  wflaunch events status --queue wflaunch-events --region eu-west-1",
          "  wflaunch events status --queue host-a-events \\",
          "      --topic wflaunch-fleet-events --json"})
  static final class Status extends SetupCommand {

    @Override
    public Integer call() {
      WflaunchCli cli = cli();
      SetupRequest request = request();
      SetupStatus status = send(request, RunEventsSetup::status);
      StatusView view = new StatusView(request, status, cli.clock().instant());
      cli.out().println(cli.globals().json ? write(view.json()) : view.text());
      cli.out().flush();
      return view.complete() ? ExitCodes.OK : ExitCodes.RUN_NOT_SUCCESSFUL;
    }
  }

  /** What {@code events status} prints, and whether everything is there. */
  record StatusView(SetupRequest request, SetupStatus status, Instant now) {

    boolean complete() {
      return status.rule().isPresent() && "ENABLED".equals(status.rule().get().state()) && status.queue().isPresent()
          && ruleTargetsOurs()
          && (request.topicName().isEmpty() || status.topicArn().isPresent() && subscribed());
    }

    private boolean ruleTargetsOurs() {
      Optional<String> target = request.topicName().isPresent() ? status.topicArn()
          : status.queue().map(SetupStatus.QueueInfo::arn);
      return target.isPresent() && status.rule().map(rule -> rule.targetArns().contains(target.get())).orElse(false);
    }

    private boolean subscribed() {
      return status.queueSubscribed();
    }

    String text() {
      StringBuilder text = new StringBuilder();
      String ruleName = request.ruleName();
      if (status.rule().isEmpty()) {
        text.append("rule ").append(ruleName).append(": missing (on bus ").append(request.eventBusName())
            .append("; 'wflaunch events init' creates it)\n");
      } else {
        SetupStatus.RuleInfo rule = status.rule().get();
        text.append("rule ").append(ruleName).append(": ").append(rule.state()).append('\n');
        text.append("  ARN      ").append(rule.arn()).append('\n');
        text.append("  pattern  ").append(rule.pattern()).append('\n');
        text.append("  targets  ").append(rule.targetArns().isEmpty() ? "none" : String.join(", ", rule.targetArns()))
            .append(ruleTargetsOurs() || (request.topicName().isPresent() ? status.topicArn() : status.queue()).isEmpty()
                ? "" : " (not the " + (request.topicName().isPresent() ? "topic" : "queue") + ")")
            .append('\n');
      }
      if (status.queue().isEmpty()) {
        text.append("queue ").append(request.queueName()).append(": missing ('wflaunch events init' creates it)\n");
      } else {
        SetupStatus.QueueInfo queue = status.queue().get();
        text.append("queue ").append(request.queueName()).append(": ").append(queue.url()).append('\n');
        text.append("  ARN       ").append(queue.arn()).append('\n');
        text.append("  messages  ").append(queue.visible()).append(" visible, ").append(queue.inFlight())
            .append(" in flight, ").append(queue.delayed()).append(" delayed\n");
        text.append("  created   ").append(queue.created()).append(" (")
            .append(StatusOutput.human(age(queue.created()))).append(" ago)\n");
        text.append("  retention ").append(StatusOutput.human(queue.retention())).append('\n');
      }
      request.topicName().ifPresent(topic -> {
        if (status.topicArn().isEmpty()) {
          text.append("topic ").append(topic).append(": missing ('wflaunch events init --topic' creates it)\n");
        } else {
          text.append("topic ").append(topic).append(": ").append(status.topicArn().get()).append('\n');
          text.append("  queue subscribed: ").append(subscribed() ? "yes" : "no").append('\n');
        }
      });
      return text.toString().stripTrailing();
    }

    ObjectNode json() {
      ObjectNode node = JSON.createObjectNode();
      node.put("complete", complete());
      if (status.rule().isEmpty()) {
        node.putNull("rule");
      } else {
        SetupStatus.RuleInfo rule = status.rule().get();
        ObjectNode r = node.putObject("rule");
        r.put("name", rule.name());
        r.put("arn", rule.arn());
        r.put("state", rule.state());
        r.set("pattern", rule.pattern() == null ? null : tree(rule.pattern()));
        rule.targetArns().forEach(r.putArray("targets")::add);
      }
      if (status.queue().isEmpty()) {
        node.putNull("queue");
      } else {
        SetupStatus.QueueInfo queue = status.queue().get();
        ObjectNode q = node.putObject("queue");
        q.put("url", queue.url());
        q.put("arn", queue.arn());
        q.put("visible", queue.visible());
        q.put("inFlight", queue.inFlight());
        q.put("delayed", queue.delayed());
        q.put("created", queue.created().toString());
        q.put("ageSeconds", age(queue.created()).toSeconds());
        q.put("retentionSeconds", queue.retention().toSeconds());
      }
      if (request.topicName().isPresent()) {
        if (status.topicArn().isEmpty()) {
          node.putNull("topic");
        } else {
          ObjectNode t = node.putObject("topic");
          t.put("arn", status.topicArn().get());
          t.put("queueSubscribed", subscribed());
        }
      }
      return node;
    }

    private Duration age(Instant created) {
      Duration age = Duration.between(created, now);
      return age.isNegative() ? Duration.ZERO : age;
    }
  }
}
