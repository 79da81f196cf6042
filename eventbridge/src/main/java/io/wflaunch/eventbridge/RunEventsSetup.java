package io.wflaunch.eventbridge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.eventbridge.internal.Policies;
import io.wflaunch.spi.events.RunEventFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Creates, idempotently, what {@link SqsRunEvents} reads from, and tells what is there. Two topologies:
 *
 * <ul>
 *   <li><b>One process</b> (no topic): an EventBridge rule on the bus matching the formats' events, whose
 *       target ({@value #QUEUE_TARGET_ID}) is the queue; the queue's policy lets EventBridge send from that
 *       rule.
 *   <li><b>A fleet</b> (a topic): the rule's target ({@value #TOPIC_TARGET_ID}) is an SNS topic, and each
 *       process has a queue of its own subscribed to it with raw message delivery, so that every process
 *       sees every event and keeps those of the runs it tracks. The topic's policy lets EventBridge publish
 *       from the rule; each queue's policy lets SNS send from the topic.
 * </ul>
 *
 * <p>{@link #init} reads before it writes and writes only what differs, so that running it again changes
 * nothing and answers the same. A policy it writes keeps the statements of others: only its own statement
 * (Sid {@value Policies#SID}) is replaced. The queue keeps messages one day: an event older than that is of
 * no use, since runs are still read on the safety interval. SDK exceptions (access denied, throttling) are
 * thrown as the clients throw them; the clients are not closed.
 */
public final class RunEventsSetup {

  /** The rule's target id for the queue. */
  public static final String QUEUE_TARGET_ID = "wflaunch-queue";

  /** The rule's target id for the topic. */
  public static final String TOPIC_TARGET_ID = "wflaunch-topic";

  /** How long the queue keeps a message. */
  public static final Duration RETENTION = Duration.ofDays(1);

  private final SqsClient sqs;
  private final EventBridgeClient events;
  private final SnsClient sns;

  /**
   * A setup over the given clients, all of one account and region.
   *
   * @param sqs the SQS client
   * @param events the EventBridge client
   * @param sns the SNS client, or null when no request names a topic
   */
  public RunEventsSetup(SqsClient sqs, EventBridgeClient events, SnsClient sns) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.events = Objects.requireNonNull(events, "events");
    this.sns = sns;
  }

  /**
   * Creates what is missing and corrects what differs: the queue (retention one day, its policy), the rule
   * and its target, and with a topic the topic, its policy and the queue's subscription.
   *
   * @param request what to set up
   * @return the ARNs, the queue's URL, the rule's pattern and the policy the queue's readers need
   * @throws IllegalArgumentException if the request names a topic and this setup has no SNS client, or an
   *     event bus that does not exist (nothing is created then)
   * @throws io.wflaunch.ConflictException if the rule already sends events to another queue or topic, or was
   *     not made by this setup (nothing is created or changed then)
   * @throws software.amazon.awssdk.core.exception.SdkException as the clients throw it
   */
  public SetupResult init(SetupRequest request) {
    Objects.requireNonNull(request, "request");
    requireSns(request);
    String pattern = eventPattern(request.formats());
    requireBus(request);
    refuseAnotherSetup(request);
    String queueUrl = createQueue(request.queueName());
    String queueArn = queueAttributes(queueUrl, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN);
    Optional<String> topicArn = request.topicName()
        .map(name -> sns.createTopic(b -> b.name(name)).topicArn());
    String ruleArn = putRule(request, pattern);
    ObjectNode queueStatement;
    if (topicArn.isPresent()) {
      String topic = topicArn.get();
      Optional<String> topicPolicy = Optional.ofNullable(
          sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("Policy"));
      Policies.withStatement(topicPolicy,
              Policies.allowService("events.amazonaws.com", "sns:Publish", topic, ruleArn))
          .ifPresent(policy -> sns.setTopicAttributes(b -> b.topicArn(topic).attributeName("Policy")
              .attributeValue(policy)));
      putTarget(request, TOPIC_TARGET_ID, topic);
      subscribe(topic, queueArn);
      queueStatement = Policies.allowService("sns.amazonaws.com", "sqs:SendMessage", queueArn, topic);
    } else {
      putTarget(request, QUEUE_TARGET_ID, queueArn);
      queueStatement = Policies.allowService("events.amazonaws.com", "sqs:SendMessage", queueArn, ruleArn);
    }
    Map<QueueAttributeName, String> now = queueAttributes(queueUrl, QueueAttributeName.POLICY,
        QueueAttributeName.MESSAGE_RETENTION_PERIOD);
    Map<QueueAttributeName, String> changes = new java.util.EnumMap<>(QueueAttributeName.class);
    String retention = String.valueOf(RETENTION.toSeconds());
    if (!retention.equals(now.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD))) {
      changes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention);
    }
    Policies.withStatement(Optional.ofNullable(now.get(QueueAttributeName.POLICY)), queueStatement)
        .ifPresent(policy -> changes.put(QueueAttributeName.POLICY, policy));
    if (!changes.isEmpty()) {
      sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(changes));
    }
    return new SetupResult(queueUrl, queueArn, ruleArn, topicArn, pattern, consumerPolicy(queueArn));
  }

  /**
   * Reads what is there, changing nothing.
   *
   * @param request what to look at
   * @return the rule, the queue and its depth, and with a topic the topic and whether the queue is
   *     subscribed; each empty where it does not exist
   * @throws IllegalArgumentException if the request names a topic and this setup has no SNS client
   * @throws software.amazon.awssdk.core.exception.SdkException as the clients throw it
   */
  public SetupStatus status(SetupRequest request) {
    Objects.requireNonNull(request, "request");
    requireSns(request);
    Optional<SetupStatus.RuleInfo> rule = describeRule(request);
    Optional<SetupStatus.QueueInfo> queue = describeQueue(request.queueName());
    Optional<String> topicArn = Optional.empty();
    boolean subscribed = false;
    if (request.topicName().isPresent()) {
      topicArn = findTopic(request.topicName().get(), queue.map(SetupStatus.QueueInfo::arn));
      if (topicArn.isPresent() && queue.isPresent()) {
        subscribed = subscriptionOf(topicArn.get(), queue.get().arn()).isPresent();
      }
    }
    return new SetupStatus(rule, queue, topicArn, subscribed);
  }

  /**
   * The event pattern that matches the formats' events: {@code {"source":[...],"detail-type":[...]}}, each
   * list sorted and without repeats, so that the same formats give the same text. (It also matches one
   * format's source with another's detail type, which no engine publishes; such an event would be counted
   * as malformed.)
   *
   * @param formats the formats, at least one
   * @return the pattern's JSON
   * @throws IllegalArgumentException if there is no format
   */
  public static String eventPattern(List<RunEventFormat> formats) {
    Objects.requireNonNull(formats, "formats");
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("formats must not be empty: the pattern would match nothing");
    }
    TreeSet<String> sources = new TreeSet<>();
    TreeSet<String> detailTypes = new TreeSet<>();
    for (RunEventFormat format : formats) {
      sources.add(format.source());
      detailTypes.addAll(format.detailTypes());
    }
    ObjectNode pattern = Policies.object();
    sources.forEach(pattern.putArray("source")::add);
    detailTypes.forEach(pattern.putArray("detail-type")::add);
    return Policies.write(pattern);
  }

  /**
   * The IAM policy a process reading the queue needs: {@code sqs:ReceiveMessage}, {@code sqs:DeleteMessage}
   * and {@code sqs:GetQueueAttributes} on the queue.
   *
   * @param queueArn the queue's ARN
   * @return the policy's JSON
   * @throws IllegalArgumentException if the ARN is not an SQS queue's
   */
  public static String consumerPolicy(String queueArn) {
    Objects.requireNonNull(queueArn, "queueArn");
    if (!queueArn.matches("arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,80}")) {
      throw new IllegalArgumentException("queueArn must be an SQS queue's ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)");
    }
    ObjectNode policy = Policies.object();
    policy.put("Version", "2012-10-17");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", "WflaunchRunEventsConsumer");
    statement.put("Effect", "Allow");
    ArrayNode actions = statement.putArray("Action");
    actions.add("sqs:ReceiveMessage").add("sqs:DeleteMessage").add("sqs:GetQueueAttributes");
    statement.put("Resource", queueArn);
    return Policies.write(policy);
  }

  private void requireSns(SetupRequest request) {
    if (request.topicName().isPresent() && sns == null) {
      throw new IllegalArgumentException("topicName needs an SNS client: this setup was made without one");
    }
  }

  private String createQueue(String name) {
    try {
      return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    } catch (SqsException e) {
      if (!missingQueue(e)) {
        throw e;
      }
    }
    try {
      return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
          QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(RETENTION.toSeconds())))).queueUrl();
    } catch (SqsException e) {
      if (!(e instanceof QueueNameExistsException || "QueueAlreadyExists".equals(errorCode(e)))) {
        throw e;
      }
      // Created meanwhile by another process, with other attributes: corrected below.
      return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }
  }

  private Map<QueueAttributeName, String> queueAttributes(String queueUrl, QueueAttributeName... names) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(names)).attributes();
  }

  private String putRule(SetupRequest request, String pattern) {
    Optional<DescribeRuleResponse> existing = rule(request);
    if (existing.isPresent() && Policies.sameJson(existing.get().eventPattern(), pattern)
        && existing.get().state() == RuleState.ENABLED) {
      return existing.get().arn();
    }
    return events.putRule(b -> b.name(request.ruleName()).eventBusName(request.eventBusName())
        .eventPattern(pattern).state(RuleState.ENABLED)
        .description(RULE_DESCRIPTION)).ruleArn();
  }

  /**
   * Refuses, before anything is created, to take over a rule that feeds another queue or topic (a second queue on
   * it would silently take the first one's events) or that this setup did not make.
   */
  private void refuseAnotherSetup(SetupRequest request) {
    Optional<DescribeRuleResponse> existing = rule(request);
    if (existing.isEmpty()) {
      return;
    }
    String id = request.topicName().isPresent() ? TOPIC_TARGET_ID : QUEUE_TARGET_ID;
    String service = request.topicName().isPresent() ? ":sns:" : ":sqs:";
    String name = request.topicName().orElse(request.queueName());
    List<Target> targets = targets(request);
    for (Target target : targets) {
      String arn = target.arn();
      boolean same = target.id().equals(id) && arn.contains(service) && arn.endsWith(":" + name);
      if (!same) {
        throw new ConflictException(ErrorContext.empty(), "the rule " + request.ruleName()
            + " already sends events to " + arn + "; a second queue on it would take that one's events: give this "
            + "queue its own rule (ruleName, --rule), or share the events between processes through one topic with "
            + "a queue each (topicName, --topic); nothing was created or changed", null);
      }
    }
    if (targets.isEmpty() && !RULE_DESCRIPTION.equals(existing.get().description())) {
      throw new ConflictException(ErrorContext.empty(), "the rule " + request.ruleName() + " exists and was not "
          + "set up for run events; give this queue a rule of its own (ruleName, --rule); nothing was created or "
          + "changed", null);
    }
  }

  /** Refuses, before anything is created, an event bus that does not exist (the default one always does). */
  private void requireBus(SetupRequest request) {
    if (request.eventBusName().equals(SetupRequest.DEFAULT_EVENT_BUS)) {
      return;
    }
    try {
      events.describeEventBus(b -> b.name(request.eventBusName()));
    } catch (ResourceNotFoundException missing) {
      throw new IllegalArgumentException("eventBusName must name an event bus of this account and region, found "
          + "none of that name; the engines publish their state changes on the default bus, and a rule on another "
          + "bus sees them only if a rule of the default bus forwards them there", missing);
    }
  }

  private static final String RULE_DESCRIPTION = "wflaunch: the state-change events of runs, for waits to end on";

  private Optional<DescribeRuleResponse> rule(SetupRequest request) {
    try {
      return Optional.of(events.describeRule(b -> b.name(request.ruleName()).eventBusName(request.eventBusName())));
    } catch (ResourceNotFoundException missing) {
      return Optional.empty();
    }
  }

  private List<Target> targets(SetupRequest request) {
    List<Target> targets = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListTargetsByRuleResponse page = events.listTargetsByRule(b -> b.rule(request.ruleName())
          .eventBusName(request.eventBusName()).nextToken(next));
      targets.addAll(page.targets());
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return targets;
  }

  private void putTarget(SetupRequest request, String id, String arn) {
    boolean there = targets(request).stream().anyMatch(target -> target.id().equals(id) && target.arn().equals(arn)
        && target.input() == null && target.inputPath() == null && target.inputTransformer() == null);
    if (there) {
      return;
    }
    PutTargetsResponse response = events.putTargets(b -> b.rule(request.ruleName())
        .eventBusName(request.eventBusName()).targets(Target.builder().id(id).arn(arn).build()));
    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
      throw new IllegalStateException("EventBridge did not add the target " + id + " to the rule "
          + request.ruleName() + ": " + response.failedEntries().get(0).errorCode() + " "
          + response.failedEntries().get(0).errorMessage());
    }
  }

  private void subscribe(String topicArn, String queueArn) {
    Optional<Subscription> existing = subscriptionOf(topicArn, queueArn);
    if (existing.isEmpty()) {
      sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
          .attributes(Map.of("RawMessageDelivery", "true")).returnSubscriptionArn(true));
      return;
    }
    String arn = existing.get().subscriptionArn();
    String raw = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes().get("RawMessageDelivery");
    if (!"true".equalsIgnoreCase(raw)) {
      sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RawMessageDelivery")
          .attributeValue("true"));
    }
  }

  private Optional<Subscription> subscriptionOf(String topicArn, String queueArn) {
    String token = null;
    do {
      String next = token;
      ListSubscriptionsByTopicResponse page = sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn).nextToken(next));
      for (Subscription subscription : page.subscriptions()) {
        if ("sqs".equals(subscription.protocol()) && queueArn.equals(subscription.endpoint())) {
          return Optional.of(subscription);
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return Optional.empty();
  }

  private Optional<SetupStatus.RuleInfo> describeRule(SetupRequest request) {
    return rule(request).map(rule -> new SetupStatus.RuleInfo(rule.name(), rule.arn(),
        rule.stateAsString() == null ? "UNKNOWN" : rule.stateAsString(), rule.eventPattern(),
        targets(request).stream().map(Target::arn).toList()));
  }

  private Optional<SetupStatus.QueueInfo> describeQueue(String name) {
    String url;
    try {
      url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    } catch (SqsException e) {
      if (missingQueue(e)) {
        return Optional.empty();
      }
      throw e;
    }
    Map<QueueAttributeName, String> attributes = queueAttributes(url, QueueAttributeName.QUEUE_ARN,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, QueueAttributeName.CREATED_TIMESTAMP,
        QueueAttributeName.MESSAGE_RETENTION_PERIOD);
    return Optional.of(new SetupStatus.QueueInfo(url, attributes.get(QueueAttributeName.QUEUE_ARN),
        number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
        number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
        number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)),
        Instant.ofEpochSecond(number(attributes.get(QueueAttributeName.CREATED_TIMESTAMP))),
        Duration.ofSeconds(number(attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD)))));
  }

  private Optional<String> findTopic(String name, Optional<String> queueArn) {
    if (queueArn.isPresent()) {
      // The topic is of the queue's account and region: its ARN is known without listing every topic.
      String[] parts = queueArn.get().split(":", 6);
      String arn = String.join(":", parts[0], parts[1], "sns", parts[3], parts[4], name);
      try {
        sns.getTopicAttributes(b -> b.topicArn(arn));
        return Optional.of(arn);
      } catch (NotFoundException missing) {
        return Optional.empty();
      }
    }
    String token = null;
    do {
      String next = token;
      ListTopicsResponse page = sns.listTopics(b -> b.nextToken(next));
      for (var topic : page.topics()) {
        if (topic.topicArn().endsWith(":" + name)) {
          return Optional.of(topic.topicArn());
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return Optional.empty();
  }

  /** Whether SQS said there is no such queue (in the JSON protocol's words, or the query protocol's). */
  private static boolean missingQueue(SqsException e) {
    String code = errorCode(e);
    return e instanceof QueueDoesNotExistException || "QueueDoesNotExist".equals(code)
        || "AWS.SimpleQueueService.NonExistentQueue".equals(code);
  }

  private static String errorCode(SqsException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static long number(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      // Whole seconds from SQS; some peers answer with a fraction.
      return new java.math.BigDecimal(value.trim()).longValue();
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
