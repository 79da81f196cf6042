package io.wflaunch.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.RunEvent;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link RunEventsSetup} against moto: the queue, rule, target, topic, subscription and policies it creates,
 * that a second init changes nothing, that events reach the queues, and what status reports. Moto's
 * EventBridge delivers to SQS targets but not to SNS ones, so with a topic the test publishes the event to
 * the topic itself, as the rule would.
 */
class RunEventsSetupMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<RunEventFormat> FORMATS = List.of(InMemoryRunEvents.FORMAT);
  private static final RunHandle RUN = new RunHandle("memory", List.of("nightly", "r-1"));

  private SqsClient sqs;
  private EventBridgeClient events;
  private SnsClient sns;
  private RunEventsSetup setup;

  @BeforeEach
  void clients() {
    MOTO.reset();
    sqs = MotoAws.sqs(MOTO);
    events = MotoAws.events(MOTO);
    sns = MotoAws.sns(MOTO);
    setup = new RunEventsSetup(sqs, events, sns);
  }

  @AfterEach
  void close() {
    sqs.close();
    events.close();
    sns.close();
  }

  @Test
  void initWithoutATopicCreatesTheQueueAndARuleTargetingItAndAnswersTheSameTheSecondTime() throws Exception {
    SetupRequest request = SetupRequest.of("runs", FORMATS);

    SetupResult first = setup.init(request);
    String policyAfterFirst = queueAttribute(first.queueUrl(), QueueAttributeName.POLICY);
    SetupResult second = setup.init(request);

    assertThat(second).isEqualTo(first);
    assertThat(first.queueArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:runs");
    assertThat(first.ruleArn()).endsWith(":rule/" + "runs");
    assertThat(first.topicArn()).isEmpty();
    assertThat(JSON.readTree(first.eventPattern())).isEqualTo(JSON.readTree(
        "{\"source\":[\"wflaunch.memory\"],\"detail-type\":[\"Memory Run State Change\"]}"));
    assertThat(queueAttribute(first.queueUrl(), QueueAttributeName.POLICY)).as("unchanged").isEqualTo(policyAfterFirst);
    assertThat(queueAttribute(first.queueUrl(), QueueAttributeName.MESSAGE_RETENTION_PERIOD)).isEqualTo("86400");
    JsonNode statement = JSON.readTree(policyAfterFirst).get("Statement");
    assertThat(statement).hasSize(1);
    assertThat(statement.get(0).at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
    assertThat(statement.get(0).get("Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(statement.get(0).at("/Condition/ArnEquals/aws:SourceArn").asText()).isEqualTo(first.ruleArn());

    List<Target> targets = events.listTargetsByRule(b -> b.rule("runs")).targets();
    assertThat(targets).extracting(Target::id, Target::arn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(RunEventsSetup.QUEUE_TARGET_ID, first.queueArn()));
    assertThat(events.describeRule(b -> b.name("runs")).stateAsString()).isEqualTo("ENABLED");

    JsonNode consumer = JSON.readTree(first.consumerPolicy()).get("Statement").get(0);
    assertThat(consumer.get("Resource").asText()).isEqualTo(first.queueArn());
    assertThat(consumer.get("Action")).extracting(JsonNode::asText)
        .containsExactly("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
  }

  @Test
  void anEventOfAFormatReachesTheQueueAndOthersDoNot() {
    SetupResult result = setup.init(SetupRequest.of("runs", FORMATS));
    EventEnvelope event = InMemoryRunEvents.eventOf(RUN, RunState.SUCCEEDED, Instant.now().truncatedTo(ChronoUnit.SECONDS));

    MotoAws.put(events, event);
    MotoAws.put(events, new EventEnvelope("x", "wflaunch.other", "Other Change", event.time(), "", "", List.of(),
        event.detail()));

    List<Message> received = sqs.receiveMessage(b -> b.queueUrl(result.queueUrl()).maxNumberOfMessages(10)
        .waitTimeSeconds(1)).messages();
    assertThat(received).hasSize(1);
    EventEnvelope read = EventMessages.read(received.get(0).body());
    assertThat(read.source()).isEqualTo(InMemoryRunEvents.SOURCE);
    assertThat(InMemoryRunEvents.FORMAT.read(read))
        .isEqualTo(new RunEvent(List.of("nightly", "r-1"), RunState.SUCCEEDED, "SUCCEEDED"));
  }

  @Test
  void initWithATopicSubscribesEachQueueOnceAndAnEventOnTheTopicReachesBoth() throws Exception {
    SetupRequest a = SetupRequest.of("host-a", FORMATS).withTopicName("run-events");
    SetupRequest b = SetupRequest.of("host-b", FORMATS).withTopicName("run-events");

    SetupResult resultA = setup.init(a);
    SetupResult resultB = setup.init(b);
    assertThat(setup.init(a)).isEqualTo(resultA);
    assertThat(setup.init(b)).isEqualTo(resultB);

    String topicArn = resultA.topicArn().orElseThrow();
    assertThat(resultB.topicArn()).contains(topicArn);
    assertThat(resultB.ruleArn()).isEqualTo(resultA.ruleArn());
    assertThat(events.listTargetsByRule(r -> r.rule("run-events")).targets())
        .extracting(Target::id, Target::arn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(RunEventsSetup.TOPIC_TARGET_ID, topicArn));
    var subscriptions = sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions();
    assertThat(subscriptions).extracting(s -> s.endpoint())
        .containsExactlyInAnyOrder(resultA.queueArn(), resultB.queueArn());
    for (var subscription : subscriptions) {
      assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscription.subscriptionArn())).attributes())
          .containsEntry("RawMessageDelivery", "true");
    }
    JsonNode topicStatement = JSON.readTree(sns.getTopicAttributes(r -> r.topicArn(topicArn)).attributes()
        .get("Policy")).get("Statement");
    assertThat(topicStatement).filteredOn(s -> s.path("Sid").asText().equals("WflaunchRunEvents")).singleElement()
        .satisfies(s -> {
          assertThat(s.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
          assertThat(s.get("Action").asText()).isEqualTo("sns:Publish");
          assertThat(s.at("/Condition/ArnEquals/aws:SourceArn").asText()).isEqualTo(resultA.ruleArn());
        });
    JsonNode queueStatement = JSON.readTree(queueAttribute(resultA.queueUrl(), QueueAttributeName.POLICY))
        .get("Statement").get(0);
    assertThat(queueStatement.at("/Principal/Service").asText()).isEqualTo("sns.amazonaws.com");
    assertThat(queueStatement.at("/Condition/ArnEquals/aws:SourceArn").asText()).isEqualTo(topicArn);

    EventEnvelope event = InMemoryRunEvents.eventOf(RUN, RunState.FAILED, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    sns.publish(r -> r.topicArn(topicArn).message(MotoAws.eventJson(event)));

    for (SetupResult result : List.of(resultA, resultB)) {
      List<Message> received = sqs.receiveMessage(r -> r.queueUrl(result.queueUrl()).waitTimeSeconds(1)).messages();
      assertThat(received).as("the queue %s", result.queueUrl()).hasSize(1);
      assertThat(EventMessages.read(received.get(0).body())).isEqualTo(new EventEnvelope(event.id(), event.source(),
          event.detailType(), event.time(), "us-east-1", "123456789012", event.resources(), event.detail()));
    }
  }

  @Test
  void statusShowsTheRuleTheQueueItsDepthAndTheSubscriptionAndChangesNothing() {
    SetupRequest request = SetupRequest.of("depth", FORMATS).withTopicName("fleet");
    SetupStatus before = setup.status(request);
    assertThat(before).isEqualTo(new SetupStatus(Optional.empty(), Optional.empty(), Optional.empty(), false));
    assertThat(sqs.listQueues().queueUrls()).as("status creates nothing").isEmpty();

    SetupResult result = setup.init(request);
    for (int i = 0; i < 3; i++) {
      int n = i;
      sqs.sendMessage(b -> b.queueUrl(result.queueUrl()).messageBody("m" + n));
    }
    sqs.receiveMessage(b -> b.queueUrl(result.queueUrl()).maxNumberOfMessages(1).visibilityTimeout(600));
    SetupStatus status = setup.status(request);

    SetupStatus.RuleInfo rule = status.rule().orElseThrow();
    assertThat(rule.name()).isEqualTo("fleet");
    assertThat(rule.arn()).isEqualTo(result.ruleArn());
    assertThat(rule.state()).isEqualTo("ENABLED");
    assertThat(rule.targetArns()).containsExactly(result.topicArn().orElseThrow());
    SetupStatus.QueueInfo queue = status.queue().orElseThrow();
    assertThat(queue.url()).isEqualTo(result.queueUrl());
    assertThat(queue.arn()).isEqualTo(result.queueArn());
    assertThat(queue.visible()).isEqualTo(2);
    assertThat(queue.inFlight()).isEqualTo(1);
    assertThat(queue.delayed()).isZero();
    assertThat(queue.retention()).isEqualTo(Duration.ofDays(1));
    assertThat(queue.created()).isBefore(Instant.now().plusSeconds(5)).isAfter(Instant.now().minus(Duration.ofHours(1)));
    assertThat(status.topicArn()).isEqualTo(result.topicArn());
    assertThat(status.queueSubscribed()).isTrue();

    SetupStatus otherQueue = setup.status(SetupRequest.of("elsewhere", FORMATS).withTopicName("fleet"));
    assertThat(otherQueue.queue()).isEmpty();
    assertThat(otherQueue.topicArn()).as("found by listing").isEqualTo(result.topicArn());
    assertThat(otherQueue.queueSubscribed()).isFalse();
  }

  @Test
  void anInvalidRequestNamesTheFieldAndItsRuleBeforeAnyRequest() {
    assertThatThrownBy(() -> SetupRequest.of("has space", FORMATS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueName must be 1 to 80 characters of letters, digits, '_' and '-' (a standard queue: a FIFO "
            + "queue's '.fifo' name is not taken), found a character not allowed at position 4");
    assertThatThrownBy(() -> SetupRequest.of("q".repeat(81), FORMATS))
        .hasMessageEndingWith("found a name of 81 characters");
    assertThatThrownBy(() -> SetupRequest.of("runs.fifo", FORMATS))
        .hasMessageEndingWith("found a character not allowed at position 5");
    assertThatThrownBy(() -> SetupRequest.of("q", FORMATS).withRuleName("r".repeat(65)))
        .hasMessageStartingWith("ruleName must be 1 to 64 characters of letters, digits, '.', '_' and '-'");
    assertThatThrownBy(() -> SetupRequest.of("q", FORMATS).withTopicName("a.b"))
        .hasMessageStartingWith("topicName must be 1 to 256 characters of letters, digits, '_' and '-'");
    assertThatThrownBy(() -> SetupRequest.of("q", FORMATS).withEventBusName("bus name"))
        .hasMessageStartingWith("eventBusName must be a bus's name");
    assertThatThrownBy(() -> SetupRequest.of("q", List.of())).hasMessageStartingWith("formats must not be empty");
    assertThat(SetupRequest.of("q", FORMATS).withEventBusName(
        "arn:aws:events:us-east-1:123456789012:event-bus/runs").eventBusName()).endsWith("/runs");

    assertThatThrownBy(() -> setup.init(SetupRequest.of("q", FORMATS).withEventBusName("no-such-bus")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("eventBusName must name an event bus");

    RunEventsSetup withoutSns = new RunEventsSetup(sqs, events, null);
    assertThatThrownBy(() -> withoutSns.init(SetupRequest.of("q", FORMATS).withTopicName("t")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("topicName needs an SNS client");
    assertThatThrownBy(() -> withoutSns.status(SetupRequest.of("q", FORMATS).withTopicName("t")))
        .hasMessageStartingWith("topicName needs an SNS client");
    assertThat(sqs.listQueues().queueUrls()).as("no request was sent").isEmpty();
    assertThat(events.listRules(b -> b.namePrefix("")).rules()).isEmpty();
  }

  @Test
  void twoQueuesSetUpApartGetARuleEachAndARuleFeedingAnotherQueueIsNotTakenOver() {
    SetupResult a = setup.init(SetupRequest.of("app-a", FORMATS));
    SetupResult b = setup.init(SetupRequest.of("app-b", FORMATS));

    assertThat(a.ruleArn()).endsWith(":rule/app-a");
    assertThat(b.ruleArn()).endsWith(":rule/app-b");
    assertThat(events.listTargetsByRule(r -> r.rule("app-a")).targets()).extracting(Target::arn)
        .containsExactly(a.queueArn());

    assertThatThrownBy(() -> setup.init(SetupRequest.of("app-c", FORMATS).withRuleName("app-a")))
        .isInstanceOf(io.wflaunch.ConflictException.class)
        .hasMessageContaining("the rule app-a already sends events to " + a.queueArn());
    assertThat(sqs.listQueues(r -> r.queueNamePrefix("app-c")).queueUrls()).as("nothing created").isEmpty();
    assertThatThrownBy(() -> setup.init(SetupRequest.of("app-a", FORMATS).withTopicName("fleet").withRuleName("app-a")))
        .as("nor moved from a queue to a topic").isInstanceOf(io.wflaunch.ConflictException.class);
    events.putRule(r -> r.name("theirs").eventPattern("{\"source\":[\"aws.s3\"]}"));
    assertThatThrownBy(() -> setup.init(SetupRequest.of("app-d", FORMATS).withRuleName("theirs")))
        .as("a rule of someone else's").isInstanceOf(io.wflaunch.ConflictException.class)
        .hasMessageContaining("was not set up for run events");
    assertThat(events.listTargetsByRule(r -> r.rule("app-a")).targets()).extracting(Target::arn)
        .as("the first queue keeps its events").containsExactly(a.queueArn());
  }

  @Test
  void thePolicyKeepsOtherStatementsAndTheEventPatternIsSortedAndDeterministic() throws Exception {
    SetupResult result = setup.init(SetupRequest.of("shared", FORMATS));
    String other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Theirs\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\""
        + result.queueArn() + "\"}]}";
    sqs.setQueueAttributes(b -> b.queueUrl(result.queueUrl()).attributes(java.util.Map.of(QueueAttributeName.POLICY, other)));

    setup.init(SetupRequest.of("shared", FORMATS));

    JsonNode statements = JSON.readTree(queueAttribute(result.queueUrl(), QueueAttributeName.POLICY)).get("Statement");
    assertThat(statements).extracting(s -> s.get("Sid").asText()).containsExactly("Theirs", "WflaunchRunEvents");

    RunEventFormat second = new Format("aws.b", List.of("Z Change", "A Change"));
    RunEventFormat first = new Format("aws.a", List.of("M Change"));
    assertThat(RunEventsSetup.eventPattern(List.of(second, first, second)))
        .isEqualTo(RunEventsSetup.eventPattern(List.of(first, second)))
        .isEqualTo("{\"source\":[\"aws.a\",\"aws.b\"],\"detail-type\":[\"A Change\",\"M Change\",\"Z Change\"]}");
    assertThatThrownBy(() -> RunEventsSetup.consumerPolicy("arn:aws:sns:us-east-1:123456789012:topic"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("queueArn must be an SQS queue's ARN");
  }

  private String queueAttribute(String queueUrl, QueueAttributeName name) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
  }

  private record Format(String source, List<String> detailTypes) implements RunEventFormat {
    @Override
    public RunEvent read(EventEnvelope event) {
      throw new UnsupportedOperationException("not read here");
    }
  }
}
