package io.wflaunch.glue.internal;

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
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.IllegalWorkflowStateException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.OperationTimeoutException;
import software.amazon.awssdk.services.glue.model.ResourceNumberLimitExceededException;
import software.amazon.awssdk.services.glue.model.ThrottlingException;

class GlueErrorsTest {

  private static final ErrorContext CONTEXT = ErrorContext.of(RunHandle.of("glue", "etl", "wr_1"));

  static AwsServiceException service(AwsServiceException.Builder builder, int status, String code) {
    return builder.statusCode(status).requestId("req-" + code).message(code + " message")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
        .build();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(service(EntityNotFoundException.builder(), 400, "EntityNotFoundException"), Operation.START,
            WorkflowNotFoundException.class, false),
        Arguments.of(service(EntityNotFoundException.builder(), 400, "EntityNotFoundException"), Operation.LIST_RUNS,
            WorkflowNotFoundException.class, false),
        Arguments.of(service(EntityNotFoundException.builder(), 400, "EntityNotFoundException"), Operation.GET_RUN,
            RunNotFoundException.class, false),
        Arguments.of(service(EntityNotFoundException.builder(), 400, "EntityNotFoundException"), Operation.STOP,
            RunNotFoundException.class, false),
        Arguments.of(service(InvalidInputException.builder(), 400, "InvalidInputException"), Operation.START,
            InvalidRequestException.class, false),
        Arguments.of(service(ConcurrentRunsExceededException.builder(), 400, "ConcurrentRunsExceededException"),
            Operation.START, LimitExceededException.class, true),
        Arguments.of(service(ResourceNumberLimitExceededException.builder(), 400,
            "ResourceNumberLimitExceededException"), Operation.START, LimitExceededException.class, false),
        Arguments.of(service(IllegalWorkflowStateException.builder(), 400, "IllegalWorkflowStateException"),
            Operation.STOP, ConflictException.class, false),
        Arguments.of(service(InternalServiceException.builder(), 500, "InternalServiceException"), Operation.GET_RUN,
            BackendUnavailableException.class, true),
        Arguments.of(service(OperationTimeoutException.builder(), 400, "OperationTimeoutException"), Operation.GET_RUN,
            BackendUnavailableException.class, true),
        Arguments.of(service(OperationTimeoutException.builder(), 400, "OperationTimeoutException"), Operation.START,
            BackendUnavailableException.class, true),
        Arguments.of(service(software.amazon.awssdk.services.glue.model.AccessDeniedException.builder(), 400,
            "AccessDeniedException"), Operation.START, AccessDeniedException.class, false),
        Arguments.of(service(ThrottlingException.builder(), 400, "ThrottlingException"), Operation.GET_RUN,
            ThrottledException.class, true),
        Arguments.of(service(GlueException.builder(), 429, "TooManyRequests"), Operation.GET_RUN,
            ThrottledException.class, true),
        Arguments.of(service(GlueException.builder(), 400, "Throttling"), Operation.GET_RUN,
            ThrottledException.class, true),
        Arguments.of(service(GlueException.builder(), 403, "UnrecognizedClientException"), Operation.GET_RUN,
            AccessDeniedException.class, false),
        Arguments.of(service(GlueException.builder(), 503, "ServiceUnavailable"), Operation.GET_RUN,
            BackendUnavailableException.class, true),
        Arguments.of(service(GlueException.builder(), 400, "SomethingNew"), Operation.GET_RUN,
            WorkflowLaunchException.class, false));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("table")
  void eachGlueErrorMapsToItsException(AwsServiceException error, Operation operation,
      Class<? extends WorkflowLaunchException> expected, boolean retryable) {
    RuntimeException mapped = GlueErrors.map(new CompletionException(error), CONTEXT, operation);

    assertThat(mapped).isExactlyInstanceOf(expected).hasCause(error);
    WorkflowLaunchException launch = (WorkflowLaunchException) mapped;
    assertThat(launch.retryable()).isEqualTo(retryable);
    assertThat(launch.httpStatus()).hasValue(error.statusCode());
    assertThat(launch.requestId()).contains(error.requestId());
    assertThat(launch.handle()).isEqualTo(CONTEXT.handle());
    assertThat(launch.getMessage()).contains("backend glue").contains(error.awsErrorDetails().errorCode());
  }

