package io.wflaunch.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.observe.LaunchObserver;
import io.wflaunch.testkit.InMemoryWorkflowBackend;
import io.wflaunch.testkit.RunScript;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.events.InMemoryRunEvents;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link SqsRunEvents} against moto, its SQS client over the chaos layer: a wait ends on an event put on
 * the bus at the cost of one read and the message is deleted; failed receives tell the launcher events are
 * not coming until a receive succeeds again, and lose no message; a failed delete brings the message back,
 * handed over again as stale; close ends a long poll in progress.
 */
class SqsRunEventsMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private EventBridgeClient events;
  private SqsClient direct;

  @BeforeEach
  void clients() {
    MOTO.reset();
    events = MotoAws.events(MOTO);
    direct = MotoAws.sqs(MOTO);
  }

  @AfterEach
  void close() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
    events.close();
    direct.close();
  }

  @Test
  void aWaitEndsOnTheEventAtTheCostOfOneReadAndTheMessageIsDeleted() throws Exception {
    SetupResult setup = setup("ends");
    ChaosPlan plan = ChaosPlan.none();
    SqsRunEvents source = SqsRunEvents.builder().sqsClient(sqs(plan)).queueUrl(setup.queueUrl())
        .safetyInterval(Duration.ofHours(1)).build();
    RecordingSink.Recorded recorded = new RecordingSink.Recorded(source);
    VirtualScheduler engineTime = new VirtualScheduler();
    closing.add(engineTime::shutdownNow);
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().clock(engineTime.clock())
        .workflow("nightly", RunScript.succeedsAfter(Duration.ofMinutes(1))).build();
    List<Duration> noticed = Collections.synchronizedList(new ArrayList<>());
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).runEvents(recorded)
        .observer(new LaunchObserver() {
          @Override
          public void eventNoticed(RunStatus status, Duration latency) {
            noticed.add(latency);
          }
        }).build();
    closing.add(launcher);

    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "nightly")).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.builder()
        .minInterval(Duration.ofHours(1)).maxInterval(Duration.ofHours(1)).timeout(Duration.ofHours(2)).build());
    MotoAws.await("the first read and a receive", () -> launcher.tracker().requestsSent("memory") >= 1
        && source.stats().receiving(), WITHIN);
    long reads = launcher.tracker().requestsSent("memory");
    assertThat(wait).isNotDone();

    engineTime.advanceBy(Duration.ofMinutes(2));
    EventEnvelope event = InMemoryRunEvents.eventOf(run, RunState.SUCCEEDED, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    MotoAws.put(events, event);
    RunStatus status = wait.get(WITHIN.toSeconds(), TimeUnit.SECONDS);

    assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(launcher.tracker().requestsSent("memory")).as("one read on the event").isEqualTo(reads + 1);
    // The observer hears of the notice once the wait's future took the status, on the launcher's callbacks.
    MotoAws.await("the notice", () -> !noticed.isEmpty(), WITHIN);
    assertThat(noticed).hasSize(1);
    RecordingSink sink = recorded.sink();
    // The sink records the event once the launcher took it, which may be after the wait ended.
    MotoAws.await("the event recorded", () -> !sink.accepted.isEmpty(), WITHIN);
    assertThat(sink.accepted).hasSize(1);
    assertThat(sink.accepted.get(0).outcome()).isEqualTo(EventOutcome.MATCHED);
    assertThat(sink.receiving).startsWith(true);
    MotoAws.await("the message deleted", () -> source.stats().deleted() == 1, WITHIN);
    assertQueueEmpty(setup);
    assertThat(plan.log().count("DeleteMessageBatch")).isEqualTo(1);
    SqsRunEvents.Stats stats = source.stats();
    assertThat(stats).isEqualTo(new SqsRunEvents.Stats(stats.receives(), 1, 1, 0, 0, true));
  }

  @Test
  void failedReceivesTellTheLauncherEventsAreNotComingUntilOneSucceedsAndLoseNothing() {
    SetupResult setup = setup("receives");
    ChaosPlan plan = ChaosPlan.none();
    plan.script("ReceiveMessage", Fault.RESET, Fault.RESET, Fault.RESET, Fault.SERVER_ERROR, Fault.RESET,
        Fault.RESET, Fault.THROTTLE, Fault.RESET, Fault.RESET);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      EventEnvelope event = event("r-" + i);
      ids.add("r-" + i);
      MotoAws.put(events, event);
    }
    SqsRunEvents source = quick(plan, setup);
    RecordingSink sink = new RecordingSink(null);

    source.start(sink);
    MotoAws.await("every event handed over", () -> sink.runIds().containsAll(ids), WITHIN);

    assertThat(source.stats().failedReceives()).isPositive();
    assertThat(sink.receiving).as("told of the failure, then of the recovery").startsWith(false).endsWith(true)
        .containsSubsequence(false, true);
    assertThat(sink.malformed).isEmpty();
    MotoAws.await("the messages deleted", () -> source.stats().deleted() == 3, WITHIN);
    assertQueueEmpty(setup);
  }

  @Test
  void aFailedDeleteBringsTheMessageBackAndItIsHandedOverAgainAsStale() throws Exception {
    SetupResult setup = setup("deletes");
    ChaosPlan plan = ChaosPlan.none();
    plan.script("DeleteMessageBatch", Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR);
    // The message comes back once the wait it ended is over (its read takes well under the visibility timeout).
    RecordingSink.Recorded recorded = new RecordingSink.Recorded(quick(plan, setup.queueUrl(), Duration.ofSeconds(3)));
    InMemoryWorkflowBackend memory = InMemoryWorkflowBackend.builder().stopDelay(Duration.ZERO)
        .workflow("nightly", RunScript.runsUntilStopped()).build();
    WorkflowLauncher launcher = WorkflowLauncher.builder().backend(memory).runEvents(recorded).build();
    closing.add(launcher);
    RunHandle run = launcher.start(StartRunRequest.builder(WorkflowTarget.of("memory", "nightly")).build());
    CompletableFuture<RunStatus> wait = launcher.awaitCompletionAsync(run, WaitOptions.builder()
        .minInterval(Duration.ofHours(1)).maxInterval(Duration.ofHours(1)).timeout(Duration.ofHours(2)).build());
    MotoAws.await("the first read", () -> launcher.tracker().requestsSent("memory") >= 1, WITHIN);

    memory.stop(run);
    EventEnvelope event = InMemoryRunEvents.eventOf(run, RunState.CANCELLED, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    MotoAws.put(events, event);

    assertThat(wait.get(WITHIN.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(RunState.CANCELLED);
    RecordingSink sink = recorded.sink();
    MotoAws.await("the event handed over again", () -> sink.accepted.size() >= 2, WITHIN);
    MotoAws.await("the message deleted at last", () -> queueEmpty(setup), WITHIN);
    assertThat(sink.accepted).as("one event, handed over again").extracting(RecordingSink.Accepted::id)
        .containsOnly(sink.accepted.get(0).id());
    List<EventOutcome> outcomes = sink.accepted.stream().map(RecordingSink.Accepted::outcome).toList();
    assertThat(outcomes.get(0)).isEqualTo(EventOutcome.MATCHED);
    assertThat(outcomes.subList(1, outcomes.size())).containsOnly(EventOutcome.STALE);
    assertThat(sink.malformed).isEmpty();
    assertThat(plan.log().count("DeleteMessageBatch")).isGreaterThan(outcomes.size() - 1);
  }

  @Test
  void underRandomFaultsEveryEventIsHandedOverAndEveryMessageDeleted() {
    SetupResult setup = setup("chaos");
    ChaosPlan plan = ChaosPlan.builder().seed(11)
        .fault("ReceiveMessage", Fault.DROP_RESPONSE, 0.25)
        .fault("ReceiveMessage", Fault.RESET, 0.2)
        .fault("DeleteMessageBatch", Fault.SERVER_ERROR, 0.3)
        .fault("DeleteMessageBatch", Fault.DROP_RESPONSE, 0.2)
        .build();
    SqsRunEvents source = quick(plan, setup);
    RecordingSink sink = new RecordingSink(null);
    source.start(sink);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      EventEnvelope event = event("c-" + i);
      ids.add("c-" + i);
      MotoAws.put(events, event);
    }
    direct.sendMessage(b -> b.queueUrl(setup.queueUrl()).messageBody("no event at all"));

    MotoAws.await("every event handed over", () -> sink.runIds().containsAll(ids), WITHIN);
    MotoAws.await("every message deleted", () -> queueEmpty(setup), WITHIN);

    assertThat(sink.runIds()).containsOnlyElementsOf(ids);
    // A message whose every delete failed comes back and is counted again.
    assertThat(sink.malformed).isNotEmpty().containsOnly("the message body is not JSON (at line 1, column 3)");
    assertThat(plan.log().faults("ReceiveMessage")).as("faults met").contains(Fault.DROP_RESPONSE);
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.SECONDS)
  void closeEndsALongPollInProgress() throws Exception {
    String url = direct.createQueue(b -> b.queueName("closing")).queueUrl();
    direct.sendMessage(b -> b.queueUrl(url).messageBody("wakes the first receive"));
    ChaosPlan plan = ChaosPlan.none();
    SqsClient sqs = sqs(plan);
    SqsRunEvents source = SqsRunEvents.create(sqs, url);
    RecordingSink sink = new RecordingSink(null);
    source.start(sink);
    MotoAws.await("a second receive under way", () -> source.stats().deleted() == 1
        && plan.log().forwardedCount("ReceiveMessage") == 2, WITHIN);
    Thread thread = source.thread();

    source.close();
    thread.join();

    assertThat(thread.isAlive()).isFalse();
    assertThat(source.stats().receives()).as("the long poll did not end by itself").isEqualTo(1);
    assertThat(plan.log().count("ReceiveMessage")).as("no receive after close").isEqualTo(2);
    assertThat(sqs.listQueues().queueUrls()).as("the client is still open").contains(url);
  }

  @Test
  void aSourceStartsOnceAndNotAfterClose() {
    String url = direct.createQueue(b -> b.queueName("once")).queueUrl();
    SqsRunEvents source = quick(ChaosPlan.none(), url);
    source.start(new RecordingSink(null));
    assertThatThrownBy(() -> source.start(new RecordingSink(null))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started already");
    SqsRunEvents closed = quick(ChaosPlan.none(), url);
    closed.close();
    assertThatThrownBy(() -> closed.start(new RecordingSink(null))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theBuilderChecksItsValuesAndKeepsTheDefaults() {
    SqsRunEvents source = SqsRunEvents.create(direct, "https://sqs.us-east-1.amazonaws.com/123456789012/q");
    assertThat(source.safetyInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(source.stats()).isEqualTo(new SqsRunEvents.Stats(0, 0, 0, 0, 0, false));
    assertThatThrownBy(() -> SqsRunEvents.builder().waitTime(Duration.ofSeconds(21)))
        .hasMessage("waitTime must be whole seconds from 1 to 20, found PT21S");
    assertThatThrownBy(() -> SqsRunEvents.builder().waitTime(Duration.ofMillis(1500)))
        .hasMessageStartingWith("waitTime must be whole seconds");
    assertThatThrownBy(() -> SqsRunEvents.builder().visibilityTimeout(Duration.ZERO))
        .hasMessageStartingWith("visibilityTimeout must be whole seconds from 1 to 43200");
    assertThatThrownBy(() -> SqsRunEvents.builder().safetyInterval(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("safetyInterval must be positive");
    assertThatThrownBy(() -> SqsRunEvents.builder().sqsClient(direct).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("queueUrl");
    assertThatThrownBy(() -> SqsRunEvents.builder().queueUrl(" ").sqsClient(direct).build())
        .hasMessage("queueUrl must not be blank");
  }

  private SetupResult setup(String queue) {
    return new RunEventsSetup(direct, events, null).init(SetupRequest.of(queue, List.of(InMemoryRunEvents.FORMAT)));
  }

  private SqsClient sqs(ChaosPlan plan) {
    SqsClient sqs = MotoAws.chaoticSqs(MOTO, plan);
    closing.add(sqs);
    return sqs;
  }

  /** A source that polls one second at a time, shows a message again a second after a failed delete, and retries a failed receive at once. */
  private SqsRunEvents quick(ChaosPlan plan, SetupResult setup) {
    return quick(plan, setup.queueUrl());
  }

  private SqsRunEvents quick(ChaosPlan plan, String url) {
    return quick(plan, url, Duration.ofSeconds(1));
  }

  private SqsRunEvents quick(ChaosPlan plan, String url, Duration visibilityTimeout) {
    SqsRunEvents source = SqsRunEvents.builder().sqsClient(sqs(plan)).queueUrl(url).waitTime(Duration.ofSeconds(1))
        .visibilityTimeout(visibilityTimeout).retryDelays(Duration.ofMillis(10), Duration.ofMillis(40)).build();
    closing.add(source);
    return source;
  }

  private static EventEnvelope event(String runId) {
    return InMemoryRunEvents.eventOf(new RunHandle("memory", List.of("nightly", runId)), RunState.SUCCEEDED,
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private boolean queueEmpty(SetupResult setup) {
    SetupStatus.QueueInfo queue = new RunEventsSetup(direct, events, null)
        .status(SetupRequest.of(setup.queueArn().substring(setup.queueArn().lastIndexOf(':') + 1),
            List.of(InMemoryRunEvents.FORMAT))).queue().orElseThrow();
    return queue.visible() == 0 && queue.inFlight() == 0 && queue.delayed() == 0;
  }

  private void assertQueueEmpty(SetupResult setup) {
    assertThat(queueEmpty(setup)).as("the queue is empty").isTrue();
  }
}
