package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code wflaunch events init} and {@code events status} against a real moto server, with the in-memory
 * engine's event format standing for the installed engines' (so that the test does not depend on which
 * adapters publish events).
 */
class EventsCommandMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static SqsClient sqs;
  private static EventBridgeClient events;
  private static SnsClient sns;
  private final ObjectMapper json = new ObjectMapper();
  private List<RunEventFormat> formats = List.of(InMemoryRunEvents.FORMAT);

  @BeforeAll
  static void clients() {
    sqs = SqsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    events = EventBridgeClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    sns = SnsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void close() {
    sqs.close();
    events.close();
    sns.close();
  }

  @BeforeEach
  void reset() {
    MOTO.reset();
  }

  private CliHarness.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint", MOTO.endpoint().toString(), "--region", "us-east-1"));
    return runAsIs(all.toArray(String[]::new));
  }

  private CliHarness.Result runAsIs(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = WflaunchCli.execute(args, new PrintWriter(out), new PrintWriter(err),
        WflaunchCli.defaultSessions(Clock.systemUTC()), () -> {
          throw new AssertionError("no demo here");
        }, Clock.systemUTC(), false, name -> null, () -> formats);
    return new CliHarness.Result(exit, out.toString(), err.toString());
  }

  @Test
  void initTwicePrintsTheSameAndLeavesOneRuleTargetingTheQueue() throws Exception {
    CliHarness.Result first = run("events", "init", "--queue", "wflaunch-events");
    CliHarness.Result second = run("events", "init", "--queue", "wflaunch-events");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    String queueUrl = sqs.getQueueUrl(r -> r.queueName("wflaunch-events")).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
        .attributesAsStrings().get("QueueArn");
    assertThat(first.out()).contains("queue URL:   " + queueUrl).contains("queue ARN:   " + queueArn)
        .contains("\"wflaunch.memory\"").contains("sqs:ReceiveMessage").contains("sqs:DeleteMessage");
    assertThat(first.err()).contains("--events-queue " + queueUrl);
    assertThat(events.listRules(r -> r.namePrefix("wflaunch")).rules()).singleElement()
        .satisfies(rule -> assertThat(rule.name()).isEqualTo("wflaunch-events"));
    assertThat(events.listTargetsByRule(r -> r.rule("wflaunch-events")).targets()).extracting(Target::arn)
        .containsExactly(queueArn);
    assertThat(sqs.listQueues().queueUrls()).containsExactly(queueUrl);
  }

  @Test
  void initWithJsonPrintsOneDocumentWithTheSameValues() throws Exception {
    CliHarness.Result text = run("events", "init", "--queue", "wflaunch-events", "--rule", "my.rule");
    CliHarness.Result result = run("events", "init", "--queue", "wflaunch-events", "--rule", "my.rule", "--json");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().strip().lines()).hasSize(1);
    JsonNode document = json.readTree(result.out());
    String queueUrl = sqs.getQueueUrl(r -> r.queueName("wflaunch-events")).queueUrl();
    assertThat(document.get("queueUrl").asText()).isEqualTo(queueUrl);
    assertThat(document.get("queueArn").asText()).endsWith(":wflaunch-events");
    assertThat(document.get("ruleArn").asText())
        .isEqualTo(events.describeRule(r -> r.name("my.rule")).arn());
    assertThat(document.has("topicArn")).isFalse();
    assertThat(document.get("eventPattern").get("source")).containsExactly(json.valueToTree("wflaunch.memory"));
    assertThat(document.get("eventPattern").get("detail-type"))
        .containsExactly(json.valueToTree(InMemoryRunEvents.DETAIL_TYPE));
    assertThat(document.get("consumerPolicy").toString()).contains(document.get("queueArn").asText())
        .contains("sqs:ReceiveMessage");
    assertThat(text.out()).contains(document.get("ruleArn").asText());
  }

  @Test
  void statusAfterInitShowsTheRuleAndAnEmptyQueue() throws Exception {
    run("events", "init", "--queue", "wflaunch-events");

    CliHarness.Result text = run("events", "status", "--queue", "wflaunch-events");
    CliHarness.Result result = run("events", "status", "--queue", "wflaunch-events", "--json");

    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("rule " + "wflaunch-events" + ": ENABLED")
        .contains("0 visible, 0 in flight, 0 delayed").contains("wflaunch.memory");
    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode status = json.readTree(result.out());
    String queueArn = status.get("queue").get("arn").asText();
    assertThat(status.get("complete").asBoolean()).isTrue();
    assertThat(status.get("rule").get("state").asText()).isEqualTo("ENABLED");
    assertThat(status.get("rule").get("targets")).containsExactly(json.valueToTree(queueArn));
    assertThat(status.get("rule").get("pattern").get("source")).containsExactly(json.valueToTree("wflaunch.memory"));
    assertThat(status.get("queue").get("visible").asInt()).isZero();
    assertThat(status.get("queue").get("inFlight").asInt()).isZero();
    assertThat(status.get("queue").get("delayed").asInt()).isZero();
    assertThat(status.get("queue").get("ageSeconds").asLong()).isNotNegative();
    assertThat(status.has("topic")).isFalse();
  }

  @Test
  void statusCountsAMessageWaitingInTheQueue() throws Exception {
    run("events", "init", "--queue", "wflaunch-events");
    String queueUrl = sqs.getQueueUrl(r -> r.queueName("wflaunch-events")).queueUrl();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{}"));

    JsonNode status = json.readTree(run("events", "status", "--queue", "wflaunch-events", "--json").out());

    assertThat(status.get("queue").get("visible").asInt()).isEqualTo(1);
  }

  @Test
  void aWaitOnAQueueThatDoesNotExistIsRefusedNamingTheOption() throws Exception {
    String missing = MOTO.endpoint() + "/123456789012/no-such-queue";

    CliHarness.Result result = run("wait", "sfn:orders/order-4711", "--events-queue", missing);

    assertThat(result.exit()).as(result.out()).isEqualTo(2);
    assertThat(result.err()).contains("--events-queue").contains("wflaunch events init");
  }

  @Test
  void aSecondQueueOnARuleThatFeedsAnotherIsRefusedWithExitEight() throws Exception {
    CliHarness.Result first = run("events", "init", "--queue", "app-a", "--rule", "shared-rule");
    CliHarness.Result second = run("events", "init", "--queue", "app-b", "--rule", "shared-rule");
    CliHarness.Result own = run("events", "init", "--queue", "app-b");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.exit()).isEqualTo(8);
    assertThat(second.err()).contains("the rule shared-rule already sends events to").contains("--rule")
        .contains("--topic");
    assertThat(own.exit()).as("a rule of its own, named after the queue").isZero();
    assertThat(events.listRules(r -> r.namePrefix("")).rules()).extracting(rule -> rule.name())
        .containsExactlyInAnyOrder("shared-rule", "app-b");
  }

  @Test
  void statusBeforeInitShowsTheRuleAndQueueMissingAndExitsOne() throws Exception {
    CliHarness.Result text = run("events", "status", "--queue", "wflaunch-events");
    CliHarness.Result result = run("events", "status", "--queue", "wflaunch-events", "--json");

    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out()).contains("rule " + "wflaunch-events" + ": missing")
        .contains("queue wflaunch-events: missing");
    assertThat(result.exit()).isEqualTo(1);
    JsonNode status = json.readTree(result.out());
    assertThat(status.get("complete").asBoolean()).isFalse();
    assertThat(status.get("rule").isNull()).isTrue();
    assertThat(status.get("queue").isNull()).isTrue();
    assertThat(sqs.listQueues().queueUrls()).as("status creates nothing").isEmpty();
  }

  @Test
  void aQueueTheRuleDoesNotTargetIsShownAsNotWiredAndExitsOne() throws Exception {
    run("events", "init", "--queue", "wflaunch-events");
    sqs.createQueue(r -> r.queueName("other"));

    CliHarness.Result text = run("events", "status", "--queue", "other", "--rule", "wflaunch-events");
    CliHarness.Result result = run("events", "status", "--queue", "other", "--rule", "wflaunch-events", "--json");

    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out()).contains("(not the queue)").contains("queue other: http");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(json.readTree(result.out()).get("complete").asBoolean()).isFalse();
  }

  @Test
  void initWithATopicSubscribesEachQueueToIt() throws Exception {
    CliHarness.Result a = run("events", "init", "--queue", "host-a", "--topic", "wflaunch-run-events", "--json");
    CliHarness.Result b = run("events", "init", "--queue", "host-b", "--topic", "wflaunch-run-events", "--json");
    CliHarness.Result again = run("events", "init", "--queue", "host-a", "--topic", "wflaunch-run-events", "--json");

    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(again.out()).isEqualTo(a.out());
    JsonNode first = json.readTree(a.out());
    JsonNode second = json.readTree(b.out());
    String topicArn = first.get("topicArn").asText();
    assertThat(second.get("topicArn").asText()).isEqualTo(topicArn);
    assertThat(sns.listTopics().topics()).singleElement().satisfies(topic ->
        assertThat(topic.topicArn()).isEqualTo(topicArn));
    assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
        .extracting(subscription -> subscription.endpoint())
        .containsExactlyInAnyOrder(first.get("queueArn").asText(), second.get("queueArn").asText());
    assertThat(events.listTargetsByRule(r -> r.rule("wflaunch-run-events")).targets()).as("the topic's rule")
        .extracting(Target::arn).containsExactly(topicArn);

    CliHarness.Result status = run("events", "status", "--queue", "host-b", "--topic", "wflaunch-run-events", "--json");
    assertThat(status.exit()).as(status.err()).isZero();
    JsonNode shown = json.readTree(status.out());
    assertThat(shown.get("topic").get("arn").asText()).isEqualTo(topicArn);
    assertThat(shown.get("topic").get("queueSubscribed").asBoolean()).isTrue();
    assertThat(shown.get("rule").get("targets")).containsExactly(json.valueToTree(topicArn));

    CliHarness.Result unsubscribed = run("events", "status", "--queue", "host-b", "--topic", "other-topic");
    assertThat(unsubscribed.exit()).isEqualTo(1);
    assertThat(unsubscribed.out()).contains("topic other-topic: missing");
  }

  @Test
  void aBadQueueNameIsAUsageErrorNamingQueueBeforeAnyRequest() {
    CliHarness.Result result = run("events", "init", "--queue", "no spaces allowed");
    CliHarness.Result tooLong = run("events", "init", "--queue", "q".repeat(81));
    CliHarness.Result badRule = run("events", "init", "--queue", "ok", "--rule", "a/b");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("wflaunch: --queue must be 1 to 80 characters").doesNotContain("no spaces allowed")
        .doesNotContain("Exception");
    assertThat(tooLong.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooLong.err()).contains("--queue must be");
    assertThat(badRule.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badRule.err()).contains("--rule must be 1 to 64 characters");
    assertThat(sqs.listQueues().queueUrls()).isEmpty();
    assertThat(events.listRules(r -> r.namePrefix("wflaunch")).rules()).isEmpty();
  }

  @Test
  void aBadQueueNameIsRefusedWithoutAServer() {
    // Nothing listens on port 9: a request would fail with another exit code and message.
    CliHarness.Result result = runAsIs("events", "status", "--queue", "bad:name", "--endpoint", "http://127.0.0.1:9",
        "--region", "us-east-1");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("wflaunch: --queue must be");
  }

  @Test
  void withNoEngineThatPublishesEventsInitIsAUsageErrorSayingSo() {
    formats = List.of();

    CliHarness.Result result = run("events", "init", "--queue", "wflaunch-events");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("no installed backend's engine publishes run events");
    assertThat(sqs.listQueues().queueUrls()).isEmpty();
  }

  @Test
  void eventsNeedAQueueAndAws() {
    CliHarness.Result noQueue = run("events", "init");
    CliHarness.Result local = runAsIs("events", "init", "--queue", "wflaunch-events", "--local");
    CliHarness.Result bare = runAsIs("events");

    assertThat(noQueue.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noQueue.err()).contains("--queue");
    assertThat(local.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(local.err()).contains("needs AWS");
    assertThat(bare.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bare.err()).contains("init").contains("status");
  }

  @Test
  void aSessionWithAnEventsQueueReceivesFromItUntilClosed() throws Exception {
    run("events", "init", "--queue", "wflaunch-events");
    String queueUrl = sqs.getQueueUrl(r -> r.queueName("wflaunch-events")).queueUrl();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("not an event"));
    GlobalOptions options = new GlobalOptions();
    options.endpoint = MOTO.endpoint();
    options.region = "us-east-1";
    options.eventsQueue = java.net.URI.create(queueUrl);
    options.safetyInterval = java.time.Duration.ofMinutes(1);

    java.util.Set<Thread> before = eventThreads();
    java.util.Set<Thread> started;
    try (AwsSession session = new AwsSession(options)) {
      assertThat(session.launcher()).isNotNull();
      started = eventThreads();
      started.removeAll(before);
      // The session's event source receives the message, finds it malformed and deletes it.
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (messages(queueUrl) > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(messages(queueUrl)).as("messages left in the queue").isZero();
    }
    assertThat(started).as("the session's receiving thread").hasSize(1);
    // Closing waits for the thread a few seconds at most (and not at all when the closing thread is interrupted).
    for (Thread thread : started) {
      thread.join(java.time.Duration.ofSeconds(10).toMillis());
    }
    assertThat(started).as("the receiving thread ends with the session").noneMatch(Thread::isAlive);
  }

  private static java.util.Set<Thread> eventThreads() {
    java.util.Set<Thread> threads = new java.util.HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(io.wflaunch.eventbridge.SqsRunEvents.THREAD_NAME) && thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }

  @Test
  void aWaitWithAnEventsQueueEndsOnTheRunsEventRatherThanItsSafetyPoll() throws Exception {
    formats = WflaunchCli.installedEventFormats();
    String queueUrl = json.readTree(run("events", "init", "--queue", "wflaunch-events", "--json").out())
        .get("queueUrl").asText();
    // Job runs stay STARTING however often they are read, until the test lets them end.
    moto("set-transition", "{\"model_name\": \"glue::job_run\", \"transition\": {\"progression\": \"manual\", "
        + "\"times\": 1000000}}");
    try (software.amazon.awssdk.services.glue.GlueClient glue = software.amazon.awssdk.services.glue.GlueClient.builder()
        .endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      glue.createJob(r -> r.name("nightly").role("arn:aws:iam::123456789012:role/glue")
          .command(c -> c.name("glueetl").scriptLocation("s3://bucket/nightly.py")));
      String runId = glue.startJobRun(r -> r.jobName("nightly")).jobRunId();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        java.util.concurrent.Future<Integer> exit = thread.submit(() -> WflaunchCli.execute(new String[] {"wait",
            "gluejob:nightly/" + runId, "--events-queue", queueUrl, "--safety-interval", "1h", "--timeout", "2m",
            "--json", "--endpoint", MOTO.endpoint().toString(), "--region", "us-east-1"}, new PrintWriter(out),
            new PrintWriter(err), WflaunchCli.defaultSessions(Clock.systemUTC()), () -> null, Clock.systemUTC(), false,
            name -> null, () -> formats));
        // The wait's first read saw the run under way.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!err.toString().contains("(STARTING)") && !exit.isDone() && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(10).toNanos());
        }
        assertThat(err.toString()).as("the wait's progress").contains("(STARTING)");
        moto("set-transition", "{\"model_name\": \"glue::job_run\", \"transition\": {\"progression\": "
            + "\"immediate\"}}");
        assertThat(glue.getJobRun(r -> r.jobName("nightly").runId(runId)).jobRun().jobRunStateAsString())
            .isEqualTo("SUCCEEDED");
        // Without events the next poll (a second after the first) would end the wait; with them, the run is
        // read again only on the safety interval (1 h) or on its event.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exit.get(3, java.util.concurrent.TimeUnit.SECONDS))
            .as("the wait still under way: " + err).isInstanceOf(java.util.concurrent.TimeoutException.class);
        events.putEvents(r -> r.entries(e -> e.source("aws.glue").detailType("Glue Job State Change")
            .detail("{\"jobName\": \"nightly\", \"jobRunId\": \"" + runId + "\", \"state\": \"SUCCEEDED\"}")));
        Integer code = exit.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        JsonNode done = json.readTree(out.toString());
        assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("handle").asText()).isEqualTo("gluejob:nightly/" + runId);
      } finally {
        thread.shutdownNow();
      }
    } finally {
      moto("unset-transition", "{\"model_name\": \"glue::job_run\"}");
    }
  }

  /** Calls moto's state manager. */
  private static void moto(String call, String body) throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(MOTO.endpoint().resolve("/moto-api/state-manager/" + call))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** The queue's messages, visible or in flight. */
  private static int messages(String queueUrl) {
    java.util.Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
        .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
        .attributesAsStrings();
    return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
        + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
  }

  @Test
  void helpShowsEachCommandsOptionsExamplesAndExitCodes() {
    CliHarness.Result events = runAsIs("events", "--help");
    CliHarness.Result init = runAsIs("events", "init", "--help");
    CliHarness.Result status = runAsIs("events", "status", "--help");
    CliHarness.Result wait = runAsIs("wait", "--help");

    assertThat(events.exit()).isZero();
    assertThat(events.out()).contains("init", "status", "Examples:", "--events-queue");
    assertThat(init.out()).contains("--queue", "--topic", "--rule", "--event-bus", "Examples:", "Exits 0");
    assertThat(status.out()).contains("--queue", "--topic", "Examples:", "1 when any of them is missing");
    assertThat(wait.out()).contains("--events-queue", "--safety-interval");
  }
}
