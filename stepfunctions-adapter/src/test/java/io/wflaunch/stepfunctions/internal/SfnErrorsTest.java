package io.wflaunch.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.SendLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionLimitExceededException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.KmsThrottlingException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.ValidationException;
import software.amazon.awssdk.services.sfn.model.ValidationExceptionReason;

class SfnErrorsTest {

  private static final RunHandle HANDLE =
      RunHandle.of("sfn", "arn:aws:states:us-east-1:123456789012:execution:orders:run-1");
  private static final ErrorContext CONTEXT = ErrorContext.of(HANDLE);

  static AwsServiceException service(AwsServiceException.Builder builder, int status, String code) {
    return builder.statusCode(status).requestId("req-" + code).message(code + " message")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
        .build();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(service(ExecutionDoesNotExistException.builder(), 400, "ExecutionDoesNotExist"), Operation.GET_RUN,
            RunNotFoundException.class, false),
        Arguments.of(service(ExecutionDoesNotExistException.builder(), 400, "ExecutionDoesNotExist"), Operation.STOP,
            RunNotFoundException.class, false),
        Arguments.of(service(StateMachineDoesNotExistException.builder(), 400, "StateMachineDoesNotExist"),
            Operation.START, WorkflowNotFoundException.class, false),
        Arguments.of(service(StateMachineDoesNotExistException.builder(), 400, "StateMachineDoesNotExist"),
            Operation.LIST_RUNS, WorkflowNotFoundException.class, false),
        Arguments.of(service(StateMachineDeletingException.builder(), 400, "StateMachineDeleting"), Operation.START,
            WorkflowNotFoundException.class, false),
        Arguments.of(service(ResourceNotFoundException.builder(), 400, "ResourceNotFound"), Operation.LIST_RUNS,
            WorkflowNotFoundException.class, false),
        Arguments.of(service(ResourceNotFoundException.builder(), 400, "ResourceNotFound"), Operation.GET_RUN,
            RunNotFoundException.class, false),
        Arguments.of(service(ExecutionAlreadyExistsException.builder(), 400, "ExecutionAlreadyExists"), Operation.START,
            ConflictException.class, false),
        Arguments.of(service(ExecutionLimitExceededException.builder(), 400, "ExecutionLimitExceeded"), Operation.START,
            LimitExceededException.class, true),
        Arguments.of(service(ExecutionLimitExceededException.builder(), 400, "ExecutionLimitExceeded"), Operation.RETRY,
            LimitExceededException.class, true),
        Arguments.of(service(ExecutionNotRedrivableException.builder(), 400, "ExecutionNotRedrivable"), Operation.RETRY,
            ConflictException.class, false),
        Arguments.of(service(ExecutionDoesNotExistException.builder(), 400, "ExecutionDoesNotExist"), Operation.RETRY,
            RunNotFoundException.class, false),
        Arguments.of(service(ValidationException.builder().reason(ValidationExceptionReason.INVALID_ROUTING_CONFIGURATION),
            400, "ValidationException"), Operation.RETRY, InvalidRequestException.class, false),
        Arguments.of(service(InvalidArnException.builder(), 400, "InvalidArn"), Operation.RETRY,
            InvalidRequestException.class, false),
        Arguments.of(service(ServiceQuotaExceededException.builder(), 400, "ServiceQuotaExceededException"),
            Operation.START, LimitExceededException.class, false),
        Arguments.of(service(InvalidArnException.builder(), 400, "InvalidArn"), Operation.START,
            InvalidRequestException.class, false),
        Arguments.of(service(InvalidArnException.builder(), 400, "InvalidArn"), Operation.GET_RUN,
            InvalidRequestException.class, false),
        Arguments.of(service(InvalidNameException.builder(), 400, "InvalidName"), Operation.START,
            InvalidRequestException.class, false),
        Arguments.of(service(InvalidExecutionInputException.builder(), 400, "InvalidExecutionInput"), Operation.START,
            InvalidRequestException.class, false),
        Arguments.of(service(InvalidTokenException.builder(), 400, "InvalidToken"), Operation.LIST_RUNS,
            InvalidRequestException.class, false),
        Arguments.of(service(ValidationException.builder().reason(ValidationExceptionReason.MISSING_REQUIRED_PARAMETER),
            400, "ValidationException"), Operation.STOP, InvalidRequestException.class, false),
        Arguments.of(service(StateMachineTypeNotSupportedException.builder(), 400, "StateMachineTypeNotSupported"),
            Operation.LIST_RUNS, OperationNotSupportedException.class, false),
        Arguments.of(service(KmsThrottlingException.builder(), 400, "KmsThrottlingException"), Operation.START,
            ThrottledException.class, true),
        Arguments.of(service(KmsAccessDeniedException.builder(), 400, "KmsAccessDeniedException"), Operation.GET_RUN,
            AccessDeniedException.class, false),
        Arguments.of(service(KmsInvalidStateException.builder(), 400, "KmsInvalidStateException"), Operation.START,
            InvalidRequestException.class, false),
        Arguments.of(service(SfnException.builder(), 400, "ThrottlingException"), Operation.GET_RUN,
            ThrottledException.class, true),
        Arguments.of(service(SfnException.builder(), 429, "TooManyRequests"), Operation.GET_RUN,
            ThrottledException.class, true),
        Arguments.of(service(SfnException.builder(), 400, "AccessDeniedException"), Operation.START,
            AccessDeniedException.class, false),
        Arguments.of(service(SfnException.builder(), 500, "InternalFailure"), Operation.GET_RUN,
            BackendUnavailableException.class, true),
        Arguments.of(service(SfnException.builder(), 503, "ServiceUnavailable"), Operation.LIST_RUNS,
            BackendUnavailableException.class, true),
        Arguments.of(service(SfnException.builder(), 400, "SomethingNew"), Operation.GET_RUN,
            WorkflowLaunchException.class, false));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("table")
  void eachStepFunctionsErrorMapsToItsException(AwsServiceException error, Operation operation,
      Class<? extends WorkflowLaunchException> expected, boolean retryable) {
    RuntimeException mapped = SfnErrors.map(new CompletionException(error), CONTEXT, operation);

    assertThat(mapped).isExactlyInstanceOf(expected);
    WorkflowLaunchException launch = (WorkflowLaunchException) mapped;
    assertThat(launch.retryable()).isEqualTo(retryable);
    assertThat(launch.outcomeUnknown()).as("the context decides the outcome flag; this one says it is known").isFalse();
    assertThat(launch.handle()).isEqualTo(CONTEXT.handle());
    assertThat(launch.getMessage()).contains("backend sfn").contains(error.awsErrorDetails().errorCode());
    if (!(launch instanceof OperationNotSupportedException)) {
      assertThat(launch).hasCause(error);
      assertThat(launch.httpStatus()).hasValue(error.statusCode());
      assertThat(launch.requestId()).contains(error.requestId());
    }
  }

