package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendOptions;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import io.wflaunch.testkit.VirtualScheduler;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;

/**
 * The Step Functions backend over a Mockito-mocked SfnClient: exactly what it sends, and what it makes
 * of the answers.
 */
class StepFunctionsBackendTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final String ACCOUNT = "arn:aws:states:us-east-1:123456789012:";
  private static final String ORDERS = ACCOUNT + "stateMachine:orders";
  private static final String EVENTS = ACCOUNT + "stateMachine:events";
  private static final WorkflowTarget ORDERS_BY_ARN = WorkflowTarget.of("sfn", ORDERS);
  private static final WorkflowTarget ORDERS_BY_NAME = WorkflowTarget.of("sfn", "orders");
  private static final WorkflowTarget EVENTS_BY_NAME = WorkflowTarget.of("sfn", "events");

  /** Three attempts; two look-up reads settle an unknown outcome. No pauses. */
  private static final StartPolicy POLICY = StartPolicy.builder().maxAttempts(3).lookUps(2, Duration.ZERO).build()
      .withoutPauses();

  private final ObjectMapper json = new ObjectMapper();
  private final VirtualScheduler time = new VirtualScheduler(NOW);
  private final SfnClient sfn = mock(SfnClient.class);
  private final StepFunctionsBackend backend = StepFunctionsBackend.builder(sfn).clock(time.clock()).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).startPolicy(POLICY).build();

  StepFunctionsBackendTest() {
    // An ARN target's type is read once with DescribeStateMachine; unless a test says otherwise, Standard.
    when(sfn.describeStateMachine(any(DescribeStateMachineRequest.class))).thenAnswer(call -> DescribeStateMachineResponse
        .builder().stateMachineArn(((DescribeStateMachineRequest) call.getArgument(0)).stateMachineArn())
        .type(StateMachineType.STANDARD).build());
  }

  @AfterEach
  void close() {
    launcher.close();
  }

  private static String execution(String name) {
    return ACCOUNT + "execution:orders:" + name;
  }

  private static StartExecutionResponse started(String executionArn) {
    return StartExecutionResponse.builder().executionArn(executionArn).startDate(NOW).build();
  }

  /** StartExecution's answer: the Standard execution of the request's state machine and name. */
  private static StartExecutionResponse asRequested(org.mockito.invocation.InvocationOnMock call) {
    StartExecutionRequest request = call.getArgument(0);
    return started(ACCOUNT + "execution:" + request.stateMachineArn().split(":")[6] + ":" + request.name());
  }

  private static DescribeExecutionResponse described(String executionArn, String input, ExecutionStatus status) {
    return DescribeExecutionResponse.builder().executionArn(executionArn).stateMachineArn(ORDERS)
        .name(executionArn.substring(executionArn.lastIndexOf(':') + 1)).input(input).status(status)
        .startDate(NOW).build();
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code) {
    return builder.statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
  }

  private static SdkClientException lostResponse() {
    return SdkClientException.builder().message("Read timed out").cause(new SocketTimeoutException("Read timed out"))
        .build();
  }

  private static AwsServiceException notYetVisible() {
    return error(ExecutionDoesNotExistException.builder(), 400, "ExecutionDoesNotExist");
  }

  private void listStateMachines(StateMachineListItem... items) {
    when(sfn.listStateMachines(any(ListStateMachinesRequest.class)))
        .thenReturn(ListStateMachinesResponse.builder().stateMachines(items).build());
  }

  private static StateMachineListItem machine(String arn, StateMachineType type) {
    return StateMachineListItem.builder().stateMachineArn(arn).name(arn.substring(arn.lastIndexOf(':') + 1))
        .type(type).creationDate(NOW).build();
  }

  private StartExecutionRequest sentStart() {
    ArgumentCaptor<StartExecutionRequest> sent = ArgumentCaptor.forClass(StartExecutionRequest.class);
    verify(sfn).startExecution(sent.capture());
    return sent.getValue();
  }

  @Nested
  class Starting {

    @Test
    void aKeyedStartLooksUpItsNameThenSendsTheKeyAsNameTheParametersInOrderAndTheTraceHeader() throws Exception {
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenReturn(started(execution("order-4711")));
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());

      RunHandle handle = launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("order-4711")
          .parameter("zeta", "1").parameter("alpha", "\"quoted\"")
          .options(StepFunctionsOptions.builder().traceHeader("Root=1-abc").build()).build());

      StartExecutionRequest sent = sentStart();
      assertThat(handle).isEqualTo(RunHandle.of("sfn", execution("order-4711")));
      assertThat(sent.stateMachineArn()).isEqualTo(ORDERS);
      assertThat(sent.name()).isEqualTo("order-4711");
      assertThat(sent.traceHeader()).isEqualTo("Root=1-abc");
      JsonNode input = json.readTree(sent.input());
      List<String> names = new ArrayList<>();
      input.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("zeta", "alpha");
      assertThat(input.get("alpha").asText()).isEqualTo("\"quoted\"");
      assertThat(sent.overrideConfiguration()).as("the SDK's retries are off: the start protocol owns them")
          .hasValueSatisfying(override -> assertThat(override.plugins()).hasSize(1));
      ArgumentCaptor<DescribeExecutionRequest> looked = ArgumentCaptor.forClass(DescribeExecutionRequest.class);
      verify(sfn).describeExecution(looked.capture());
      assertThat(looked.getValue().executionArn()).as("the ARN follows from the state machine's and the key's name")
          .isEqualTo(execution("order-4711"));
      assertThat(looked.getValue().overrideConfiguration()).as("sent once: the start protocol counts its look-ups")
          .hasValueSatisfying(override -> assertThat(override.plugins()).hasSize(1));
    }

    @Test
    void aStartWithoutParametersSendsAnEmptyObjectAndRawInputGoesAsItIs() {
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);

      launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).build());
      launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).input("[1, {\"b\": null}]").build());

      ArgumentCaptor<StartExecutionRequest> sent = ArgumentCaptor.forClass(StartExecutionRequest.class);
      verify(sfn, times(2)).startExecution(sent.capture());
      assertThat(sent.getAllValues().get(0).input()).isEqualTo("{}");
      assertThat(sent.getAllValues().get(1).input()).isEqualTo("[1, {\"b\": null}]");
      assertThat(sent.getAllValues().get(0).name()).as("a keyless start's name is the key generated for the call")
          .matches("wfl-[0-9a-f-]{36}").isNotEqualTo(sent.getAllValues().get(1).name());
    }

    @Test
    void aKeyThatIsNoPlainNameBecomesAStableHashedName() {
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());

      launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("order 4711 / EU").build());

      assertThat(sentStart().name()).matches("wfl-[0-9a-f]{60}");
    }

    @Test
    void anExecutionNameInTheOptionsIsRefusedOnAStandardStateMachineWhereTheKeyIsTheName() {
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN)
          .options(StepFunctionsOptions.builder().executionName("my-run").build()).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("options.executionName");
            assertThat(e.outcomeUnknown()).isFalse();
          })
          .hasMessageContaining("give the name as idempotencyKey");
      verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void anExecutionStartedThroughAnotherAliasIsAConflictNotTheKeysRun() {
      WorkflowTarget prod = WorkflowTarget.of("sfn", ORDERS + ":PROD");
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenReturn(
          described(execution("order-4711"), "{}", ExecutionStatus.RUNNING).toBuilder()
              .stateMachineAliasArn(ORDERS + ":BETA").stateMachineVersionArn(ORDERS + ":3").build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(prod).idempotencyKey("order-4711").build()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("started through BETA rather than PROD");
      verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void anExecutionStartedThroughTheSameVersionIsTheKeysRun() {
      WorkflowTarget version = WorkflowTarget.of("sfn", ORDERS + ":3");
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenReturn(
          described(execution("order-4711"), "{}", ExecutionStatus.RUNNING).toBuilder()
              .stateMachineVersionArn(ORDERS + ":3").build());

      RunHandle handle = launcher.start(StartRunRequest.builder(version).idempotencyKey("order-4711").build());

      assertThat(handle.part(0)).isEqualTo(execution("order-4711"));
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("order-4711")
          .build())).as("the unqualified state machine is another target").isInstanceOf(ConflictException.class);
    }

    @Test
    void anExecutionWhoseInputIsNotReturnedCannotBeTheKeysRun() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(described(execution("order-4711"), null, ExecutionStatus.RUNNING));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("order-4711")
          .build())).isInstanceOf(ConflictException.class).hasMessageContaining("cannot be compared");
    }

    @Test
    void anExecutionThatIsNotTheStandardOneExpectedMakesTheTypeBeReadAgain() {
      String express = ACCOUNT + "express:orders:x:8f3c5a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenReturn(started(express));

      RunHandle first = launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).build());
      launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).build());

      assertThat(first.part(0)).isEqualTo(express);
      verify(sfn, times(2)).describeStateMachine(any(DescribeStateMachineRequest.class));
    }

    @Test
    void aKeyReusedWithOtherInputIsAConflictNamingTheExecution() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(described(execution("order-4711"), "{\"n\":\"1\"}", ExecutionStatus.RUNNING));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("order-4711")
          .parameter("n", "2").build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
          .hasMessageContaining("is taken by execution sfn:" + execution("order-4711") + ",")
          .hasMessageContaining("other input");
      verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }
  }

  @Nested
  class StateMachineNames {

    @Test
    void aNameIsResolvedOnceWithListStateMachinesAndCachedForItsTimeToLive() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD), machine(EVENTS, StateMachineType.EXPRESS));
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);

      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());
      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());
      time.advanceBy(Duration.ofMinutes(6));
      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());

      verify(sfn, times(2)).listStateMachines(any(ListStateMachinesRequest.class));
      ArgumentCaptor<StartExecutionRequest> sent = ArgumentCaptor.forClass(StartExecutionRequest.class);
      verify(sfn, times(3)).startExecution(sent.capture());
      assertThat(sent.getAllValues()).extracting(StartExecutionRequest::stateMachineArn).containsOnly(ORDERS);
      verify(sfn, never()).describeStateMachine(any(DescribeStateMachineRequest.class));
    }

    @Test
    void aNameTheCachedListingLacksIsLookedForInAFreshListingBeforeItIsCalledMissing() {
      when(sfn.listStateMachines(any(ListStateMachinesRequest.class)))
          .thenReturn(ListStateMachinesResponse.builder().stateMachines(machine(ORDERS, StateMachineType.STANDARD)).build())
          .thenReturn(ListStateMachinesResponse.builder().stateMachines(machine(ORDERS, StateMachineType.STANDARD),
              machine(EVENTS, StateMachineType.STANDARD)).build());
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);

      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());
      launcher.start(StartRunRequest.builder(EVENTS_BY_NAME).build());
      launcher.start(StartRunRequest.builder(EVENTS_BY_NAME).build());

      verify(sfn, times(2)).listStateMachines(any(ListStateMachinesRequest.class));
      ArgumentCaptor<StartExecutionRequest> sent = ArgumentCaptor.forClass(StartExecutionRequest.class);
      verify(sfn, times(3)).startExecution(sent.capture());
      assertThat(sent.getAllValues()).extracting(StartExecutionRequest::stateMachineArn)
          .containsExactly(ORDERS, EVENTS, EVENTS);
    }

    @Test
    void aMissingNameIsAMissingWorkflowAndNothingIsStarted() {
      listStateMachines(machine(EVENTS, StateMachineType.EXPRESS));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build()))
          .isInstanceOfSatisfying(WorkflowNotFoundException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
          .hasMessageContaining("no state machine named 'orders'");
      verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void twoStateMachinesOfOneNameAreAnAmbiguityListingBoth() {
      String other = "arn:aws:states:us-east-1:123456789012:stateMachine:orders:v2";
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD), StateMachineListItem.builder().name("orders")
          .stateMachineArn(other).type(StateMachineType.STANDARD).build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("target"))
          .hasMessageContaining(ORDERS).hasMessageContaining(other).hasMessageContaining("give the ARN");
    }

    @Test
    void aStateMachineGoneAtStartIsForgottenSoThatTheNextStartResolvesAgain() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.startExecution(any(StartExecutionRequest.class)))
          .thenThrow(error(StateMachineDoesNotExistException.builder(), 400, "StateMachineDoesNotExist"))
          .thenAnswer(StepFunctionsBackendTest::asRequested);

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build()))
          .isInstanceOf(WorkflowNotFoundException.class);
      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());

      verify(sfn, times(2)).listStateMachines(any(ListStateMachinesRequest.class));
    }

    @Test
    void anArnTargetsTypeIsReadOnceWithDescribeStateMachineOfTheUnqualifiedArn() {
      when(sfn.describeStateMachine(any(DescribeStateMachineRequest.class)))
          .thenReturn(DescribeStateMachineResponse.builder().stateMachineArn(ORDERS).type(StateMachineType.STANDARD).build());
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);
      WorkflowTarget alias = WorkflowTarget.of("sfn", ORDERS + ":PROD");

      launcher.start(StartRunRequest.builder(alias).build());
      launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).build());

      ArgumentCaptor<DescribeStateMachineRequest> asked = ArgumentCaptor.forClass(DescribeStateMachineRequest.class);
      verify(sfn, times(1)).describeStateMachine(asked.capture());
      assertThat(asked.getValue().stateMachineArn()).isEqualTo(ORDERS);
      ArgumentCaptor<StartExecutionRequest> sent = ArgumentCaptor.forClass(StartExecutionRequest.class);
      verify(sfn, times(2)).startExecution(sent.capture());
      assertThat(sent.getAllValues().get(0).stateMachineArn()).as("the alias is started, not the state machine")
          .isEqualTo(ORDERS + ":PROD");
      verify(sfn, never()).listStateMachines(any(ListStateMachinesRequest.class));
    }
  }

  @Nested
  class Express {

    @Test
    void aTypeThisSdkDoesNotKnowIsTakenAsNotDeduplicating() {
      when(sfn.describeStateMachine(any(DescribeStateMachineRequest.class)))
          .thenReturn(DescribeStateMachineResponse.builder().stateMachineArn(ORDERS).type("TURBO").build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("k").build()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("of a type this SDK does not know");
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(lostResponse());
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).build()))
          .isInstanceOfSatisfying(WorkflowLaunchException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      verify(sfn, times(1)).startExecution(any(StartExecutionRequest.class));
      verify(sfn, never()).describeExecution(any(DescribeExecutionRequest.class));
    }

    @Test
    void theChildOfAnExpressMapRunIsDescribedAsStepFunctionsAllowsButNotStopped() {
      String child = ACCOUNT + "express:orders/Map1:5f2c:8f3c5a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";
      when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(described(child, "{}", ExecutionStatus.SUCCEEDED));

      assertThat(launcher.getRun(RunHandle.of("sfn", child)).state()).isEqualTo(RunState.SUCCEEDED);
      assertThatThrownBy(() -> launcher.stop(RunHandle.of("sfn", child))).isInstanceOf(OperationNotSupportedException.class);
      verify(sfn, never()).stopExecution(any(StopExecutionRequest.class));
    }

    @Test
    void aStateMachineRecreatedAsExpressSinceItsTypeWasCachedIsNotStartedAgainAfterALostAnswer() {
      when(sfn.describeStateMachine(any(DescribeStateMachineRequest.class)))
          .thenReturn(DescribeStateMachineResponse.builder().stateMachineArn(ORDERS).type(StateMachineType.STANDARD).build())
          .thenReturn(DescribeStateMachineResponse.builder().stateMachineArn(ORDERS).type(StateMachineType.EXPRESS).build());
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(lostResponse());
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).build()))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.outcomeUnknown()).isTrue())
          .hasMessageContaining("is no longer the Standard state machine").hasMessageContaining("Express now");
      verify(sfn, times(1)).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void aNamedStateMachineWhoseTypeCameFromDescribeIsReadAgainAfterAMismatch() {
      listStateMachines(StateMachineListItem.builder().name("orders").stateMachineArn(ORDERS).build());
      String express = ACCOUNT + "express:orders:x:8f3c5a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenReturn(started(express));

      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());
      launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).build());

      verify(sfn, times(2)).listStateMachines(any(ListStateMachinesRequest.class));
      verify(sfn, times(2)).describeStateMachine(any(DescribeStateMachineRequest.class));
    }

    @Test
    void aKeyedStartIsRefusedBeforeAnyStart() {
      listStateMachines(machine(EVENTS, StateMachineType.EXPRESS));

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(EVENTS_BY_NAME).idempotencyKey("e-1").build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("idempotencyKey");
            assertThat(e.outcomeUnknown()).isFalse();
          })
          .hasMessageContaining("Express");
      verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void aStartReturnsTheExpressExecutionWhichCannotBeReadOrStopped() {
      String express = ACCOUNT + "express:events:e-1:8f3c5a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";
      listStateMachines(machine(EVENTS, StateMachineType.EXPRESS));
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenReturn(started(express));

      RunHandle handle = launcher.start(StartRunRequest.builder(EVENTS_BY_NAME).build());

      assertThat(handle.part(0)).isEqualTo(express);
      assertThatThrownBy(() -> launcher.getRun(handle)).isInstanceOfSatisfying(OperationNotSupportedException.class,
          e -> assertThat(e.operation()).isEqualTo("getRun")).hasMessageContaining("CloudWatch Logs");
      assertThatThrownBy(() -> launcher.getRuns(List.of(handle, handle)))
          .isInstanceOf(OperationNotSupportedException.class);
      assertThatThrownBy(() -> launcher.stop(handle)).isInstanceOf(OperationNotSupportedException.class);
      verify(sfn, never()).describeExecution(any(DescribeExecutionRequest.class));
      verify(sfn, never()).listExecutions(any(ListExecutionsRequest.class));
      verify(sfn, never()).stopExecution(any(StopExecutionRequest.class));
    }
  }

  @Nested
  class Reading {

    @Test
    void getRunDescribesTheHandlesArn() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenReturn(DescribeExecutionResponse.builder()
          .executionArn(execution("r")).status(ExecutionStatus.TIMED_OUT).error("States.Timeout").startDate(NOW)
          .stopDate(NOW.plusSeconds(60)).build());

      RunStatus status = launcher.getRun(RunHandle.of("sfn", execution("r")));

      assertThat(status.state()).isEqualTo(RunState.TIMED_OUT);
      assertThat(status.reasons()).containsExactly("execution TIMED_OUT; its error is in the masked detail 'error'");
      assertThat(status.details()).containsEntry("error", "States.Timeout");
      assertThat(status.maskedDetails()).contains("error");
      assertThat(status.duration()).contains(Duration.ofSeconds(60));
      verify(sfn, never()).listExecutions(any(ListExecutionsRequest.class));
    }

    private ExecutionListItem item(String name, ExecutionStatus status, Instant start) {
      return ExecutionListItem.builder().executionArn(execution(name)).stateMachineArn(ORDERS).name(name).status(status)
          .startDate(start).build();
    }

    /** ListExecutions answers: the unfiltered listing {@code pages}, one by one; RUNNING listings {@code running}. */
    private List<ListExecutionsRequest> listing(List<ListExecutionsResponse> pages, ExecutionListItem... running) {
      List<ListExecutionsRequest> sent = new ArrayList<>();
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenAnswer(call -> {
        ListExecutionsRequest request = call.getArgument(0);
        sent.add(request);
        if (request.statusFilter() == ExecutionStatus.RUNNING) {
          return ListExecutionsResponse.builder().executions(running).build();
        }
        int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        return pages.get(page);
      });
      return sent;
    }

    private ListExecutionsResponse page(String nextToken, ExecutionListItem... items) {
      return ListExecutionsResponse.builder().executions(items).nextToken(nextToken).build();
    }

    @Test
    void aRunDescribeExecutionDoesNotShowYetIsReadFromItsStateMachinesListing() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      List<ListExecutionsRequest> listed = listing(List.of(page(null, item("newer", ExecutionStatus.RUNNING, NOW),
          item("r", ExecutionStatus.SUCCEEDED, NOW.minusSeconds(2)).toBuilder().stopDate(NOW).build())));

      RunStatus status = launcher.getRun(RunHandle.of("sfn", execution("r")));

      assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(status.startedAt()).contains(NOW.minusSeconds(2));
      assertThat(status.endedAt()).contains(NOW);
      assertThat(status.detail(ExecutionListItem.class)).isPresent();
      org.mockito.InOrder order = org.mockito.Mockito.inOrder(sfn);
      order.verify(sfn).describeExecution(any(DescribeExecutionRequest.class));
      order.verify(sfn).listExecutions(any(ListExecutionsRequest.class));
      assertThat(listed).singleElement().satisfies(request -> {
        assertThat(request.stateMachineArn()).isEqualTo(ORDERS);
        assertThat(request.statusFilter()).as("every status: a new execution may have ended already").isNull();
        assertThat(request.maxResults()).isEqualTo(1000);
      });
    }

    @Test
    void aRunNeitherReadShowsIsNotFoundAfterOneDescribeAndOneListing() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      listing(List.of(page(null, item("other", ExecutionStatus.RUNNING, NOW))));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("r"))))
          .isInstanceOf(RunNotFoundException.class).hasMessageContaining("ExecutionDoesNotExist");
      verify(sfn, times(1)).describeExecution(any(DescribeExecutionRequest.class));
      verify(sfn, times(1)).listExecutions(any(ListExecutionsRequest.class));
    }

    @Test
    void theLookUpReadsAtMostTwoPagesNewestFirst() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      List<ListExecutionsRequest> listed = listing(List.of(
          page("1", item("a", ExecutionStatus.RUNNING, NOW), item("b", ExecutionStatus.RUNNING, NOW.minusSeconds(60))),
          page("2", item("c", ExecutionStatus.RUNNING, NOW.minusSeconds(70))),
          page(null, item("r", ExecutionStatus.RUNNING, NOW.minusSeconds(80)))));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("r")))).isInstanceOf(RunNotFoundException.class);
      assertThat(listed).extracting(ListExecutionsRequest::nextToken).containsExactly(null, "1");
    }

    @Test
    void theLookUpStopsAtExecutionsStartedFiveMinutesBeforeTheNewestListed() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      List<ListExecutionsRequest> listed = listing(List.of(
          page("1", item("a", ExecutionStatus.RUNNING, NOW), item("b", ExecutionStatus.FAILED, NOW.minusSeconds(301))),
          page(null, item("r", ExecutionStatus.RUNNING, NOW.minusSeconds(400)))));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("r")))).isInstanceOf(RunNotFoundException.class);
      assertThat(listed).hasSize(1);
    }

    @Test
    void aThrottledLookUpSaysNothingOfTheRunAndIsThrottled() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      when(sfn.listExecutions(any(ListExecutionsRequest.class)))
          .thenThrow(error(SfnException.builder(), 400, "ThrottlingException"));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("r"))))
          .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void aLookUpThatIsDeniedLeavesTheRunNotFoundWithTheDenialSuppressed() {
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      when(sfn.listExecutions(any(ListExecutionsRequest.class)))
          .thenThrow(error(SfnException.builder(), 400, "AccessDeniedException"));

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("r"))))
          .isInstanceOfSatisfying(RunNotFoundException.class, e -> assertThat(e.getSuppressed())
              .singleElement().isInstanceOf(AccessDeniedException.class));
    }

    @Test
    void theTrackersSingleReadCountsTheDescribeAndTheListingPages() {
      RunHandle visible = RunHandle.of("sfn", execution("v"));
      RunHandle young = RunHandle.of("sfn", execution("r"));
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(call -> {
        String arn = ((DescribeExecutionRequest) call.getArgument(0)).executionArn();
        if (arn.equals(young.part(0))) {
          throw notYetVisible();
        }
        return described(arn, "{}", ExecutionStatus.RUNNING);
      });
      listing(List.of(page("1", item("a", ExecutionStatus.RUNNING, NOW)),
          page(null, item("r", ExecutionStatus.RUNNING, NOW.minusSeconds(1)))));

      BatchRead one = backend.readRunAsync(visible, Runnable::run).join();
      BatchRead three = backend.readRunAsync(young, Runnable::run).join();

      assertThat(one.requests()).isEqualTo(1);
      assertThat(three.requests()).isEqualTo(3);
      assertThat(three.statuses().get(young).state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void theChildOfAMapRunThatIsNotFoundIsNotLookedFor() {
      String child = ACCOUNT + "express:orders/Map1:5f2c:8f3c5a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", child))).isInstanceOf(RunNotFoundException.class);
      verify(sfn, never()).listExecutions(any(ListExecutionsRequest.class));
    }

    private void clientIn(String region) {
      when(sfn.serviceClientConfiguration()).thenReturn(software.amazon.awssdk.services.sfn.SfnServiceClientConfiguration
          .builder().region(software.amazon.awssdk.regions.Region.of(region)).build());
    }

    @Test
    void aMissingExecutionInTheClientsRegionIsNotFound() {
      clientIn("us-east-1");
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder().build());

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("gone"))))
          .isInstanceOf(RunNotFoundException.class).hasMessageNotContaining("region");
      verify(sfn, times(1)).listExecutions(any(ListExecutionsRequest.class));
    }

    @Test
    void anExecutionNotFoundInTheClientsRegionSaysWhichRegionItsArnNames() {
      clientIn("eu-west-1");
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("r"))))
          .isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("the execution is in region us-east-1 and the client calls region eu-west-1")
          .hasMessageContaining("(Step Functions answered ExecutionDoesNotExist: ExecutionDoesNotExist message)");
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("s")))).isInstanceOf(RunNotFoundException.class);
      assertThatThrownBy(() -> launcher.getRuns(List.of(RunHandle.of("sfn", execution("r")),
          RunHandle.of("sfn", execution("s"))))).as("nor listed with the others").isInstanceOf(RunNotFoundException.class);
      verify(sfn, times(1)).serviceClientConfiguration();
      verify(sfn, never()).listExecutions(any(ListExecutionsRequest.class));
    }

    @Test
    void aFipsClientIsNotTakenForAnotherRegion() {
      clientIn("fips-us-east-1");
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder().build());

      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("gone"))))
          .isInstanceOf(RunNotFoundException.class).hasMessageNotContaining("region");
    }

    @Test
    void getRunsListsRunningExecutionsOncePerStateMachineAndDescribesTheRest() {
      ListExecutionsResponse running = ListExecutionsResponse.builder().executions(
          ExecutionListItem.builder().executionArn(execution("a")).status(ExecutionStatus.RUNNING).startDate(NOW).build(),
          ExecutionListItem.builder().executionArn(execution("x")).status(ExecutionStatus.RUNNING).startDate(NOW).build())
          .build();
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(running);
      when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(described(execution("b"), "{}", ExecutionStatus.SUCCEEDED));
      RunHandle a = RunHandle.of("sfn", execution("a"));
      RunHandle b = RunHandle.of("sfn", execution("b"));

      List<RunStatus> statuses = launcher.getRuns(List.of(a, b, a));

      assertThat(statuses).extracting(RunStatus::handle).containsExactly(a, b, a);
      assertThat(statuses).extracting(RunStatus::state)
          .containsExactly(RunState.RUNNING, RunState.SUCCEEDED, RunState.RUNNING);
      ArgumentCaptor<ListExecutionsRequest> listed = ArgumentCaptor.forClass(ListExecutionsRequest.class);
      verify(sfn, times(1)).listExecutions(listed.capture());
      assertThat(listed.getValue().stateMachineArn()).isEqualTo(ORDERS);
      assertThat(listed.getValue().statusFilter()).isEqualTo(ExecutionStatus.RUNNING);
      verify(sfn, times(1)).describeExecution(any(DescribeExecutionRequest.class));
    }

    @Test
    void getRunsReadsTheRunsTheRunningListingDoesNotShowOneByOneAsGetRunDoes() {
      RunHandle a = RunHandle.of("sfn", execution("a"));
      RunHandle b = RunHandle.of("sfn", execution("b"));
      RunHandle c = RunHandle.of("sfn", execution("c"));
      RunHandle d = RunHandle.of("sfn", execution("d"));
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(call -> {
        String arn = ((DescribeExecutionRequest) call.getArgument(0)).executionArn();
        if (arn.equals(b.part(0))) {
          return described(arn, "{}", ExecutionStatus.SUCCEEDED);
        }
        throw notYetVisible();
      });
      List<ListExecutionsRequest> listed = listing(List.of(page(null, item("d", ExecutionStatus.FAILED, NOW),
          item("c", ExecutionStatus.RUNNING, NOW.minusSeconds(1)))), item("a", ExecutionStatus.RUNNING, NOW));

      List<RunStatus> statuses = launcher.getRuns(List.of(a, b, c, d, c));

      assertThat(statuses).extracting(RunStatus::state)
          .containsExactly(RunState.RUNNING, RunState.SUCCEEDED, RunState.RUNNING, RunState.FAILED, RunState.RUNNING);
      assertThat(listed).as("the running executions once, then a look-up for each run DescribeExecution does not show")
          .extracting(ListExecutionsRequest::statusFilter).containsExactly(ExecutionStatus.RUNNING, null, null);
      assertThat(listed).allSatisfy(request -> assertThat(request.stateMachineArn()).isEqualTo(ORDERS));
      verify(sfn, times(3)).describeExecution(any(DescribeExecutionRequest.class));
    }

    @Test
    void getRunsFailsWithTheFirstRunNeitherReadShows() {
      RunHandle a = RunHandle.of("sfn", execution("a"));
      RunHandle gone = RunHandle.of("sfn", execution("gone"));
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());
      listing(List.of(page(null, item("a", ExecutionStatus.SUCCEEDED, NOW))));

      assertThatThrownBy(() -> launcher.getRuns(List.of(a, gone)))
          .isInstanceOfSatisfying(RunNotFoundException.class, e -> assertThat(e.handle()).contains(gone));
    }

    @Test
    void getRunsFailsWithoutDescribingEachRunWhenTheListingIsUnavailable() {
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenThrow(error(SfnException.builder(), 500, "Boom"));

      // A listing the service could not answer is not followed by one read per run into the same service.
      assertThatThrownBy(() -> launcher.getRuns(List.of(RunHandle.of("sfn", execution("a")),
          RunHandle.of("sfn", execution("b"))))).isInstanceOf(io.wflaunch.BackendUnavailableException.class);
      verify(sfn, never()).describeExecution(any(DescribeExecutionRequest.class));
    }


    @Test
    void listRunsResolvesTheNameAndReturnsTheNewestFirst() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder()
          .executions(
              ExecutionListItem.builder().executionArn(execution("old")).status(ExecutionStatus.FAILED)
                  .startDate(NOW.minusSeconds(60)).build(),
              ExecutionListItem.builder().executionArn(execution("new")).status(ExecutionStatus.RUNNING)
                  .startDate(NOW).build(),
              ExecutionListItem.builder().executionArn(execution("older")).status(ExecutionStatus.SUCCEEDED)
                  .startDate(NOW.minusSeconds(120)).build())
          .build());

      List<RunStatus> runs = launcher.listRuns(ORDERS_BY_NAME, 2);

      assertThat(runs).extracting(RunStatus::handle)
          .containsExactly(RunHandle.of("sfn", "orders", "new"), RunHandle.of("sfn", "orders", "old"));
      ArgumentCaptor<ListExecutionsRequest> listed = ArgumentCaptor.forClass(ListExecutionsRequest.class);
      verify(sfn).listExecutions(listed.capture());
      assertThat(listed.getValue().stateMachineArn()).isEqualTo(ORDERS);
      assertThat(listed.getValue().maxResults()).isEqualTo(2);
    }
  }

  @Nested
  class Stopping {

    @Test
    void stopSendsStopExecutionWithoutErrorOrCause() {
      when(sfn.stopExecution(any(StopExecutionRequest.class))).thenReturn(StopExecutionResponse.builder().build());

      launcher.stop(RunHandle.of("sfn", execution("r")));

      ArgumentCaptor<StopExecutionRequest> sent = ArgumentCaptor.forClass(StopExecutionRequest.class);
      verify(sfn).stopExecution(sent.capture());
      assertThat(sent.getValue().executionArn()).isEqualTo(execution("r"));
      assertThat(sent.getValue().error()).isNull();
      assertThat(sent.getValue().cause()).isNull();
    }

    @Test
    void anErrorAndCauseCanBeGivenAndAreCheckedFirst() {
      when(sfn.stopExecution(any(StopExecutionRequest.class))).thenReturn(StopExecutionResponse.builder().build());
      RunHandle handle = RunHandle.of("sfn", execution("r"));

      backend.stop(handle, "Operator.Stop", "stopped for the release");
      assertThatThrownBy(() -> backend.stop(handle, "x".repeat(257), null))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("error"));

      ArgumentCaptor<StopExecutionRequest> sent = ArgumentCaptor.forClass(StopExecutionRequest.class);
      verify(sfn, times(1)).stopExecution(sent.capture());
      assertThat(sent.getValue().error()).isEqualTo("Operator.Stop");
      assertThat(sent.getValue().cause()).isEqualTo("stopped for the release");
    }

    private void stopFindsNothing() {
      when(sfn.stopExecution(any(StopExecutionRequest.class))).thenThrow(notYetVisible());
    }

    private void listed(ExecutionStatus status) {
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder()
          .executions(ExecutionListItem.builder().executionArn(execution("r")).status(status).startDate(NOW).build())
          .build());
    }

    @Test
    void aStopOfAListedRunningExecutionStopExecutionDoesNotSeeYetIsARetryableConflict() {
      stopFindsNothing();
      listed(ExecutionStatus.RUNNING);

      assertThatThrownBy(() -> launcher.stop(RunHandle.of("sfn", execution("r"))))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.outcomeUnknown()).as("StopExecution said it found nothing to stop").isFalse();
          })
          .hasMessageContaining("it was not stopped");
      org.mockito.InOrder order = org.mockito.Mockito.inOrder(sfn);
      order.verify(sfn).stopExecution(any(StopExecutionRequest.class));
      order.verify(sfn).listExecutions(any(ListExecutionsRequest.class));
      verify(sfn, times(1)).stopExecution(any(StopExecutionRequest.class));
      verify(sfn, times(1)).listExecutions(any(ListExecutionsRequest.class));
    }

    @Test
    void aStopOfAListedClosedExecutionHasNothingToStop() {
      stopFindsNothing();
      listed(ExecutionStatus.SUCCEEDED);

      launcher.stop(RunHandle.of("sfn", execution("r")));

      verify(sfn, times(1)).stopExecution(any(StopExecutionRequest.class));
    }

    @Test
    void aStopOfAnExecutionNeitherStopExecutionNorTheListingSeesIsNotFound() {
      stopFindsNothing();
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder().build());

      assertThatThrownBy(() -> backend.stop(RunHandle.of("sfn", execution("r")), "Operator.Stop", "secret cause"))
          .isInstanceOf(RunNotFoundException.class).hasMessageNotContaining("secret cause");
      verify(sfn, times(1)).listExecutions(any(ListExecutionsRequest.class));
    }

    @Test
    void aServerErrorOnStopMayHaveTakenEffect() {
      when(sfn.stopExecution(any(StopExecutionRequest.class))).thenThrow(error(SfnException.builder(), 500, "Boom"));

      assertThatThrownBy(() -> launcher.stop(RunHandle.of("sfn", execution("r"))))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    }
  }

  /** Each request of a start carries its request timeout, and none is sent that could end after its deadline. */
  @Nested
  class Bounds {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final WorkflowLauncher bounded = WorkflowLauncher.builder().backend(backend).clock(time.clock())
        .startPolicy(POLICY.toBuilder().requestTimeout(REQUEST_TIMEOUT).startTimeout(START_TIMEOUT).build()).build();

    @AfterEach
    void closeBounded() {
      bounded.close();
    }

    private void assertTimed(software.amazon.awssdk.core.SdkRequest request) {
      assertThat(request.overrideConfiguration()).as(request.getClass().getSimpleName()).hasValueSatisfying(o -> {
        assertThat(o.apiCallTimeout()).contains(REQUEST_TIMEOUT);
        assertThat(o.apiCallAttemptTimeout()).as("one attempt: the API-call timeout bounds it").isEmpty();
      });
    }

    @Test
    void everyRequestOfAStartCarriesTheRequestTimeoutEachListingPageTooAndAReadAfterItDoesNot() {
      when(sfn.listStateMachines(any(ListStateMachinesRequest.class)))
          .thenReturn(ListStateMachinesResponse.builder().stateMachines(machine(EVENTS, StateMachineType.EXPRESS))
              .nextToken("page-2").build())
          .thenReturn(ListStateMachinesResponse.builder().stateMachines(StateMachineListItem.builder()
              .stateMachineArn(ORDERS).name("orders").creationDate(NOW).build()).build());
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible())
          .thenReturn(described(execution("k"), "{}", ExecutionStatus.RUNNING));
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);

      RunHandle handle = bounded.start(StartRunRequest.builder(ORDERS_BY_NAME).idempotencyKey("k").build());
      bounded.getRun(handle);

      ArgumentCaptor<ListStateMachinesRequest> listed = ArgumentCaptor.forClass(ListStateMachinesRequest.class);
      verify(sfn, times(2)).listStateMachines(listed.capture());
      assertThat(listed.getAllValues()).extracting(ListStateMachinesRequest::nextToken).containsExactly(null, "page-2");
      listed.getAllValues().forEach(this::assertTimed);
      ArgumentCaptor<DescribeStateMachineRequest> typed = ArgumentCaptor.forClass(DescribeStateMachineRequest.class);
      verify(sfn).describeStateMachine(typed.capture());
      assertTimed(typed.getValue());
      assertTimed(sentStart());
      ArgumentCaptor<DescribeExecutionRequest> described = ArgumentCaptor.forClass(DescribeExecutionRequest.class);
      verify(sfn, times(2)).describeExecution(described.capture());
      assertTimed(described.getAllValues().get(0));
      assertThat(described.getAllValues().get(1).overrideConfiguration()).as("getRun's").isEmpty();
    }

    @Test
    void aNameListingWhoseNextPageWouldEndAfterTheDeadlineIsNotReadFurtherAndNothingIsStarted() {
      when(sfn.listStateMachines(any(ListStateMachinesRequest.class))).thenAnswer(call -> {
        time.advanceBy(Duration.ofSeconds(25));
        return ListStateMachinesResponse.builder().stateMachines(machine(EVENTS, StateMachineType.EXPRESS))
            .nextToken("next").build();
      });

      assertThatThrownBy(() -> bounded.start(StartRunRequest.builder(ORDERS_BY_NAME).build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getMessage()).contains("startTimeout");
          });
      verify(sfn, times(1)).listStateMachines(any(ListStateMachinesRequest.class));
      verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void aTypeCheckAfterALostAnswerThatWouldEndAfterTheDeadlineIsNotSentAndTheOutcomeStaysUnknown() {
      SdkClientException lost = lostResponse();
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenThrow(lost);
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenAnswer(call -> {
        time.advanceBy(Duration.ofSeconds(25));
        throw notYetVisible();
      });

      assertThatThrownBy(() -> bounded.start(StartRunRequest.builder(ORDERS_BY_ARN).build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e.getCause()).isSameAs(lost);
            assertThat(e.getSuppressed()).singleElement()
                .satisfies(timedOut -> assertThat(timedOut.getMessage()).contains("startTimeout"));
          });
      // The look-up found nothing and would have read the type again; that read did not fit.
      verify(sfn, times(1)).describeStateMachine(any(DescribeStateMachineRequest.class));
      verify(sfn, times(1)).describeExecution(any(DescribeExecutionRequest.class));
      verify(sfn, times(1)).startExecution(any(StartExecutionRequest.class));
    }
  }

  @Nested
  class Validation {

    private void refused(StartRunRequest.Builder request, String field, String text) {
      assertThatThrownBy(() -> launcher.start(request.build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
          .hasMessageContaining(text);
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
      refused(StartRunRequest.builder(ORDERS_BY_ARN).input("{\"a\":"), "input", "must be one JSON value");
      refused(StartRunRequest.builder(ORDERS_BY_ARN).input("\"" + "x".repeat(262_144) + "\""), "input",
          "at most 262144 bytes");
      refused(StartRunRequest.builder(ORDERS_BY_ARN).parameter("big", "x".repeat(262_144)), "parameters",
          "at most 262144 bytes");
      refused(StartRunRequest.builder(ORDERS_BY_ARN).input("{}").parameter("a", "1"), "input", "not both");
      verifyNoInteractions(sfn);
    }

    @Test
    void badOptionsAreRefusedBeforeAnyCall() {
      refused(StartRunRequest.builder(ORDERS_BY_ARN).options(StepFunctionsOptions.builder().executionName("a b").build()),
          "options.executionName", "white space");
      refused(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("k")
          .options(StepFunctionsOptions.builder().executionName("n").build()), "options.executionName",
          "must be absent when an idempotency key is given");
      refused(StartRunRequest.builder(ORDERS_BY_ARN).options(StepFunctionsOptions.builder().traceHeader("é").build()),
          "options.traceHeader", "ASCII");
      refused(StartRunRequest.builder(ORDERS_BY_ARN).options(new BackendOptions() { }), "options",
          "must be StepFunctionsOptions");
      verifyNoInteractions(sfn);
    }

    @Test
    void badTargetsAndHandlesAreRefusedBeforeAnyCall() {
      refused(StartRunRequest.builder(WorkflowTarget.of("sfn", "orders nightly")), "stateMachine", "white space");
      refused(StartRunRequest.builder(WorkflowTarget.of("sfn", "arn:aws:states:us-east-1:123456789012:activity:a")),
          "stateMachine", "state machine ARN");
      refused(StartRunRequest.builder(WorkflowTarget.of("sfn", ORDERS + "/Map1")), "stateMachine", "state machine ARN");
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", execution("a b"))))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("executionArn"));
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("sfn", "run-1")))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("executionArn"));
      assertThatThrownBy(() -> backend.stop(RunHandle.of("sfn", "run-1"), null, null))
          .isInstanceOf(InvalidRequestException.class);
      verifyNoInteractions(sfn);
    }

    @Test
    void aHandleReadsBackFromItsStringInEitherForm() {
      RunHandle handle = RunHandle.of("sfn", execution("r"));

      assertThat(RunHandle.parse(handle.toString())).isEqualTo(handle);
      assertThat(RunHandle.parse("sfn:" + execution("r"))).isEqualTo(handle);
      assertThat(WorkflowTarget.parse("sfn:" + ORDERS)).isEqualTo(ORDERS_BY_ARN);
    }
  }

  @Nested
  class Async {

    private final SfnAsyncClient async = mock(SfnAsyncClient.class);
    private final StepFunctionsBackend asyncBackend = StepFunctionsBackend.builder(sfn).asyncClient(async).build();
    private final WorkflowLauncher asyncLauncher =
        WorkflowLauncher.builder().backend(asyncBackend).startPolicy(POLICY).build();

    @AfterEach
    void closeAsync() {
      asyncLauncher.close();
    }

    @Test
    void asyncStartsAndReadsUseTheAsyncClientOnly() {
      when(async.describeStateMachine(any(DescribeStateMachineRequest.class))).thenReturn(CompletableFuture
          .completedFuture(DescribeStateMachineResponse.builder().type(StateMachineType.STANDARD).build()));
      when(async.startExecution(any(StartExecutionRequest.class)))
          .thenAnswer(call -> CompletableFuture.completedFuture(asRequested(call)));
      when(async.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(CompletableFuture.completedFuture(described(execution("a"), "{}", ExecutionStatus.SUCCEEDED)));

      RunHandle handle = asyncLauncher.startAsync(StartRunRequest.builder(ORDERS_BY_ARN).build()).join();
      RunStatus status = asyncLauncher.getRunAsync(handle).join();

      assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
      verifyNoInteractions(sfn);
    }
  }

  /** The two forms of a handle: {@code sfn:<stateMachine>/<executionName>} and {@code sfn:<executionArn>}. */
  @Nested
  class Handles {

    private final RunHandle shortForm = RunHandle.of("sfn", "orders", "order-4711");
    private final RunHandle arnForm = RunHandle.of("sfn", execution("order-4711"));

    @Test
    void aStartThroughAStateMachineNamedByNameGivesTheShortFormAndThroughAnArnTheArn() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenAnswer(StepFunctionsBackendTest::asRequested);
      when(sfn.describeExecution(any(DescribeExecutionRequest.class))).thenThrow(notYetVisible());

      RunHandle byName = launcher.start(StartRunRequest.builder(ORDERS_BY_NAME).idempotencyKey("order-4711").build());
      RunHandle byArn = launcher.start(StartRunRequest.builder(ORDERS_BY_ARN).idempotencyKey("order-4712").build());

      assertThat(byName).isEqualTo(shortForm).hasToString("sfn:orders/order-4711");
      assertThat(byArn).hasToString("sfn:arn:aws:states:us-east-1:123456789012:execution:orders:order-4712");
    }

    @Test
    void anExpressExecutionKeepsItsArnThoughItsStateMachineIsNamedByName() {
      listStateMachines(machine(EVENTS, StateMachineType.EXPRESS));
      String express = ACCOUNT + "express:events:run-1:0f1e2d3c";
      when(sfn.startExecution(any(StartExecutionRequest.class))).thenReturn(started(express));

      RunHandle handle = launcher.start(StartRunRequest.builder(EVENTS_BY_NAME).build());

      assertThat(handle).isEqualTo(RunHandle.of("sfn", express));
    }

    @Test
    void bothFormsAndTheEscapedStringOfEarlierVersionsReadTheSameExecution() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(described(execution("order-4711"), "{}", ExecutionStatus.SUCCEEDED));
      RunHandle escaped = launcher.parseHandle(
          "sfn:arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Aorders%3Aorder-4711");

      RunStatus viaShort = launcher.getRun(launcher.parseHandle("sfn:orders/order-4711"));
      RunStatus viaArn = launcher.getRun(escaped);

      assertThat(escaped).isEqualTo(arnForm);
      assertThat(viaShort.handle()).isEqualTo(shortForm);
      assertThat(viaArn.handle()).isEqualTo(arnForm);
      assertThat(viaShort.state()).isEqualTo(viaArn.state()).isEqualTo(RunState.SUCCEEDED);
      ArgumentCaptor<DescribeExecutionRequest> described = ArgumentCaptor.forClass(DescribeExecutionRequest.class);
      verify(sfn, times(2)).describeExecution(described.capture());
      assertThat(described.getAllValues()).extracting(DescribeExecutionRequest::executionArn)
          .containsExactly(execution("order-4711"), execution("order-4711"));
      assertThat(backend.executionArn(shortForm)).isEqualTo(backend.executionArn(arnForm))
          .isEqualTo(execution("order-4711"));
    }

    @Test
    void aShortHandleReadInAFreshProcessFindsItsStateMachineWithOneListingThenFromTheCache() {
      listStateMachines(machine(EVENTS, StateMachineType.EXPRESS), machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.describeExecution(any(DescribeExecutionRequest.class)))
          .thenReturn(described(execution("order-4711"), "{}", ExecutionStatus.RUNNING));

      launcher.getRun(shortForm);
      launcher.getRun(RunHandle.of("sfn", "orders", "order-4712"));

      verify(sfn, times(1)).listStateMachines(any(ListStateMachinesRequest.class));
      verify(sfn, never()).describeStateMachine(any(DescribeStateMachineRequest.class));
    }

    @Test
    void aShortHandleWhoseStateMachineIsNotInTheAccountIsARunNotFound() {
      listStateMachines(machine(EVENTS, StateMachineType.EXPRESS));

      assertThatThrownBy(() -> launcher.getRun(shortForm))
          .isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("no state machine named 'orders' in this account and region");
      verify(sfn, never()).describeExecution(any(DescribeExecutionRequest.class));
    }

    @Test
    void stoppingAShortHandleStopsItsExecutionByArn() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.stopExecution(any(StopExecutionRequest.class))).thenReturn(StopExecutionResponse.builder().build());

      launcher.stop(shortForm);

      ArgumentCaptor<StopExecutionRequest> stopped = ArgumentCaptor.forClass(StopExecutionRequest.class);
      verify(sfn).stopExecution(stopped.capture());
      assertThat(stopped.getValue().executionArn()).isEqualTo(execution("order-4711"));
    }

    @Test
    void aListingThroughAnArnGivesArnHandles() {
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder()
          .executions(ExecutionListItem.builder().executionArn(execution("new")).status(ExecutionStatus.RUNNING)
              .startDate(NOW).build())
          .build());

      assertThat(launcher.listRuns(ORDERS_BY_ARN, 5)).extracting(RunStatus::handle)
          .containsExactly(RunHandle.of("sfn", execution("new")));
    }

    @Test
    void aTwoPartHandleMustBeTwoNamesAndNeverAnArnWithSomethingAfterIt() {
      assertThatThrownBy(() -> RunHandle.parse("sfn:" + execution("order-4711") + "/extra"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("has 2 parts (sfn:<stateMachine>/<executionName>) or 1 (sfn:<executionArn>)");
      assertThatThrownBy(() -> RunHandle.parse("sfn:orders/order-4711/extra"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("found 3");
      assertThatThrownBy(() -> launcher.parseHandle("sfn:orders/bad%20name"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("executionName");
      verifyNoInteractions(sfn);
    }

    @Test
    void manyShortHandlesAreTrackedWithOneListingOfStateMachinesCounted() {
      listStateMachines(machine(ORDERS, StateMachineType.STANDARD));
      when(sfn.listExecutions(any(ListExecutionsRequest.class))).thenReturn(ListExecutionsResponse.builder()
          .executions(ExecutionListItem.builder().executionArn(execution("a")).status(ExecutionStatus.RUNNING)
              .startDate(NOW).build(),
              ExecutionListItem.builder().executionArn(execution("b")).status(ExecutionStatus.RUNNING)
              .startDate(NOW).build())
          .build());
      RunHandle a = RunHandle.of("sfn", "orders", "a");
      RunHandle b = RunHandle.of("sfn", "orders", "b");

      BatchRead read = backend.readRunsAsync(List.of(a, b), java.util.Optional.empty(), Runnable::run).join();

      assertThat(read.statuses()).containsOnlyKeys(a, b);
      assertThat(read.statuses().get(a).handle()).isEqualTo(a);
      assertThat(read.requests()).isEqualTo(2);
      verify(sfn, times(1)).listStateMachines(any(ListStateMachinesRequest.class));
    }
  }
}
