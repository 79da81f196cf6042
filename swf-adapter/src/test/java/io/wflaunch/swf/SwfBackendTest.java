package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.BackendOptions;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.swf.internal.SwfStarts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryRequest;
import software.amazon.awssdk.services.swf.model.GetWorkflowExecutionHistoryResponse;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.RequestCancelWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.TerminateWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionConfiguration;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionOpenCounts;

/** The SWF backend over a Mockito-mocked SwfClient. */
class SwfBackendTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final WorkflowTarget SETTLE = WorkflowTarget.of("swf", "payments", "Settle", "1.0");

  /** No pauses: the start protocol itself is proven by core's StartProtocolTest and the contract suite. */
  private static final StartPolicy POLICY = StartPolicy.DEFAULT.withoutPauses();

  private final SwfClient swf = mock(SwfClient.class);
  private final SwfBackend backend = SwfBackend.builder(swf).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).startPolicy(POLICY).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  private void startsAs(String runId) {
    when(swf.startWorkflowExecution(any(StartWorkflowExecutionRequest.class)))
        .thenReturn(StartWorkflowExecutionResponse.builder().runId(runId).build());
  }

  private void noneClosed() {
    when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
        .thenReturn(ListClosedWorkflowExecutionsResponse.builder().build());
  }

  private void nothingListed() {
    noneClosed();
    when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class))).thenReturn(open());
  }

  private StartWorkflowExecutionRequest sent() {
    ArgumentCaptor<StartWorkflowExecutionRequest> sent = ArgumentCaptor.forClass(StartWorkflowExecutionRequest.class);
    verify(swf).startWorkflowExecution(sent.capture());
    return sent.getValue();
  }

  private static WorkflowExecutionInfo info(String workflowId, String runId, Instant start, String... tags) {
    return WorkflowExecutionInfo.builder()
        .execution(e -> e.workflowId(workflowId).runId(runId))
        .workflowType(t -> t.name("Settle").version("1.0"))
        .startTimestamp(start)
        .executionStatus(ExecutionStatus.OPEN)
        .tagList(tags)
        .cancelRequested(false)
        .build();
  }

  private static WorkflowExecutionInfo closed(WorkflowExecutionInfo info, CloseStatus status) {
    return info.toBuilder().executionStatus(ExecutionStatus.CLOSED).closeStatus(status)
        .closeTimestamp(info.startTimestamp().plusSeconds(60)).build();
  }

  private static DescribeWorkflowExecutionResponse described(WorkflowExecutionInfo info) {
    return DescribeWorkflowExecutionResponse.builder().executionInfo(info)
        .executionConfiguration(WorkflowExecutionConfiguration.builder().taskList(l -> l.name("tl")).taskPriority("3")
            .executionStartToCloseTimeout("600").taskStartToCloseTimeout("NONE").childPolicy(ChildPolicy.TERMINATE)
            .build())
        .openCounts(WorkflowExecutionOpenCounts.builder().openActivityTasks(2).openDecisionTasks(1).openTimers(0)
            .openChildWorkflowExecutions(0).openLambdaFunctions(0).build())
        .latestActivityTaskTimestamp(NOW.minusSeconds(5))
        .build();
  }

  private static HistoryEvent continuedAs(String runId) {
    return HistoryEvent.builder().workflowExecutionContinuedAsNewEventAttributes(a -> a.newExecutionRunId(runId)).build();
  }

  /** Each run's newest history event, as a reverse-order read of one event returns it. */
  private void histories(Map<String, HistoryEvent> newestByRun) {
    when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class))).thenAnswer(call -> {
      GetWorkflowExecutionHistoryRequest request = call.getArgument(0);
      assertThat(request.reverseOrder()).isTrue();
      assertThat(request.maximumPageSize()).isEqualTo(1);
      return GetWorkflowExecutionHistoryResponse.builder()
          .events(newestByRun.get(request.execution().runId())).build();
    });
  }

  private static ListOpenWorkflowExecutionsResponse open(WorkflowExecutionInfo... infos) {
    return ListOpenWorkflowExecutionsResponse.builder().executionInfos(infos).build();
  }

  @Nested
  class Requests {

    @Test
    void everyOptionIsSentAsGiven() {
      startsAs("run-1");
      SwfOptions options = SwfOptions.builder()
          .workflowId("order-4711").taskList("deciders").taskPriority(-7)
          .executionStartToCloseTimeout(Duration.ofHours(1)).taskStartToCloseTimeout(Duration.ofSeconds(30))
          .tag("team:payments").tag("nightly").childPolicy(ChildPolicy.ABANDON)
          .lambdaRole("arn:aws:iam::123456789012:role/swf-lambda")
          .build();

      RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).input("raw input, unchanged").options(options).build());

      StartWorkflowExecutionRequest request = sent();
      assertThat(request.domain()).isEqualTo("payments");
      assertThat(request.workflowId()).isEqualTo("order-4711");
      assertThat(request.workflowType().name()).isEqualTo("Settle");
      assertThat(request.workflowType().version()).isEqualTo("1.0");
      assertThat(request.taskList().name()).isEqualTo("deciders");
      assertThat(request.taskPriority()).isEqualTo("-7");
      assertThat(request.executionStartToCloseTimeout()).isEqualTo("3600");
      assertThat(request.taskStartToCloseTimeout()).isEqualTo("30");
      assertThat(request.tagList()).hasSize(3).startsWith("team:payments", "nightly");
      assertThat(request.tagList().get(2)).as("a workflowId of the caller's needs a marker to tell this start's run")
          .matches("wflaunch-key:wfl-[0-9a-f-]{36}");
      assertThat(request.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
      assertThat(request.lambdaRole()).isEqualTo("arn:aws:iam::123456789012:role/swf-lambda");
      assertThat(request.input()).isEqualTo("raw input, unchanged");
      assertThat(handle).isEqualTo(RunHandle.of("swf", "payments", "order-4711", "run-1"));
    }

    @Test
    void unsetOptionsAreNotSentSoTheTypesDefaultsApply() {
      startsAs("run-1");

      launcher.start(StartRunRequest.builder(SETTLE).build());

      StartWorkflowExecutionRequest request = sent();
      assertThat(request.taskList()).isNull();
      assertThat(request.taskPriority()).isNull();
      assertThat(request.executionStartToCloseTimeout()).isNull();
      assertThat(request.taskStartToCloseTimeout()).isNull();
      assertThat(request.hasTagList()).isFalse();
      assertThat(request.childPolicy()).isNull();
      assertThat(request.input()).isNull();
    }

    @Test
    void noDecisionTaskTimeoutIsSentAsNone() {
      startsAs("run-1");

      launcher.start(StartRunRequest.builder(SETTLE).options(SwfOptions.builder().noTaskStartToCloseTimeout().build()).build());

      assertThat(sent().taskStartToCloseTimeout()).isEqualTo("NONE");
    }

    @Test
    void parametersAreSentAsOneJsonObjectInOrder() throws Exception {
      startsAs("run-1");

      launcher.start(StartRunRequest.builder(SETTLE).parameter("zeta", "1").parameter("alpha", "a \"quoted\" value")
          .parameter("mid", "ü").build());

      String input = sent().input();
      Map<?, ?> read = new ObjectMapper().readValue(input, LinkedHashMap.class);
      List<Object> keys = new ArrayList<>(read.keySet());
      assertThat(keys).containsExactly("zeta", "alpha", "mid");
      assertThat(read.get("alpha")).isEqualTo("a \"quoted\" value");
      assertThat(input).isEqualTo("{\"zeta\":\"1\",\"alpha\":\"a \\\"quoted\\\" value\",\"mid\":\"ü\"}");
    }

    @Test
    void withoutKeyOrWorkflowIdTheWorkflowIdIsTheKeyGeneratedForTheCall() {
      when(swf.startWorkflowExecution(any(StartWorkflowExecutionRequest.class)))
          .thenReturn(StartWorkflowExecutionResponse.builder().runId("r").build());

      launcher.start(StartRunRequest.builder(SETTLE).build());
      launcher.start(StartRunRequest.builder(SETTLE).build());

      ArgumentCaptor<StartWorkflowExecutionRequest> sent = ArgumentCaptor.forClass(StartWorkflowExecutionRequest.class);
      verify(swf, times(2)).startWorkflowExecution(sent.capture());
      assertThat(sent.getAllValues()).extracting(StartWorkflowExecutionRequest::workflowId)
          .allMatch(id -> id.matches("wfl-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
          .doesNotHaveDuplicates();
      assertThat(sent.getAllValues()).allSatisfy(request -> assertThat(request.hasTagList())
          .as("a generated workflowId is the start's own: no marker needed").isFalse());
      verify(swf, never()).listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class));
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }

    @Test
    void aValidKeyIsTheWorkflowIdAndItsMarkerIsTheLastTag() {
      nothingListed();
      startsAs("run-1");

      launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("order-4711")
          .options(SwfOptions.builder().tag("mine").build()).build());

      StartWorkflowExecutionRequest request = sent();
      assertThat(request.workflowId()).isEqualTo("order-4711");
      assertThat(request.tagList()).containsExactly("mine", "wflaunch-key:order-4711");
    }

    @Test
    void aKeyThatIsNoValidWorkflowIdIsHashedStably() {
      assertThat(SwfStarts.workflowIdForKey("order:4711/a|b"))
          .isEqualTo(SwfStarts.workflowIdForKey("order:4711/a|b"))
          .matches("wflaunch-[0-9a-f]{64}")
          .isNotEqualTo(SwfStarts.workflowIdForKey("order:4711/a|c"));
      assertThat(SwfStarts.workflowIdForKey("arn")).startsWith("wflaunch-");
      assertThat(SwfStarts.workflowIdForKey("k".repeat(256))).isEqualTo("k".repeat(256));
      assertThat(SwfStarts.markerFor("k".repeat(243))).hasSize(256).isEqualTo("wflaunch-key:" + "k".repeat(243));
      assertThat(SwfStarts.markerFor("k".repeat(244))).matches("wflaunch-key:sha256:[0-9a-f]{64}");
    }

    @Test
    void theWorkflowIdInTheOptionsWinsOverTheKey() {
      nothingListed();
      startsAs("run-1");

      launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k-1")
          .options(SwfOptions.builder().workflowId("chosen").build()).build());

      assertThat(sent().workflowId()).isEqualTo("chosen");
    }

    @Test
    void stopRequestsCancellationAndTerminateTerminates() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run/1+=");

      launcher.stop(run);
      launcher.backend("swf", SwfBackend.class).terminate(run, "operator", "bad input", ChildPolicy.ABANDON);

      verify(swf).requestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest.builder()
          .domain("payments").workflowId("order-1").runId("run/1+=").build());
      verify(swf).terminateWorkflowExecution(TerminateWorkflowExecutionRequest.builder()
          .domain("payments").workflowId("order-1").runId("run/1+=").reason("operator").details("bad input")
          .childPolicy(ChildPolicy.ABANDON).build());
    }

    private void cancelOnlyOpen(String openRunId) {
      when(swf.requestCancelWorkflowExecution(any(RequestCancelWorkflowExecutionRequest.class))).thenAnswer(call -> {
        if (openRunId != null && openRunId.equals(call.<RequestCancelWorkflowExecutionRequest>getArgument(0).runId())) {
          return null;
        }
        throw software.amazon.awssdk.services.swf.model.UnknownResourceException.builder().message("Unknown execution")
            .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("UnknownResourceFault").build()).build();
      });
    }

    private List<String> cancelled() {
      ArgumentCaptor<RequestCancelWorkflowExecutionRequest> sent =
          ArgumentCaptor.forClass(RequestCancelWorkflowExecutionRequest.class);
      verify(swf, org.mockito.Mockito.atLeastOnce()).requestCancelWorkflowExecution(sent.capture());
      return sent.getAllValues().stream().map(RequestCancelWorkflowExecutionRequest::runId).toList();
    }

    @Test
    void aStopFollowsTheChainThroughCloseEventsWithoutSendingToRunsThatHaveClosed() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      cancelOnlyOpen("run-4");
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(
          described(closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW)));
      histories(Map.of("run-1", continuedAs("run-2"), "run-2", continuedAs("run-3"), "run-3", continuedAs("run-4"),
          "run-4", HistoryEvent.builder().workflowExecutionStartedEventAttributes(a -> a.input("x")).build()));

      launcher.stop(run);

      assertThat(cancelled()).containsExactly("run-1", "run-4");
      verify(swf).describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class));
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }

    @Test
    void aRunThatClosedBetweenReadingTheChainAndTheStopIsReadAgain() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      cancelOnlyOpen(null);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenAnswer(call -> {
        String runId = call.<DescribeWorkflowExecutionRequest>getArgument(0).execution().runId();
        return described(closed(info("order-1", runId, NOW.minusSeconds(600)),
            runId.equals("run-1") ? CloseStatus.CONTINUED_AS_NEW : CloseStatus.FAILED));
      });
      // run-2 is open when its history is read, and has failed by the time the cancel arrives.
      histories(Map.of("run-1", continuedAs("run-2"), "run-2", HistoryEvent.builder().build()));

      assertThatThrownBy(() -> launcher.stop(run)).isInstanceOfSatisfying(ConflictException.class, e ->
          assertThat(e.getMessage()).contains("'run-2'").contains("FAILED").contains("nothing to stop"));
      assertThat(cancelled()).containsExactly("run-1", "run-2");
    }

    @Test
    void aChainWhoseCloseEventNamesNoNewRunOrThatNeverEndsStopsNothing() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      cancelOnlyOpen("elsewhere");
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(
          described(closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW)));
      histories(Map.of("run-1", HistoryEvent.builder().build()));

      assertThatThrownBy(() -> launcher.stop(run)).isExactlyInstanceOf(io.wflaunch.WorkflowLaunchException.class)
          .hasMessageContaining("names no new run").hasMessageContaining("nothing was stopped");

      histories(Map.of("run-1", continuedAs("run-2"), "run-2", continuedAs("run-1")));
      assertThatThrownBy(() -> launcher.stop(run)).isExactlyInstanceOf(io.wflaunch.WorkflowLaunchException.class)
          .hasMessageContaining("more than 1000 times");
      assertThat(cancelled()).containsOnly("run-1").hasSize(2);
    }

    @Test
    void aRunOfTheChainThatCannotBeDescribedIsAnErrorOfItsOwnNotAMissingRun() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      cancelOnlyOpen(null);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class)))
          .thenReturn(described(closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW)))
          .thenThrow(SdkClientException.create("Read timed out"));
      histories(Map.of("run-1", continuedAs("run-2"), "run-2", HistoryEvent.builder().build()));

      assertThatThrownBy(() -> launcher.stop(run)).isInstanceOf(BackendUnavailableException.class);
      assertThat(cancelled()).containsExactly("run-1", "run-2");
    }

    @Test
    void terminateChecksItsArgumentsFirst() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      SwfBackend swfBackend = launcher.backend("swf", SwfBackend.class);

      assertThatThrownBy(() -> swfBackend.terminate(run, "r".repeat(257), null, null))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("reason"));
      assertThatThrownBy(() -> swfBackend.terminate(run, null, "d".repeat(32_769), null))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("details"));
      assertThatThrownBy(() -> swfBackend.terminate(RunHandle.of("swf", "pay:ments", "o", "r"), null, null, null))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("domain"));
      verifyNoInteractions(swf);
    }
  }

  @Nested
  class KeyedStarts {

    @Test
    void aClosedExecutionCarryingTheKeyIsReturnedWithoutStarting() {
      WorkflowExecutionInfo done = closed(info("k-1", "run-done", NOW.minusSeconds(600), "wflaunch-key:k-1"),
          CloseStatus.COMPLETED);
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class))).thenReturn(open());
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(done).build());

      RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k-1").build());

      assertThat(handle).isEqualTo(RunHandle.of("swf", "payments", "k-1", "run-done"));
      verify(swf, never()).startWorkflowExecution(any(StartWorkflowExecutionRequest.class));
      ArgumentCaptor<ListClosedWorkflowExecutionsRequest> looked =
          ArgumentCaptor.forClass(ListClosedWorkflowExecutionsRequest.class);
      verify(swf).listClosedWorkflowExecutions(looked.capture());
      assertThat(looked.getValue().domain()).isEqualTo("payments");
      assertThat(looked.getValue().executionFilter().workflowId()).isEqualTo("k-1");
      assertThat(looked.getValue().startTimeFilter().oldestDate()).isEqualTo(NOW.minus(Duration.ofDays(90)));
      assertThat(looked.getValue().reverseOrder()).as("moto answers 500 to reverseOrder").isNull();
    }

    @Test
    void closedExecutionsOfOtherKeysOrWorkflowIdsDoNotCount() {
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class))).thenReturn(open());
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(
              closed(info("k-1", "other-key", NOW, "wflaunch-key:k-9"), CloseStatus.COMPLETED),
              closed(info("other", "other-id", NOW, "wflaunch-key:k-1"), CloseStatus.COMPLETED)).build());
      startsAs("run-new");

      assertThat(launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k-1").build()).runId()).isEqualTo("run-new");
    }

    @Test
    void theSameKeyForAnotherWorkflowTypeIsAConflictNamingTheRunItNames() {
      noneClosed();
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class)))
          .thenReturn(open(info("order-4711", "run-settle", NOW, "wflaunch-key:order-4711")));
      WorkflowTarget refund = WorkflowTarget.of("swf", "payments", "Refund", "1.0");

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(refund).idempotencyKey("order-4711").build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.getMessage()).contains("swf:payments/order-4711/run-settle")
                .contains("workflow type 'Settle' version '1.0'");
            assertThat(e.outcomeUnknown()).isFalse();
          });
      verify(swf, never()).startWorkflowExecution(any(StartWorkflowExecutionRequest.class));
    }

    @Test
    void alreadyStartedForAnotherKeyIsAConflictNamingTheWorkflowId() {
      noneClosed();
      when(swf.startWorkflowExecution(any(StartWorkflowExecutionRequest.class))).thenThrow(alreadyStarted());
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class)))
          .thenReturn(open(info("shared-id", "run-open", NOW, "wflaunch-key:other")));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k-1")
          .options(SwfOptions.builder().workflowId("shared-id").build()).build()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("workflowId 'shared-id' is already open for another start")
          .hasMessageContaining("that run is swf:payments/shared-id/run-open");
      verify(swf, never()).startWorkflowExecution(any(StartWorkflowExecutionRequest.class));
    }

    @Test
    void anUnmarkedOpenExecutionThatContinuesTheKeysExecutionIsTheKeysRunNotAConflict() {
      WorkflowExecutionInfo first = closed(info("k-1", "run-1", NOW.minusSeconds(600), "wflaunch-key:k-1"),
          CloseStatus.CONTINUED_AS_NEW);
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class)))
          .thenReturn(open(info("k-1", "run-2", NOW.minusSeconds(540))));
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(first).build());

      RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k-1").build());

      assertThat(handle).as("the first run, which getRun follows to the newest")
          .isEqualTo(RunHandle.of("swf", "payments", "k-1", "run-1"));
      verify(swf, never()).startWorkflowExecution(any(StartWorkflowExecutionRequest.class));
    }

    private WorkflowExecutionAlreadyStartedException alreadyStarted() {
      return (WorkflowExecutionAlreadyStartedException) WorkflowExecutionAlreadyStartedException.builder()
          .statusCode(400).message("Already Started")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("WorkflowExecutionAlreadyStartedFault").build()).build();
    }
  }

  @Nested
  class Reading {

    @Test
    void anOpenExecutionIsRunningWithItsDetails() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      WorkflowExecutionInfo info = info("order-1", "run-1", NOW.minusSeconds(60), "a", "b");
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(info));

      RunStatus status = launcher.getRun(run);

      verify(swf).describeWorkflowExecution(DescribeWorkflowExecutionRequest.builder().domain("payments")
          .execution(e -> e.workflowId("order-1").runId("run-1")).build());
      assertThat(status.state()).isEqualTo(RunState.RUNNING);
      assertThat(status.rawStatus()).isEqualTo("OPEN");
      assertThat(status.startedAt()).contains(NOW.minusSeconds(60));
      assertThat(status.updatedAt()).contains(NOW.minusSeconds(5));
      assertThat(status.details())
          .containsEntry("workflowTypeName", "Settle").containsEntry("workflowTypeVersion", "1.0")
          .containsEntry("tagList", "a,b").containsEntry("taskList", "tl").containsEntry("taskPriority", "3")
          .containsEntry("openActivityTasks", "2").containsEntry("openDecisionTasks", "1")
          .containsEntry("cancelRequested", "false").containsEntry("childPolicy", "TERMINATE");
      assertThat(status.detail(DescribeWorkflowExecutionResponse.class)).isPresent();
    }

    @Test
    void aFailedExecutionGetsItsReasonFromTheCloseEvent() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      WorkflowExecutionInfo failed = closed(info("order-1", "run-1", NOW.minusSeconds(60)), CloseStatus.FAILED);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(failed));
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class))).thenReturn(
          GetWorkflowExecutionHistoryResponse.builder().events(HistoryEvent.builder()
              .workflowExecutionFailedEventAttributes(a -> a.reason("card declined")).build()).build());

      RunStatus status = launcher.getRun(run);

      assertThat(status.state()).isEqualTo(RunState.FAILED);
      assertThat(status.reasons()).containsExactly("failed: reason is masked detail 'closeReason'");
      assertThat(status.details()).containsEntry("closeReason", "card declined");
      assertThat(status.maskedDetails()).containsExactly("closeReason");
      assertThat(status.toString()).doesNotContain("card declined");
      verify(swf).getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.builder().domain("payments")
          .execution(failed.execution()).reverseOrder(true).maximumPageSize(1).build());
    }

    @Test
    void whoTerminatedAnExecutionDecidesItsStateOnGetRunGetRunsAndListRunsAlike() {
      WorkflowExecutionInfo byOperator = closed(info("order-1", "run-1", NOW.minusSeconds(90)), CloseStatus.TERMINATED);
      WorkflowExecutionInfo bySwf = closed(info("order-2", "run-2", NOW.minusSeconds(60)), CloseStatus.TERMINATED);
      WorkflowExecutionInfo byParent = closed(info("order-3", "run-3", NOW.minusSeconds(30)), CloseStatus.TERMINATED);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenAnswer(call -> {
        String runId = call.<DescribeWorkflowExecutionRequest>getArgument(0).execution().runId();
        return described(List.of(byOperator, bySwf, byParent).stream()
            .filter(i -> i.execution().runId().equals(runId)).findFirst().orElseThrow());
      });
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class))).thenAnswer(call -> {
        String runId = call.<GetWorkflowExecutionHistoryRequest>getArgument(0).execution().runId();
        String cause = switch (runId) {
          case "run-1" -> "OPERATOR_INITIATED";
          case "run-2" -> "EVENT_LIMIT_EXCEEDED";
          default -> "CHILD_POLICY_APPLIED";
        };
        return GetWorkflowExecutionHistoryResponse.builder().events(HistoryEvent.builder()
            .workflowExecutionTerminatedEventAttributes(a -> a.cause(cause)).build()).build();
      });
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class))).thenReturn(open());
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(byParent, bySwf, byOperator).build());
      List<RunHandle> handles = List.of(RunHandle.of("swf", "payments", "order-1", "run-1"),
          RunHandle.of("swf", "payments", "order-2", "run-2"), RunHandle.of("swf", "payments", "order-3", "run-3"));

      List<RunState> one = handles.stream().map(h -> launcher.getRun(h).state()).toList();
      List<RunState> batched = launcher.getRuns(handles).stream().map(RunStatus::state).toList();
      List<RunStatus> listed = launcher.listRuns(SETTLE, 3);

      assertThat(one).containsExactly(RunState.CANCELLED, RunState.FAILED, RunState.CANCELLED);
      assertThat(batched).containsExactly(RunState.CANCELLED, RunState.FAILED, RunState.CANCELLED);
      assertThat(listed).extracting(RunStatus::state)
          .containsExactly(RunState.CANCELLED, RunState.FAILED, RunState.CANCELLED);
      assertThat(listed.get(1).reasons()).singleElement().asString()
          .contains("terminated by SWF").contains("EVENT_LIMIT_EXCEEDED");
      assertThat(listed).extracting(RunStatus::rawStatus).containsOnly("TERMINATED");
    }

    @Test
    void aTerminatedExecutionWhoseCloseEventCannotBeReadIsAnErrorNotAGuess() {
      WorkflowExecutionInfo terminated = closed(info("order-1", "run-1", NOW.minusSeconds(60)), CloseStatus.TERMINATED);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(terminated));
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class)))
          .thenThrow(SdkClientException.create("Read timed out"));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("swf", "payments", "order-1", "run-1")))
          .isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void aCloseEventThatCannotBeReadLeavesTheStatusWithoutReason() {
      WorkflowExecutionInfo failed = closed(info("order-1", "run-1", NOW.minusSeconds(60)), CloseStatus.FAILED);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(failed));
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class)))
          .thenThrow(SdkClientException.create("no permission for history"));

      RunStatus status = launcher.getRun(RunHandle.of("swf", "payments", "order-1", "run-1"));

      assertThat(status.state()).isEqualTo(RunState.FAILED);
      assertThat(status.reasons()).isEmpty();
    }

    @Test
    void openAndSucceededExecutionsNeedNoHistory() {
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class)))
          .thenReturn(described(info("order-1", "run-1", NOW)))
          .thenReturn(described(closed(info("order-1", "run-1", NOW), CloseStatus.COMPLETED)));

      launcher.getRun(RunHandle.of("swf", "payments", "order-1", "run-1"));
      launcher.getRun(RunHandle.of("swf", "payments", "order-1", "run-1"));

      verify(swf, never()).getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class));
    }

    /** Describes each run as {@code byRun} holds it. */
    private void describes(Map<String, WorkflowExecutionInfo> byRun) {
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenAnswer(call ->
          described(byRun.get(call.<DescribeWorkflowExecutionRequest>getArgument(0).execution().runId())));
    }

    private final HistoryEvent started = HistoryEvent.builder().workflowExecutionStartedEventAttributes(a -> a.input("x"))
        .build();

    @Test
    void aContinuedExecutionIsFollowedToTheNewestOneByItsCloseEvent() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      WorkflowExecutionInfo first = closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW);
      WorkflowExecutionInfo second = info("order-1", "run-2", NOW.minusSeconds(540));
      describes(Map.of("run-1", first, "run-2", second));
      histories(Map.of("run-1", continuedAs("run-2"), "run-2", started));

      RunStatus status = launcher.getRun(run);

      assertThat(status.handle()).isEqualTo(run);
      assertThat(status.state()).isEqualTo(RunState.RUNNING);
      assertThat(status.details()).containsEntry("runId", "run-1").containsEntry("latestRunId", "run-2");
      assertThat(status.reasons()).contains("continued as new from run run-1 as run run-2");
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
      verify(swf, never()).listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class));
    }

    @Test
    void aChainIsFollowedThroughClosedExecutionsAndItsEndsCloseEventIsReadOnce() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      WorkflowExecutionInfo first = closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW);
      WorkflowExecutionInfo second = closed(info("order-1", "run-2", NOW.minusSeconds(500)), CloseStatus.CONTINUED_AS_NEW);
      WorkflowExecutionInfo third = closed(info("order-1", "run-3", NOW.minusSeconds(400)), CloseStatus.FAILED);
      describes(Map.of("run-1", first, "run-2", second, "run-3", third));
      histories(Map.of("run-1", continuedAs("run-2"), "run-2", continuedAs("run-3"), "run-3",
          HistoryEvent.builder().workflowExecutionFailedEventAttributes(a -> a.reason("card declined")).build()));

      RunStatus status = launcher.getRun(run);

      assertThat(status.state()).isEqualTo(RunState.FAILED);
      assertThat(status.rawStatus()).isEqualTo("FAILED");
      assertThat(status.details()).containsEntry("latestRunId", "run-3").containsEntry("closeReason", "card declined");
      ArgumentCaptor<DescribeWorkflowExecutionRequest> described = ArgumentCaptor.forClass(DescribeWorkflowExecutionRequest.class);
      verify(swf, times(2)).describeWorkflowExecution(described.capture());
      assertThat(described.getAllValues()).extracting(request -> request.execution().runId())
          .containsExactly("run-1", "run-3");
      verify(swf, times(3)).getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class));
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }

    @Test
    void aNewestRunThatContinuedAsNewAfterItsHistoryWasReadIsFollowedOn() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      WorkflowExecutionInfo first = closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW);
      WorkflowExecutionInfo second = closed(info("order-1", "run-2", NOW.minusSeconds(500)), CloseStatus.CONTINUED_AS_NEW);
      WorkflowExecutionInfo third = info("order-1", "run-3", NOW.minusSeconds(10));
      describes(Map.of("run-1", first, "run-2", second, "run-3", third));
      // run-2 was open when the walk read it; it has continued as new by the time it is described.
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class)))
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(continuedAs("run-2")).build())
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(started).build())
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(continuedAs("run-3")).build())
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(started).build());

      RunStatus status = launcher.getRun(run);

      assertThat(status.state()).isEqualTo(RunState.RUNNING);
      assertThat(status.details()).containsEntry("latestRunId", "run-3");
    }

    @Test
    void withoutFollowingAContinuedExecutionIsSucceeded() {
      SwfBackend notFollowing = SwfBackend.builder(swf).followContinuedAsNew(false).build();
      WorkflowExecutionInfo first = closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(first));

      RunStatus status = notFollowing.getRun(RunHandle.of("swf", "payments", "order-1", "run-1"));

      assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(status.rawStatus()).isEqualTo("CONTINUED_AS_NEW");
      verify(swf, never()).getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class));
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }

    @Test
    void aChainThatCannotBeFollowedIsUnknownSoThatAWaitReadsItAgain() {
      RunHandle run = RunHandle.of("swf", "payments", "order-1", "run-1");
      WorkflowExecutionInfo first = closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(first));
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class)))
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(started).build())
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(continuedAs("run-2")).build())
          .thenThrow(software.amazon.awssdk.services.swf.model.UnknownResourceException.builder()
              .message("Unknown execution").statusCode(400)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnknownResourceFault").build()).build());

      RunStatus namesNoRun = launcher.getRun(run);
      RunStatus nextIsGone = launcher.getRun(run);

      assertThat(namesNoRun.state()).isEqualTo(RunState.UNKNOWN);
      assertThat(namesNoRun.reasons()).singleElement().asString().contains("names no new run");
      assertThat(nextIsGone.state()).isEqualTo(RunState.UNKNOWN);
      assertThat(nextIsGone.reasons()).singleElement().asString()
          .contains("continued as new as run 'run-2', which was not found");

      histories(Map.of("run-1", continuedAs("run-2"), "run-2", continuedAs("run-1")));
      RunStatus endless = launcher.getRun(run);
      assertThat(endless.state()).isEqualTo(RunState.UNKNOWN);
      assertThat(endless.reasons()).singleElement().asString().contains("more than 1000 times");
      verify(swf, never()).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    }

    @Test
    void aChainThatCannotBeReadIsAnError() {
      WorkflowExecutionInfo first = closed(info("order-1", "run-1", NOW.minusSeconds(600)), CloseStatus.CONTINUED_AS_NEW);
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenReturn(described(first));
      when(swf.getWorkflowExecutionHistory(any(GetWorkflowExecutionHistoryRequest.class)))
          .thenReturn(GetWorkflowExecutionHistoryResponse.builder().events(continuedAs("run-2")).build())
          .thenThrow(SdkClientException.create("Read timed out"));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("swf", "payments", "order-1", "run-1")))
          .isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void listRunsMergesOpenAndClosedOfTheTypeNewestFirst() {
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class))).thenReturn(open(
          info("a", "1", NOW.minusSeconds(10)),
          info("other-type", "9", NOW).toBuilder().workflowType(t -> t.name("Other").version("1.0")).build()));
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(
              closed(info("b", "2", NOW.minusSeconds(5)), CloseStatus.COMPLETED),
              closed(info("c", "3", NOW.minusSeconds(20)), CloseStatus.TIMED_OUT)).build());

      List<RunStatus> listed = launcher.listRuns(SETTLE, 2);

      assertThat(listed).extracting(s -> s.handle().part(1)).containsExactly("b", "a");
      assertThat(listed).extracting(RunStatus::state).containsExactly(RunState.SUCCEEDED, RunState.RUNNING);
      ArgumentCaptor<ListOpenWorkflowExecutionsRequest> asked = ArgumentCaptor.forClass(ListOpenWorkflowExecutionsRequest.class);
      verify(swf).listOpenWorkflowExecutions(asked.capture());
      assertThat(asked.getValue().typeFilter().name()).isEqualTo("Settle");
      assertThat(asked.getValue().typeFilter().version()).isEqualTo("1.0");
      assertThat(asked.getValue().startTimeFilter().oldestDate()).isEqualTo(NOW.minus(Duration.ofDays(90)));
      assertThat(asked.getValue().reverseOrder()).isNull();
    }

    @Test
    void theBatchedReadListsEachDomainOnceAndDescribesOnlyTheRunsItLeaves() {
      WorkflowExecutionInfo a = info("a", "1", NOW.minusSeconds(50));
      WorkflowExecutionInfo b = closed(info("b", "2", NOW.minusSeconds(40)), CloseStatus.COMPLETED);
      WorkflowExecutionInfo c = closed(info("c", "3", NOW.minusSeconds(30)), CloseStatus.FAILED);
      WorkflowExecutionInfo r = info("r", "9", NOW.minusSeconds(20));
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class))).thenAnswer(call ->
          call.<ListOpenWorkflowExecutionsRequest>getArgument(0).domain().equals("refunds") ? open(r) : open(a));
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(b, c).build());
      describes(Map.of("3", c));
      histories(Map.of("3", HistoryEvent.builder()
          .workflowExecutionFailedEventAttributes(e -> e.reason("card declined")).build()));
      RunHandle runA = RunHandle.of("swf", "payments", "a", "1");
      List<RunHandle> asked = List.of(RunHandle.of("swf", "payments", "c", "3"), runA,
          RunHandle.of("swf", "refunds", "r", "9"), RunHandle.of("swf", "payments", "b", "2"), runA);

      List<RunStatus> statuses = launcher.getRuns(asked);

      assertThat(statuses).extracting(RunStatus::handle).containsExactlyElementsOf(asked);
      assertThat(statuses).extracting(RunStatus::state).containsExactly(RunState.FAILED, RunState.RUNNING,
          RunState.RUNNING, RunState.SUCCEEDED, RunState.RUNNING);
      assertThat(statuses.get(0).details()).as("a failed run is read on its own, with its close event")
          .containsEntry("closeReason", "card declined");
      ArgumentCaptor<ListOpenWorkflowExecutionsRequest> open = ArgumentCaptor.forClass(ListOpenWorkflowExecutionsRequest.class);
      verify(swf, times(2)).listOpenWorkflowExecutions(open.capture());
      assertThat(open.getAllValues()).extracting(ListOpenWorkflowExecutionsRequest::domain)
          .containsExactlyInAnyOrder("payments", "refunds");
      assertThat(open.getAllValues()).allSatisfy(request -> {
        assertThat(request.startTimeFilter().oldestDate()).as("no start known: as far back as a run stays open")
            .isEqualTo(NOW.minus(Duration.ofDays(366)));
        assertThat(request.maximumPageSize()).isEqualTo(1000);
        assertThat(request.typeFilter()).isNull();
        assertThat(request.executionFilter()).isNull();
      });
      ArgumentCaptor<ListClosedWorkflowExecutionsRequest> closed =
          ArgumentCaptor.forClass(ListClosedWorkflowExecutionsRequest.class);
      verify(swf).listClosedWorkflowExecutions(closed.capture());
      assertThat(closed.getValue().domain()).as("refunds' run was open").isEqualTo("payments");
      assertThat(closed.getValue().startTimeFilter().oldestDate()).isEqualTo(NOW.minus(Duration.ofDays(366)));
      ArgumentCaptor<DescribeWorkflowExecutionRequest> described = ArgumentCaptor.forClass(DescribeWorkflowExecutionRequest.class);
      verify(swf).describeWorkflowExecution(described.capture());
      assertThat(described.getValue().execution().runId()).isEqualTo("3");
    }

    @Test
    void theTrackersBatchedReadListsFromTheOldestStartAndCountsEveryRequest() {
      Instant oldest = NOW.minusSeconds(300);
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class)))
          .thenReturn(open(info("a", "1", NOW.minusSeconds(100))));
      when(swf.listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class)))
          .thenReturn(ListClosedWorkflowExecutionsResponse.builder().executionInfos(
              closed(info("b", "2", oldest), CloseStatus.COMPLETED),
              closed(info("c", "3", NOW.minusSeconds(200)), CloseStatus.TERMINATED)).build());
      RunHandle a = RunHandle.of("swf", "payments", "a", "1");
      RunHandle b = RunHandle.of("swf", "payments", "b", "2");
      RunHandle c = RunHandle.of("swf", "payments", "c", "3");

      BatchRead read = backend.readRunsAsync(List.of(a, b, c), Optional.of(oldest), Runnable::run).join();

      assertThat(read.statuses()).as("a terminated run is left to a single read, which reads who terminated it")
          .containsOnlyKeys(a, b);
      assertThat(read.statuses().get(b).state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(read.requests()).isEqualTo(2);
      assertThat(read.failures()).isEmpty();
      ArgumentCaptor<ListOpenWorkflowExecutionsRequest> open = ArgumentCaptor.forClass(ListOpenWorkflowExecutionsRequest.class);
      verify(swf).listOpenWorkflowExecutions(open.capture());
      assertThat(open.getValue().startTimeFilter().oldestDate()).isEqualTo(oldest.minusSeconds(1));
      ArgumentCaptor<ListClosedWorkflowExecutionsRequest> closed =
          ArgumentCaptor.forClass(ListClosedWorkflowExecutionsRequest.class);
      verify(swf).listClosedWorkflowExecutions(closed.capture());
      assertThat(closed.getValue().startTimeFilter().oldestDate()).isEqualTo(oldest.minusSeconds(1));
      verify(swf, never()).describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class));
    }

    @Test
    void aListingThatFailsLeavesItsRunsToSingleReadsAndAnUnavailableOneIsReportedToTheTracker() {
      when(swf.describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class))).thenAnswer(call -> {
        DescribeWorkflowExecutionRequest request = call.getArgument(0);
        return described(info(request.execution().workflowId(), request.execution().runId(), NOW));
      });
      when(swf.listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class)))
          .thenThrow(software.amazon.awssdk.services.swf.model.OperationNotPermittedException.builder()
              .message("not authorized").statusCode(400)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("OperationNotPermittedFault").build()).build())
          .thenThrow(SdkClientException.create("connection reset"));
      List<RunHandle> asked = List.of(RunHandle.of("swf", "payments", "a", "1"), RunHandle.of("swf", "payments", "b", "2"),
          RunHandle.of("swf", "payments", "c", "3"));

      List<RunStatus> statuses = launcher.getRuns(asked);
      BatchRead unavailable = backend.readRunsAsync(asked, Optional.empty(), Runnable::run).join();

      assertThat(statuses).extracting(RunStatus::handle).containsExactlyElementsOf(asked);
      assertThat(statuses).extracting(RunStatus::state).containsOnly(RunState.RUNNING);
      verify(swf, times(3)).describeWorkflowExecution(any(DescribeWorkflowExecutionRequest.class));
      assertThat(unavailable.statuses()).isEmpty();
      assertThat(unavailable.requests()).isEqualTo(1);
      assertThat(unavailable.failures()).containsOnlyKeys(asked)
          .allSatisfy((handle, failure) -> assertThat(failure).isInstanceOf(BackendUnavailableException.class));
      verify(swf, times(2)).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
      verify(swf, never()).listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class));
    }
  }

  @Nested
  class Validation {

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "a/b", "a|b", "tab\there", "nul\u0000", "del\u007f", "c1\u0085", "arn"})
    void namesWithForbiddenCharactersAreRefused(String bad) {
      String rule = "without ':', '/', '|' or control characters, and not 'arn'; found ";
      assertRefused(StartRunRequest.builder(WorkflowTarget.of("swf", bad, "T", "1")).build(), "domain", rule);
      assertRefused(StartRunRequest.builder(WorkflowTarget.of("swf", "d", bad, "1")).build(), "workflowTypeName", rule);
      assertRefused(StartRunRequest.builder(WorkflowTarget.of("swf", "d", "T", bad)).build(), "workflowTypeVersion", rule);
      assertRefused(StartRunRequest.builder(SETTLE).options(SwfOptions.builder().workflowId(bad).build()).build(),
          "options.workflowId", rule);
      assertRefused(StartRunRequest.builder(SETTLE).options(SwfOptions.builder().taskList(bad).build()).build(),
          "options.taskList", rule);
    }

    @Test
    void lengthsAreLimited() {
      startsAs("r");
      launcher.start(StartRunRequest.builder(WorkflowTarget.of("swf", "d".repeat(256), "t".repeat(256), "v".repeat(64)))
          .options(SwfOptions.builder().workflowId("w".repeat(256)).taskList("l".repeat(256)).build()).build());

      assertRefused(StartRunRequest.builder(WorkflowTarget.of("swf", "d".repeat(257), "T", "1")).build(), "domain",
          "found 257 characters");
      assertRefused(StartRunRequest.builder(WorkflowTarget.of("swf", "d", "T", "v".repeat(65))).build(),
          "workflowTypeVersion", "must be 1 to 64 characters");
      assertRefused(StartRunRequest.builder(SETTLE).options(SwfOptions.builder().workflowId("w".repeat(257)).build())
          .build(), "options.workflowId", "found 257");
    }

    @Test
    void inputIsLimitedAndExclusiveWithParameters() {
      startsAs("r");
      launcher.start(StartRunRequest.builder(SETTLE).input("x".repeat(32_768)).build());

      assertRefused(StartRunRequest.builder(SETTLE).input("x".repeat(32_769)).build(), "input",
          "at most 32768 characters, found 32769");
      assertRefused(StartRunRequest.builder(SETTLE).parameter("p", "x".repeat(32_761)).build(), "parameters",
          "at most 32768 characters, found 32769");
      assertRefused(StartRunRequest.builder(SETTLE).input("{}").parameter("a", "b").build(), "input", "not both");
    }

    @Test
    void tagsAreLimitedAndTheKeyMarkerTakesASlot() {
      SwfOptions five = SwfOptions.builder().tag("1").tag("2").tag("3").tag("4").tag("5").build();
      startsAs("r");
      launcher.start(StartRunRequest.builder(SETTLE).options(five).build());

      assertRefused(StartRunRequest.builder(SETTLE).options(five).idempotencyKey("k").build(), "options.tagList",
          "at most 4 tags (the start's key marker takes one of SWF's 5 when there is an idempotency key or a "
              + "workflowId in the options), found 5");
      assertRefused(StartRunRequest.builder(SETTLE).options(five.toBuilder().workflowId("chosen").build()).build(),
          "options.tagList", "at most 4 tags");
      assertRefused(StartRunRequest.builder(SETTLE).options(five.toBuilder().tag("6").build()).build(),
          "options.tagList", "at most 5 tags, found 6");
      assertRefused(StartRunRequest.builder(SETTLE).options(SwfOptions.builder().tag("t".repeat(257)).build()).build(),
          "options.tagList", "at most 256 characters");
    }

    @Test
    void timeoutsAreWholeSecondsOfAtMostEightDigits() {
      startsAs("r");
      launcher.start(StartRunRequest.builder(SETTLE).options(SwfOptions.builder()
          .executionStartToCloseTimeout(Duration.ofSeconds(99_999_999)).taskStartToCloseTimeout(Duration.ZERO).build())
          .build());

      assertRefused(timeouts(b -> b.executionStartToCloseTimeout(Duration.ofSeconds(100_000_000))),
          "options.executionStartToCloseTimeout", "whole seconds from 0 to 99999999");
      assertRefused(timeouts(b -> b.executionStartToCloseTimeout(Duration.ofMillis(1500))),
          "options.executionStartToCloseTimeout", "PT1.5S");
      assertRefused(timeouts(b -> b.taskStartToCloseTimeout(Duration.ofSeconds(-1))),
          "options.taskStartToCloseTimeout", "whole seconds");
    }

    @Test
    void otherOptionsAreChecked() {
      assertRefused(StartRunRequest.builder(SETTLE).options(SwfOptions.builder()
          .childPolicy(ChildPolicy.UNKNOWN_TO_SDK_VERSION).build()).build(), "options.childPolicy", "TERMINATE");
      assertRefused(StartRunRequest.builder(SETTLE).options(SwfOptions.builder().lambdaRole("").build()).build(),
          "options.lambdaRole", "1 to 1600");
      assertRefused(StartRunRequest.builder(SETTLE).options(new BackendOptions() {}).build(), "options",
          "must be SwfOptions");
    }

    @Test
    void handlesAreCheckedBeforeAnythingIsSent() {
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("swf", "payments", "order|1", "r")))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("workflowId"));
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("swf", "payments", "order-1", "r".repeat(65))))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("runId"));
      verifyNoInteractions(swf);
    }

    private StartRunRequest timeouts(Consumer<SwfOptions.Builder> configure) {
      SwfOptions.Builder builder = SwfOptions.builder();
      configure.accept(builder);
      return StartRunRequest.builder(SETTLE).options(builder.build()).build();
    }

    private void assertRefused(StartRunRequest request, String field, String rule) {
      int before = org.mockito.Mockito.mockingDetails(swf).getInvocations().size();
      assertThatThrownBy(() -> launcher.start(request))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains("backend swf");
            assertThat(e.rule()).contains(rule);
          });
      assertThat(org.mockito.Mockito.mockingDetails(swf).getInvocations()).as("nothing sent").hasSize(before);
    }
  }
}