  @Test
  void everyRowOfGluesOwnTableIsCovered() {
    List<Class<?>> tested = table().<Class<?>>map(arguments -> arguments.get()[0].getClass()).distinct().toList();

    assertThat(GlueErrors.TABLE.rows().subList(0, AwsErrors.COMMON_ROWS.size())).isEqualTo(AwsErrors.COMMON_ROWS);
    assertThat(GlueErrors.TABLE.rows().subList(AwsErrors.COMMON_ROWS.size(), GlueErrors.TABLE.rows().size()))
        .allSatisfy(row -> assertThat(tested).contains(row.type()));
  }

  @Test
  void aMissingWorkflowFoundWhileLookingUpAKeyIsAMissingWorkflow() {
    assertThat(GlueErrors.map(service(EntityNotFoundException.builder(), 400, "EntityNotFoundException"), CONTEXT,
        Operation.LOOK_UP)).isInstanceOf(WorkflowNotFoundException.class);
  }

  @Test
  void aServerErrorOnStartIsOfUnknownOutcomeWhenTheStartProtocolSaysSo() {
    AwsServiceException error = service(InternalServiceException.builder(), 500, "InternalServiceException");

    BackendUnavailableException judged = (BackendUnavailableException) GlueErrors.map(
        error, CONTEXT.withOutcomeUnknown(true), Operation.START);
    BackendUnavailableException settled = (BackendUnavailableException) GlueErrors.map(error, CONTEXT, Operation.START);
    BackendUnavailableException lookUp = (BackendUnavailableException) GlueErrors.map(error, CONTEXT, Operation.LOOK_UP);

    assertThat(judged.outcomeUnknown()).isTrue();
    assertThat(settled.outcomeUnknown()).isFalse();
    assertThat(lookUp.outcomeUnknown()).isFalse();
  }

  @Test
  void aReadTimeoutIsUnavailable() {
    SdkClientException timeout = SdkClientException.builder().message("Read timed out")
        .cause(new SocketTimeoutException("Read timed out")).build();

    BackendUnavailableException onGet = (BackendUnavailableException) GlueErrors.map(timeout, CONTEXT, Operation.GET_RUN);

    assertThat(onGet.outcomeUnknown()).isFalse();
    assertThat(onGet.httpStatus()).isEmpty();
    assertThat(onGet.retryable()).isTrue();
  }

  @Test
  void aRefusedConnectionMeansTheStartNeverHappened() {
    SdkClientException refused = SdkClientException.builder().message("Unable to execute HTTP request")
        .cause(new IOException(new ConnectException("Connection refused"))).build();

    BackendUnavailableException mapped = (BackendUnavailableException) GlueErrors.map(refused, CONTEXT, Operation.STOP);

    assertThat(mapped.outcomeUnknown()).isFalse();
  }

  @Test
  void wflaunchAndOtherRuntimeExceptionsPassThrough() {
    RunNotFoundException already = new RunNotFoundException(CONTEXT, "gone", null);
    IllegalStateException bug = new IllegalStateException("bug");

    assertThat(GlueErrors.map(new CompletionException(already), CONTEXT, Operation.GET_RUN)).isSameAs(already);
    assertThat(GlueErrors.map(bug, CONTEXT, Operation.GET_RUN)).isSameAs(bug);
  }

  @Test
  void aRetrysServerErrorMayHaveTakenEffectAndItsRefusalsDidNot() {
    BackendUnavailableException unavailable = (BackendUnavailableException) GlueErrors.map(
        service(InternalServiceException.builder(), 500, "InternalServiceException"), CONTEXT, Operation.RETRY);
    RuntimeException illegal = GlueErrors.map(
        service(IllegalWorkflowStateException.builder(), 400, "IllegalWorkflowStateException"), CONTEXT, Operation.RETRY);
    RuntimeException limit = GlueErrors.map(
        service(ConcurrentRunsExceededException.builder(), 400, "ConcurrentRunsExceededException"), CONTEXT,
        Operation.RETRY);

    assertThat(unavailable.outcomeUnknown()).isTrue();
    assertThat(illegal).isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
    assertThat(limit).isInstanceOfSatisfying(LimitExceededException.class, e -> {
      assertThat(e.outcomeUnknown()).isFalse();
      assertThat(e.getMessage()).contains("MaxConcurrentRuns of the workflow or job");
    });
  }
}
