package io.wflaunch.swf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.Operation;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DefaultUndefinedException;
import software.amazon.awssdk.services.swf.model.DomainDeprecatedException;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.OperationNotPermittedException;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.TooManyTagsException;
import software.amazon.awssdk.services.swf.model.TypeDeprecatedException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedCause;

/** SWF's status and error tables, walked completely. */
class SwfTablesTest {

  private static final ErrorContext CONTEXT = ErrorContext.of(RunHandle.of("swf", "payments", "order-1", "run-1"));
  private static final Map<CloseStatus, RunState> CLOSED = new EnumMap<>(Map.of(
      CloseStatus.COMPLETED, RunState.SUCCEEDED,
      CloseStatus.FAILED, RunState.FAILED,
      CloseStatus.CANCELED, RunState.CANCELLED,
      CloseStatus.TERMINATED, RunState.CANCELLED,
      CloseStatus.TIMED_OUT, RunState.TIMED_OUT,
      CloseStatus.CONTINUED_AS_NEW, RunState.SUCCEEDED,
      CloseStatus.UNKNOWN_TO_SDK_VERSION, RunState.UNKNOWN));

  @ParameterizedTest
  @EnumSource(CloseStatus.class)
  void everyCloseStatusHasItsState(CloseStatus closeStatus) {
    assertThat(CLOSED).containsKey(closeStatus);
    WorkflowExecutionInfo info = WorkflowExecutionInfo.builder()
        .executionStatus(ExecutionStatus.CLOSED).closeStatus(closeStatus).build();

    assertThat(SwfStatuses.stateOf(info)).isEqualTo(CLOSED.get(closeStatus));
    if (closeStatus != CloseStatus.UNKNOWN_TO_SDK_VERSION) {
      assertThat(SwfStatuses.rawStatusOf(info)).isEqualTo(closeStatus.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionStatus.class)
  void everyExecutionStatusHasItsState(ExecutionStatus status) {
    WorkflowExecutionInfo info = WorkflowExecutionInfo.builder().executionStatus(status)
        .closeStatus(CloseStatus.COMPLETED).build();
    RunState expected = switch (status) {
      case OPEN -> RunState.RUNNING;
      case CLOSED -> RunState.SUCCEEDED;
      case UNKNOWN_TO_SDK_VERSION -> RunState.UNKNOWN;
    };

    assertThat(SwfStatuses.stateOf(info)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(WorkflowExecutionTerminatedCause.class)
  void whoTerminatedAnExecutionDecidesItsState(WorkflowExecutionTerminatedCause cause) {
    RunState expected = switch (cause) {
      case OPERATOR_INITIATED, CHILD_POLICY_APPLIED -> RunState.CANCELLED;
      case EVENT_LIMIT_EXCEEDED, UNKNOWN_TO_SDK_VERSION -> RunState.FAILED;
    };

    assertThat(SwfStatuses.stateOf(cause)).isEqualTo(expected);
    assertThat(SwfStatuses.stateOf((WorkflowExecutionTerminatedCause) null)).as("no cause: an operator")
        .isEqualTo(RunState.CANCELLED);
  }

  @Test
  void anOpenExecutionWithACancelRequestIsStopping() {
    WorkflowExecutionInfo info = WorkflowExecutionInfo.builder().executionStatus(ExecutionStatus.OPEN)
        .cancelRequested(true).build();

    assertThat(SwfStatuses.stateOf(info)).isEqualTo(RunState.STOPPING);
    assertThat(SwfStatuses.rawStatusOf(info)).isEqualTo("OPEN");
  }

  static AwsServiceException fault(AwsServiceException.Builder builder, String code, String message) {
    return fault(builder, 400, code, message);
  }

  static AwsServiceException fault(AwsServiceException.Builder builder, int status, String code, String message) {
    return builder.statusCode(status).requestId("req-" + code).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(fault(UnknownResourceException.builder(), "UnknownResourceFault", "Unknown domain: payments"),
            Operation.START, WorkflowNotFoundException.class),
        Arguments.of(fault(UnknownResourceException.builder(), "UnknownResourceFault", "Unknown type: T"),
            Operation.LIST_RUNS, WorkflowNotFoundException.class),
        Arguments.of(fault(UnknownResourceException.builder(), "UnknownResourceFault", "Unknown execution"),
            Operation.GET_RUN, RunNotFoundException.class),
        Arguments.of(fault(UnknownResourceException.builder(), "UnknownResourceFault", "Unknown execution"),
            Operation.STOP, RunNotFoundException.class),
        Arguments.of(fault(TypeDeprecatedException.builder(), "TypeDeprecatedFault", "WorkflowType=[name=T]"),
            Operation.START, InvalidRequestException.class),
        Arguments.of(fault(DomainDeprecatedException.builder(), "DomainDeprecatedFault", "payments"),
            Operation.START, InvalidRequestException.class),
        Arguments.of(fault(DefaultUndefinedException.builder(), "DefaultUndefinedFault", "executionStartToCloseTimeout"),
            Operation.START, InvalidRequestException.class),
        Arguments.of(fault(TooManyTagsException.builder(), "TooManyTagsFault", "too many"),
            Operation.START, InvalidRequestException.class),
        Arguments.of(fault(software.amazon.awssdk.services.swf.model.LimitExceededException.builder(),
            "LimitExceededFault", "too many open executions"), Operation.START, LimitExceededException.class),
        Arguments.of(fault(OperationNotPermittedException.builder(), "OperationNotPermittedFault", "no"),
            Operation.START, AccessDeniedException.class),
        Arguments.of(fault(WorkflowExecutionAlreadyStartedException.builder(), "WorkflowExecutionAlreadyStartedFault",
            "Already Started"), Operation.START, ConflictException.class),
        Arguments.of(fault(SwfException.builder(), "ThrottlingException", "Rate exceeded"), Operation.GET_RUN,
            ThrottledException.class),
        Arguments.of(fault(SwfException.builder(), 500, "InternalFailure", "oops"), Operation.GET_RUN,
            BackendUnavailableException.class),
        Arguments.of(fault(SwfException.builder(), "ValidationException", "bad"), Operation.START,
            WorkflowLaunchException.class));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("errors")
  void eachFaultMapsToItsException(AwsServiceException fault, Operation operation,
      Class<? extends WorkflowLaunchException> expected) {
    RuntimeException mapped = SwfErrors.map(fault, CONTEXT, operation);

    assertThat(mapped).isExactlyInstanceOf(expected).hasCause(fault);
    assertThat(((WorkflowLaunchException) mapped).requestId()).contains(fault.requestId());
    assertThat(mapped.getMessage()).contains(fault.awsErrorDetails().errorMessage());
  }

  @Test
  void everyRowOfTheTableIsCovered() {
    List<Class<?>> tested = errors().<Class<?>>map(arguments -> arguments.get()[0].getClass()).toList();

    assertThat(SwfErrors.TABLE.rows().subList(0, AwsErrors.COMMON_ROWS.size())).isEqualTo(AwsErrors.COMMON_ROWS);
    assertThat(SwfErrors.TABLE.rows().subList(AwsErrors.COMMON_ROWS.size(), SwfErrors.TABLE.rows().size()))
        .allSatisfy(row -> assertThat(tested).contains(row.type()));
  }

  @Test
  void aMissingDefaultIsNamedAsTheOptionToSet() {
    InvalidRequestException e = (InvalidRequestException) SwfErrors.map(
        fault(DefaultUndefinedException.builder(), "DefaultUndefinedFault", "executionStartToCloseTimeout"),
        CONTEXT, Operation.START);

    assertThat(e.field()).isEqualTo("options.executionStartToCloseTimeout");
    assertThat(SwfErrors.missingDefault("default task list undefined")).isEqualTo("options");
    assertThat(SwfErrors.missingDefault("taskList")).isEqualTo("options.taskList");
  }

  @Test
  void aCloseEventGivesTheCauseAndMasksTheReasonAndDetailsThatADeciderOrOperatorWrote() {
    RunHandle handle = RunHandle.of("swf", "payments", "order-1", "run-1");
    java.util.function.Function<HistoryEvent, io.wflaunch.RunStatus> apply = event -> SwfStatuses.withCloseEvent(
        io.wflaunch.RunStatus.builder(handle, RunState.FAILED, "FAILED"), event).build();

    var failed = apply.apply(HistoryEvent.builder().workflowExecutionFailedEventAttributes(a -> a
        .reason("card 4111 declined").details("{\"card\":\"4111\"}")).build());
    var failedReasonOnly = apply.apply(HistoryEvent.builder().workflowExecutionFailedEventAttributes(a -> a
        .reason("card 4111 declined")).build());
    var failedBare = apply.apply(HistoryEvent.builder().workflowExecutionFailedEventAttributes(a -> a
        .decisionTaskCompletedEventId(1L)).build());
    var terminated = apply.apply(HistoryEvent.builder().workflowExecutionTerminatedEventAttributes(a -> a
        .reason("operator 4111").details("wrong order 4111").cause("OPERATOR_INITIATED")).build());
    var terminatedBySwf = apply.apply(HistoryEvent.builder().workflowExecutionTerminatedEventAttributes(a -> a
        .cause("EVENT_LIMIT_EXCEEDED")).build());
    var canceled = apply.apply(HistoryEvent.builder().workflowExecutionCanceledEventAttributes(a -> a
        .details("asked by 4111")).build());
    var canceledBare = apply.apply(HistoryEvent.builder().workflowExecutionCanceledEventAttributes(a -> a
        .decisionTaskCompletedEventId(1L)).build());
    var timedOut = apply.apply(HistoryEvent.builder().workflowExecutionTimedOutEventAttributes(a -> a
        .timeoutType("START_TO_CLOSE")).build());

    assertThat(failed.reasons())
        .containsExactly("failed: reason and details are masked details 'closeReason', 'closeDetails'");
    assertThat(failed.details()).containsEntry("closeReason", "card 4111 declined")
        .containsEntry("closeDetails", "{\"card\":\"4111\"}");
    assertThat(failed.maskedDetails()).containsExactlyInAnyOrder("closeReason", "closeDetails");
    assertThat(failedReasonOnly.reasons()).containsExactly("failed: reason is masked detail 'closeReason'");
    assertThat(failedReasonOnly.maskedDetails()).containsExactly("closeReason");
    assertThat(failedBare.reasons()).containsExactly("failed");
    assertThat(failedBare.details()).doesNotContainKeys("closeReason", "closeDetails");
    assertThat(terminated.reasons()).containsExactly("terminated by an operator (OPERATOR_INITIATED): "
        + "reason and details are masked details 'closeReason', 'closeDetails'");
    assertThat(terminated.state()).isEqualTo(RunState.CANCELLED);
    assertThat(terminated.details()).containsEntry("closeCause", "OPERATOR_INITIATED")
        .containsEntry("closeReason", "operator 4111").containsEntry("closeDetails", "wrong order 4111");
    assertThat(terminated.maskedDetails()).containsExactlyInAnyOrder("closeReason", "closeDetails");
    assertThat(terminatedBySwf.reasons())
        .containsExactly("terminated by SWF: its history exceeded the event limit (EVENT_LIMIT_EXCEEDED)");
    assertThat(terminatedBySwf.maskedDetails()).isEmpty();
    assertThat(canceled.reasons()).containsExactly("cancelled: details are masked detail 'closeDetails'");
    assertThat(canceled.maskedDetails()).containsExactly("closeDetails");
    assertThat(canceledBare.reasons()).containsExactly("cancelled");
    assertThat(timedOut.reasons()).containsExactly("timed out (START_TO_CLOSE)");
    assertThat(timedOut.details()).containsEntry("closeCause", "START_TO_CLOSE");
    assertThat(timedOut.maskedDetails()).isEmpty();
    for (var status : List.of(failed, failedReasonOnly, terminated, canceled)) {
      assertThat(status.toString()).doesNotContain("4111").contains(io.wflaunch.RunStatus.MASK);
      assertThat(String.join(" ", status.reasons())).doesNotContain("4111");
    }
    assertThat(SwfStatuses.closedWithReason(WorkflowExecutionInfo.builder().executionStatus(ExecutionStatus.CLOSED)
        .closeStatus(CloseStatus.COMPLETED).build())).isFalse();
  }

  @ParameterizedTest
  @EnumSource(CloseStatus.class)
  void eachCloseEventNamesItsCloseStatusAndAnyOtherEventNone(CloseStatus closeStatus) {
    HistoryEvent.Builder event = HistoryEvent.builder();
    switch (closeStatus) {
      case COMPLETED -> event.workflowExecutionCompletedEventAttributes(a -> a.result("done"));
      case FAILED -> event.workflowExecutionFailedEventAttributes(a -> a.reason("r"));
      case CANCELED -> event.workflowExecutionCanceledEventAttributes(a -> a.details("d"));
      case TERMINATED -> event.workflowExecutionTerminatedEventAttributes(a -> a.cause("OPERATOR_INITIATED"));
      case TIMED_OUT -> event.workflowExecutionTimedOutEventAttributes(a -> a.timeoutType("START_TO_CLOSE"));
      case CONTINUED_AS_NEW -> event.workflowExecutionContinuedAsNewEventAttributes(a -> a.newExecutionRunId("run-2"));
      case UNKNOWN_TO_SDK_VERSION -> event.workflowExecutionStartedEventAttributes(a -> a.input("x"));
    }

    assertThat(SwfChain.closeStatusOf(event.build()))
        .isEqualTo(closeStatus == CloseStatus.UNKNOWN_TO_SDK_VERSION ? null : closeStatus);
    assertThat(SwfChain.closeStatusOf(HistoryEvent.builder().build())).isNull();
  }

  @Test
  void deprecatedTypesAndDomainsNameTheTarget() {
    InvalidRequestException e = (InvalidRequestException) SwfErrors.map(
        fault(TypeDeprecatedException.builder(), "TypeDeprecatedFault", "WorkflowType=[name=T, version=1]"),
        CONTEXT, Operation.START);

    assertThat(e.field()).isEqualTo("target");
    assertThat(e.rule()).contains("deprecated workflow type");
  }
}