  @Test
  void everyRowOfTheServicesOwnTableIsCovered() {
    List<Class<?>> tested = table().<Class<?>>map(arguments -> arguments.get()[0].getClass()).distinct().toList();

    assertThat(SfnErrors.TABLE.rows().subList(0, AwsErrors.COMMON_ROWS.size())).isEqualTo(AwsErrors.COMMON_ROWS);
    assertThat(SfnErrors.TABLE.rows().subList(AwsErrors.COMMON_ROWS.size(), SfnErrors.TABLE.rows().size()))
        .allSatisfy(row -> assertThat(tested).contains(row.type()));
  }

  @Test
  void theFieldsOfRefusedRequestsAreNamed() {
    assertThat(field(service(InvalidExecutionInputException.builder(), 400, "InvalidExecutionInput"), Operation.START))
        .isEqualTo("input");
    assertThat(field(service(InvalidArnException.builder(), 400, "InvalidArn"), Operation.START))
        .isEqualTo("stateMachine");
    assertThat(field(service(InvalidArnException.builder(), 400, "InvalidArn"), Operation.STOP)).isEqualTo("executionArn");
    assertThat(field(service(KmsInvalidStateException.builder(), 400, "KmsInvalidStateException"), Operation.GET_RUN))
        .isEqualTo("executionArn");
    assertThat(field(service(InvalidNameException.builder(), 400, "InvalidName"), Operation.START)).isEqualTo("name");
    assertThat(SfnErrors.map(service(ValidationException.builder().reason(
            ValidationExceptionReason.API_DOES_NOT_SUPPORT_LABELED_ARNS), 400, "ValidationException"), CONTEXT,
        Operation.STOP).getMessage()).contains("API_DOES_NOT_SUPPORT_LABELED_ARNS");
  }

  @Test
  void aRefusedInputIsNotQuotedFromTheServicesMessage() {
    String message = "Invalid State Machine Execution Input: 'Unrecognized token 'hunter2': was expecting JSON'";
    AwsServiceException refused = InvalidExecutionInputException.builder().statusCode(400).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidExecutionInput").errorMessage(message).build())
        .build();

    RuntimeException mapped = SfnErrors.map(refused, CONTEXT, Operation.START);

    assertThat(mapped).isInstanceOf(InvalidRequestException.class).hasCause(refused)
        .hasMessageContaining("InvalidExecutionInput").hasMessageNotContaining("hunter2");
  }

  @Test
  void aServerErrorOnStartIsOfUnknownOutcomeOnlyWhenTheStartProtocolSaysSo() {
    AwsServiceException error = service(SfnException.builder(), 500, "InternalFailure");

    assertThat(((WorkflowLaunchException) SfnErrors.map(error, CONTEXT.withOutcomeUnknown(true), Operation.START))
        .outcomeUnknown()).isTrue();
    assertThat(((WorkflowLaunchException) SfnErrors.map(error, CONTEXT, Operation.LOOK_UP)).outcomeUnknown()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void anExpressOnlyRefusalNamesTheLauncherMethod(Operation operation) {
    OperationNotSupportedException mapped = (OperationNotSupportedException) SfnErrors.map(
        service(StateMachineTypeNotSupportedException.builder(), 400, "StateMachineTypeNotSupported"), CONTEXT, operation);

    assertThat(mapped.operation()).isEqualTo(SfnErrors.methodOf(operation)).doesNotContain("_");
  }

  private static String field(AwsServiceException error, Operation operation) {
    return ((InvalidRequestException) SfnErrors.map(error, CONTEXT, operation)).field();
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void aStartsDeadlineIsPassedOnAsItIsSoThatTheProtocolRecognisesIt(Operation operation) {
    SendLimits.DeadlineReached deadline = new SendLimits.DeadlineReached(SendLimits.perRequest(Duration.ofSeconds(1)));

    assertThat(SfnErrors.map(new CompletionException(deadline), CONTEXT, operation)).isSameAs(deadline);
  }
}
