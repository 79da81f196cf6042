package io.wflaunch.emrserverless.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.Operation;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emrserverless.model.ConflictException.Builder;
import software.amazon.awssdk.services.emrserverless.model.EmrServerlessException;
import software.amazon.awssdk.services.emrserverless.model.InternalServerException;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.emrserverless.model.ValidationException;

class EmrErrorsTest {

  private static final RunHandle HANDLE = RunHandle.of("emrserverless", "00app1", "00run1");
  private static final ErrorContext CONTEXT = ErrorContext.of(HANDLE);

  static AwsServiceException service(AwsServiceException.Builder builder, int status, String code) {
    return builder.statusCode(status).requestId("req-" + code).message(code + " message")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
        .build();
  }

  private static Builder conflict() {
    return software.amazon.awssdk.services.emrserverless.model.ConflictException.builder();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(service(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"), Operation.START,
            WorkflowNotFoundException.class, false),
        Arguments.of(service(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"),
            Operation.LIST_RUNS, WorkflowNotFoundException.class, false),
        Arguments.of(service(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"), Operation.GET_RUN,
            RunNotFoundException.class, false),
        Arguments.of(service(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"), Operation.STOP,
            RunNotFoundException.class, false),
        Arguments.of(service(conflict(), 409, "ConflictException"), Operation.START, ConflictException.class, false),
        Arguments.of(service(ValidationException.builder(), 400, "ValidationException"), Operation.START,
            InvalidRequestException.class, false),
        Arguments.of(service(ValidationException.builder(), 400, "ValidationException"), Operation.GET_RUN,
            InvalidRequestException.class, false),
        Arguments.of(service(ValidationException.builder(), 400, "ValidationException"), Operation.LIST_RUNS,
            InvalidRequestException.class, false),
        Arguments.of(service(ValidationException.builder(), 400, "ValidationException"), Operation.STOP,
            ConflictException.class, false),
        Arguments.of(service(ServiceQuotaExceededException.builder(), 402, "ServiceQuotaExceededException"),
            Operation.START, LimitExceededException.class, false),
        Arguments.of(service(InternalServerException.builder(), 500, "InternalServerException"), Operation.GET_RUN,
            BackendUnavailableException.class, true),
        Arguments.of(service(EmrServerlessException.builder(), 429, "ThrottlingException"), Operation.GET_RUNS,
            ThrottledException.class, true),
        Arguments.of(service(EmrServerlessException.builder(), 403, "AccessDeniedException"), Operation.START,
            AccessDeniedException.class, false),
        Arguments.of(service(EmrServerlessException.builder(), 503, "ServiceUnavailable"), Operation.LIST_RUNS,
            BackendUnavailableException.class, true),
        Arguments.of(service(EmrServerlessException.builder(), 400, "SomethingNew"), Operation.GET_RUN,
            WorkflowLaunchException.class, false));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("table")
  void eachEmrServerlessErrorMapsToItsException(AwsServiceException error, Operation operation,
      Class<? extends WorkflowLaunchException> expected, boolean retryable) {
    RuntimeException mapped = EmrErrors.map(new CompletionException(error), CONTEXT, operation);

    assertThat(mapped).isExactlyInstanceOf(expected);
    WorkflowLaunchException launch = (WorkflowLaunchException) mapped;
    assertThat(launch.retryable()).isEqualTo(retryable);
    assertThat(launch.outcomeUnknown()).isFalse();
    assertThat(launch.handle()).isEqualTo(CONTEXT.handle());
    assertThat(launch.getMessage()).contains("backend emrserverless").contains(error.awsErrorDetails().errorCode());
    assertThat(launch).hasCause(error);
    assertThat(launch.httpStatus()).hasValue(error.statusCode());
    assertThat(launch.requestId()).contains(error.requestId());
  }

  @Test
  void everyRowOfTheServicesOwnTableIsCoveredAndEveryModeledErrorIsTested() {
    List<Class<?>> tested = table().<Class<?>>map(arguments -> arguments.get()[0].getClass()).distinct().toList();

    assertThat(EmrErrors.TABLE.rows().subList(0, AwsErrors.COMMON_ROWS.size())).isEqualTo(AwsErrors.COMMON_ROWS);
    assertThat(EmrErrors.TABLE.rows().subList(AwsErrors.COMMON_ROWS.size(), EmrErrors.TABLE.rows().size()))
        .allSatisfy(row -> assertThat(tested).contains(row.type()));
    // The model's errors of StartJobRun, GetJobRun, CancelJobRun and ListJobRuns, and the service's quota error.
    assertThat(tested).contains(ValidationException.class, ResourceNotFoundException.class,
        software.amazon.awssdk.services.emrserverless.model.ConflictException.class, InternalServerException.class,
        ServiceQuotaExceededException.class);
  }

  @Test
  void aCancelRefusedForTheRunsStateSaysItHasEnded() {
    RuntimeException mapped = EmrErrors.map(service(ValidationException.builder(), 400, "ValidationException"), CONTEXT,
        Operation.STOP);

    assertThat(mapped).isInstanceOf(ConflictException.class).hasMessageContaining("cannot cancel the job run");
  }

  @Test
  void aServerErrorOnStartIsOfUnknownOutcomeOnlyWhenTheStartProtocolSaysSo() {
    AwsServiceException error = service(InternalServerException.builder(), 500, "InternalServerException");

    assertThat(((WorkflowLaunchException) EmrErrors.map(error, CONTEXT.withOutcomeUnknown(true), Operation.START))
        .outcomeUnknown()).isTrue();
    assertThat(((WorkflowLaunchException) EmrErrors.map(error, CONTEXT, Operation.START)).outcomeUnknown()).isFalse();
  }
}
