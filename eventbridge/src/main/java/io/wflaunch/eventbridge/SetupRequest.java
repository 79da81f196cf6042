package io.wflaunch.eventbridge;

import io.wflaunch.spi.events.RunEventFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@link RunEventsSetup} creates or inspects: a queue, the rule that feeds it (directly, or through a
 * topic the queue subscribes to), on an event bus, matching the events of some formats. Every name is
 * checked here, before any request is sent.
 *
 * @param queueName the SQS queue's name: 1 to 80 letters, digits, {@code _} and {@code -}
 * @param topicName the SNS topic between the rule and the queue, for a fleet of processes that each have a
 *     queue: 1 to 256 letters, digits, {@code _} and {@code -}; empty for a rule that targets the queue
 * @param ruleName the EventBridge rule's name: 1 to 64 letters, digits, {@code .}, {@code _} and {@code -};
 *     unless given, the topic's name, else the queue's ({@link #defaultRuleName}), so that two queues set up
 *     apart never share a rule
 * @param eventBusName the event bus's name (1 to 256 letters, digits, {@code /}, {@code .}, {@code _} and
 *     {@code -}) or ARN
 * @param formats the formats whose events the rule matches, at least one
 */
public record SetupRequest(String queueName, Optional<String> topicName, String ruleName, String eventBusName,
    List<RunEventFormat> formats) {

  /** The account's default event bus, where the engines publish their state changes. */
  public static final String DEFAULT_EVENT_BUS = "default";

  private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final Pattern RULE_NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
  private static final Pattern BUS_NAME = Pattern.compile(
      "(arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/)?[/.\\-_A-Za-z0-9]{1,256}");

  /**
   * Checks the names and copies the formats.
   *
   * @param queueName the queue's name
   * @param topicName the topic's name, or empty
   * @param ruleName the rule's name
   * @param eventBusName the bus's name or ARN
   * @param formats the formats, at least one
   * @throws NullPointerException if a value is null
   * @throws IllegalArgumentException naming the field and its rule if a name breaks it or there is no format
   */
  public SetupRequest {
    check("queueName", queueName, QUEUE_NAME, "1 to 80 characters of letters, digits, '_' and '-' (a standard "
        + "queue: a FIFO queue's '.fifo' name is not taken)");
    Objects.requireNonNull(topicName, "topicName");
    topicName.ifPresent(name -> check("topicName", name, TOPIC_NAME,
        "1 to 256 characters of letters, digits, '_' and '-'"));
    check("ruleName", ruleName, RULE_NAME, "1 to 64 characters of letters, digits, '.', '_' and '-'");
    check("eventBusName", eventBusName, BUS_NAME,
        "a bus's name (1 to 256 characters of letters, digits, '/', '.', '_' and '-') or its ARN");
    formats = List.copyOf(Objects.requireNonNull(formats, "formats"));
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("formats must not be empty: a rule without events to match would match "
          + "nothing (no installed engine publishes run events?)");
    }
  }

  /**
   * A request for a queue the rule targets directly, with the default rule name and bus.
   *
   * @param queueName the queue's name
   * @param formats the formats whose events the rule matches
   * @return the request
   * @throws IllegalArgumentException if the name breaks its rule or there is no format
   */
  public static SetupRequest of(String queueName, List<RunEventFormat> formats) {
    return new SetupRequest(queueName, Optional.empty(), defaultRuleName(queueName, Optional.empty()),
        DEFAULT_EVENT_BUS, formats);
  }

  /**
   * The rule's name unless one is given: the topic's name with a topic (the processes of a fleet share the
   * rule and the topic), else the queue's; its first 64 characters.
   *
   * @param queueName the queue's name
   * @param topicName the topic's name, or empty
   * @return the rule's name
   */
  public static String defaultRuleName(String queueName, Optional<String> topicName) {
    String name = topicName.orElse(Objects.requireNonNull(queueName, "queueName"));
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  /**
   * This request with the rule feeding a topic the queue subscribes to; a rule named by default is then named
   * after the topic. (A rule given the very name the default would give is taken for a default one: to keep
   * such a name with a topic, call {@link #withRuleName} after this.)
   *
   * @param topicName the topic's name
   * @return the new request
   * @throws IllegalArgumentException if the name breaks its rule
   */
  public SetupRequest withTopicName(String topicName) {
    Optional<String> topic = Optional.of(Objects.requireNonNull(topicName, "topicName"));
    String rule = ruleName.equals(defaultRuleName(queueName, this.topicName)) ? defaultRuleName(queueName, topic)
        : ruleName;
    return new SetupRequest(queueName, topic, rule, eventBusName, formats);
  }

  /**
   * This request with another rule name.
   *
   * @param ruleName the rule's name
   * @return the new request
   * @throws IllegalArgumentException if the name breaks its rule
   */
  public SetupRequest withRuleName(String ruleName) {
    return new SetupRequest(queueName, topicName, ruleName, eventBusName, formats);
  }

  /**
   * This request on another event bus.
   *
   * @param eventBusName the bus's name or ARN
   * @return the new request
   * @throws IllegalArgumentException if the name breaks its rule
   */
  public SetupRequest withEventBusName(String eventBusName) {
    return new SetupRequest(queueName, topicName, ruleName, eventBusName, formats);
  }

  private static void check(String field, String value, Pattern pattern, String rule) {
    Objects.requireNonNull(value, field);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be " + rule + ", found " + describe(field, value));
    }
  }

  /** What is wrong with a value, without quoting it: the first character its rule does not allow, else its length. */
  private static String describe(String field, String value) {
    if (value.isEmpty()) {
      return "an empty name";
    }
    String allowed = switch (field) {
      case "ruleName" -> "._-";
      case "eventBusName" -> "/._-:";
      default -> "_-";
    };
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && allowed.indexOf(c) < 0) {
        return "a character not allowed at position " + (i + 1);
      }
    }
    return "a name of " + value.length() + " characters";
  }
}
