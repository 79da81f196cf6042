package io.wflaunch.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.eventbridge.SqsRunEvents;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A launcher the starter builds from properties, over a state machine on moto, ends a wait on the
 * execution's status change event put on the queue, long before its first poll is due. moto keeps an
 * execution running until it is stopped and publishes no events, so the test stops it and sends the event
 * EventBridge would.
 */
class WflaunchEventsMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final String DEFINITION = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private static SfnClient sfn;
  private static SqsClient sqs;
  private static String queueUrl;

  @BeforeAll
  static void setUp() {
    MOTO.reset();
    sfn = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    sqs = SqsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    sfn.createStateMachine(r -> r.name("orders").roleArn("arn:aws:iam::123456789012:role/sfn").definition(DEFINITION));
    queueUrl = sqs.createQueue(r -> r.queueName("wflaunch-run-events")).queueUrl();
  }

  @AfterAll
  static void closeClients() {
    sfn.close();
    sqs.close();
  }

  @Test
  void anEventPutOnTheQueueEndsAWaitOfTheLauncherTheContextBuilt() throws Exception {
    AtomicReference<SqsRunEvents> source = new AtomicReference<>();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WflaunchAutoConfiguration.class))
        .withPropertyValues("wflaunch.backends.sfn.type=sfn", "wflaunch.backends.sfn.region=us-east-1",
            "wflaunch.backends.sfn.endpoint=" + MOTO.endpoint(),
            "wflaunch.events.queue-url=" + queueUrl, "wflaunch.events.region=us-east-1",
            "wflaunch.events.endpoint=" + MOTO.endpoint(), "wflaunch.events.wait-time=1s",
            "wflaunch.events.safety-interval=1h")
        .run(context -> {
          assertThat(context).hasNotFailed();
          source.set(context.getBean(SqsRunEvents.class));
          WorkflowLauncher launcher = context.getBean(WorkflowLauncher.class);
          RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", "orders"))
              .idempotencyKey("order-4711").build());
          // The wait reads the run at once, then not for minutes: only the event can end it within the test.
          CountDownLatch firstRead = new CountDownLatch(1);
          AtomicReference<Duration> nextRead = new AtomicReference<>();
          CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.builder()
              .minInterval(Duration.ofMinutes(10)).maxInterval(Duration.ofMinutes(10)).listener(new WaitListener() {
                @Override
                public void onPoll(RunStatus status, Duration nextPollIn) {
                  nextRead.compareAndSet(null, nextPollIn);
                  firstRead.countDown();
                }
              }).build());
          assertThat(firstRead.await(30, TimeUnit.SECONDS)).isTrue();
          assertThat(nextRead.get()).isGreaterThan(Duration.ofMinutes(5));
          String executionArn = launcher.backend("sfn", StepFunctionsBackend.class).executionArn(run);
          sfn.stopExecution(r -> r.executionArn(executionArn));
          long readsBefore = launcher.tracker().requestsSent("sfn");

          sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(statusChange(executionArn, "ABORTED")));

          RunStatus ended = wait.get(60, TimeUnit.SECONDS);
          assertThat(ended.state()).isEqualTo(RunState.CANCELLED);
          assertThat(launcher.tracker().requestsSent("sfn") - readsBefore).as("one read, on the event").isEqualTo(1);
          // The batch's delete follows the hand-over, which the wait may have outrun; closing the context cuts it.
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (source.get().stats().deleted() < 1 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
          }
        });
    assertThat(source.get().stats().deleted()).as("the event's message deleted").isEqualTo(1);
    assertThat(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
  }

  /** The event EventBridge delivers when an execution's status changes, as AWS documents it. */
  private static String statusChange(String executionArn, String status) {
    String renamed = executionArn.replace(":execution:", ":stateMachine:");
    String stateMachineArn = renamed.substring(0, renamed.lastIndexOf(':'));
    return """
        {"version":"0","id":"315c1398-40ff-a850-213b-158f73e60175",
         "detail-type":"Step Functions Execution Status Change","source":"aws.states",
         "account":"123456789012","time":"%s","region":"us-east-1","resources":["%s"],
         "detail":{"executionArn":"%s","stateMachineArn":"%s","name":"order-4711","status":"%s",
                   "startDate":1551225014968,"stopDate":1551225017576,"input":"{}","output":null}}
        """.formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS), executionArn, executionArn, stateMachineArn,
        status);
  }
}
