package io.wflaunch.eventbridge;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RunEventsSetup#init} set up.
 *
 * @param queueUrl the queue's URL, for {@link SqsRunEvents}
 * @param queueArn the queue's ARN
 * @param ruleArn the rule's ARN
 * @param topicArn the topic's ARN, when the rule feeds a topic
 * @param eventPattern the rule's event pattern, {@link RunEventsSetup#eventPattern}
 * @param consumerPolicy the IAM policy a process reading the queue needs, {@link RunEventsSetup#consumerPolicy}
 */
public record SetupResult(String queueUrl, String queueArn, String ruleArn, Optional<String> topicArn,
    String eventPattern, String consumerPolicy) {

  /**
   * Checks the values.
   *
   * @param queueUrl the queue's URL
   * @param queueArn the queue's ARN
   * @param ruleArn the rule's ARN
   * @param topicArn the topic's ARN, or empty
   * @param eventPattern the event pattern
   * @param consumerPolicy the consumer's IAM policy
   */
  public SetupResult {
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(queueArn, "queueArn");
    Objects.requireNonNull(ruleArn, "ruleArn");
    Objects.requireNonNull(topicArn, "topicArn");
    Objects.requireNonNull(eventPattern, "eventPattern");
    Objects.requireNonNull(consumerPolicy, "consumerPolicy");
  }
}
