package io.wflaunch.eventbridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RunEventsSetup#status} found: each part, or empty where it does not exist.
 *
 * @param rule the rule
 * @param queue the queue
 * @param topicArn the topic's ARN, when a topic was asked about and exists
 * @param queueSubscribed whether the queue is subscribed to that topic (false without one)
 */
public record SetupStatus(Optional<RuleInfo> rule, Optional<QueueInfo> queue, Optional<String> topicArn,
    boolean queueSubscribed) {

  /**
   * Checks the values.
   *
   * @param rule the rule, or empty
   * @param queue the queue, or empty
   * @param topicArn the topic's ARN, or empty
   * @param queueSubscribed whether the queue is subscribed to the topic
   */
  public SetupStatus {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(topicArn, "topicArn");
  }

  /**
   * An EventBridge rule.
   *
   * @param name its name
   * @param arn its ARN
   * @param state {@code ENABLED}, {@code DISABLED} or another state the service names
   * @param pattern its event pattern, or null for a rule without one (a scheduled rule)
   * @param targetArns the ARNs of its targets
   */
  public record RuleInfo(String name, String arn, String state, String pattern, List<String> targetArns) {

    /**
     * Checks and copies the values.
     *
     * @param name the name
     * @param arn the ARN
     * @param state the state
     * @param pattern the pattern, or null
     * @param targetArns the targets' ARNs
     */
    public RuleInfo {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(state, "state");
      targetArns = List.copyOf(targetArns);
    }
  }

  /**
   * An SQS queue and its depth.
   *
   * @param url its URL
   * @param arn its ARN
   * @param visible messages waiting to be received (approximately)
   * @param inFlight messages received and not yet deleted (approximately)
   * @param delayed messages not yet visible (approximately)
   * @param created when the queue was created
   * @param retention how long it keeps a message
   */
  public record QueueInfo(String url, String arn, long visible, long inFlight, long delayed, Instant created,
      Duration retention) {

    /**
     * Checks the values.
     *
     * @param url the URL
     * @param arn the ARN
     * @param visible messages visible
     * @param inFlight messages in flight
     * @param delayed messages delayed
     * @param created when it was created
     * @param retention its retention
     */
    public QueueInfo {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(retention, "retention");
    }
  }
}
