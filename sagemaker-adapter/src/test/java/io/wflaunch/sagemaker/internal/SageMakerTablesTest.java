package io.wflaunch.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.LimitExceededException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.sagemaker.SageMakerOptions;
import io.wflaunch.spi.Operation;
import io.wflaunch.spi.StartKey;
import java.time.Instant;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;

/** SageMaker's status and error tables, walked completely, and the model's rules and tokens. */
class SageMakerTablesTest {

  private static final RunHandle HANDLE = RunHandle.of("sagemaker", "us-east-1", "123456789012", "train",
      "kz4w1p6gvdde");
  private static final ErrorContext CONTEXT = ErrorContext.of(HANDLE);
  private static final WorkflowTarget TARGET = WorkflowTarget.of("sagemaker", "train");
  private static final Map<PipelineExecutionStatus, RunState> STATES = new EnumMap<>(Map.of(
      PipelineExecutionStatus.EXECUTING, RunState.RUNNING,
      PipelineExecutionStatus.STOPPING, RunState.STOPPING,
      PipelineExecutionStatus.STOPPED, RunState.CANCELLED,
      PipelineExecutionStatus.FAILED, RunState.FAILED,
      PipelineExecutionStatus.SUCCEEDED, RunState.SUCCEEDED,
      PipelineExecutionStatus.UNKNOWN_TO_SDK_VERSION, RunState.UNKNOWN));

  @ParameterizedTest
  @EnumSource(PipelineExecutionStatus.class)
  void everyStatusHasItsState(PipelineExecutionStatus status) {
    assertThat(STATES).as("the table names every SDK value").containsKey(status);

    assertThat(SageMakerStatuses.stateOf(status)).isEqualTo(STATES.get(status));
  }

  @Test
  void theFiveServiceStatusesAreAllKnownAndNoneIsUnknown() {
    assertThat(PipelineExecutionStatus.knownValues()).hasSize(5);
    assertThat(SageMakerStatuses.stateOf(null)).isEqualTo(RunState.UNKNOWN);
  }

  @Test
  void aFailureReasonIsAMaskedDetailAndTheReasonOnlySaysThereIsOne() {
    Instant created = Instant.parse("2026-12-07T10:00:00Z");
    Instant modified = Instant.parse("2026-12-07T10:20:00Z");
    RunStatus status = SageMakerStatuses.fromDescribe(HANDLE, DescribePipelineExecutionResponse.builder()
        .pipelineExecutionArn(SageMakerRules.executionArn(HANDLE)).pipelineExecutionStatus(PipelineExecutionStatus.FAILED)
        .failureReason("Step Train failed: password=hunter2").creationTime(created).lastModifiedTime(modified).build());

    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.rawStatus()).isEqualTo("Failed");
    assertThat(status.startedAt()).contains(created);
    assertThat(status.endedAt()).contains(modified);
    assertThat(status.details()).containsEntry("failureReason", "Step Train failed: password=hunter2");
    assertThat(status.maskedDetails()).contains("failureReason");
    assertThat(status.reasons()).containsExactly(
        "execution Failed; its failure reason is in the masked detail 'failureReason'");
    assertThat(status.toString()).doesNotContain("hunter2");

    RunStatus running = SageMakerStatuses.fromSummary(HANDLE, PipelineExecutionSummary.builder()
        .pipelineExecutionArn(SageMakerRules.executionArn(HANDLE)).startTime(created)
        .pipelineExecutionStatus(PipelineExecutionStatus.EXECUTING).pipelineExecutionFailureReason("").build());
    assertThat(running.state()).isEqualTo(RunState.RUNNING);
    assertThat(running.reasons()).isEmpty();
    assertThat(running.endedAt()).isEmpty();
    assertThat(running.details()).doesNotContainKey("failureReason");

    RunStatus succeeded = SageMakerStatuses.fromSummary(HANDLE, PipelineExecutionSummary.builder()
        .pipelineExecutionArn(SageMakerRules.executionArn(HANDLE)).startTime(created)
        .pipelineExecutionStatus(PipelineExecutionStatus.SUCCEEDED).pipelineExecutionFailureReason("None").build());
    assertThat(succeeded.reasons()).as("moto writes None into every summary").isEmpty();
  }

  static AwsServiceException error(AwsServiceException.Builder builder, int status, String code, String message) {
    return builder.statusCode(status).requestId("req-" + code).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(error(SageMakerException.builder(), 400, "ThrottlingException", "Rate exceeded"),
            Operation.GET_RUN, ThrottledException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 400, "ResourceNotFound", "Pipeline 'x' does not exist."),
            Operation.START, WorkflowNotFoundException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 400, "ResourceNotFound", "Pipeline 'x' does not exist."),
            Operation.LIST_RUNS, WorkflowNotFoundException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 400, "ResourceNotFound", "Execution does not exist."),
            Operation.GET_RUN, RunNotFoundException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 400, "ResourceNotFound", "Execution does not exist."),
            Operation.RETRY, RunNotFoundException.class),
        Arguments.of(error(ResourceLimitExceededException.builder(), 400, "ResourceLimitExceeded", "too many"),
            Operation.START, LimitExceededException.class),
        Arguments.of(error(software.amazon.awssdk.services.sagemaker.model.ConflictException.builder(), 400,
            "ConflictException", "execution is Succeeded"), Operation.RETRY, ConflictException.class),
        Arguments.of(error(ResourceInUseException.builder(), 400, "ResourceInUse", "in use"), Operation.STOP,
            ConflictException.class),
        Arguments.of(error(SageMakerException.builder(), 400, "ValidationException",
            "Could not find pipeline with PipelineName x."), Operation.START, WorkflowNotFoundException.class),
        Arguments.of(error(SageMakerException.builder(), 400, "ValidationException",
            "Could not find pipeline execution with PipelineExecutionArn y."), Operation.GET_RUN,
            RunNotFoundException.class),
        Arguments.of(error(SageMakerException.builder(), 400, "ValidationException", "1 validation error detected"),
            Operation.START, InvalidRequestException.class),
        Arguments.of(error(SageMakerException.builder(), 400, "AccessDeniedException", "not authorized"),
            Operation.START, AccessDeniedException.class),
        Arguments.of(error(SageMakerException.builder(), 500, "InternalFailure", "internal"), Operation.GET_RUN,
            BackendUnavailableException.class),
        Arguments.of(error(SageMakerException.builder(), 418, "Teapot", "teapot"), Operation.GET_RUN,
            WorkflowLaunchException.class));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("errors")
  void eachErrorMapsToItsException(AwsServiceException error, Operation operation,
      Class<? extends WorkflowLaunchException> expected) {
    RuntimeException mapped = SageMakerErrors.map(error, CONTEXT, operation);

    assertThat(mapped).isExactlyInstanceOf(expected).hasCause(error);
    assertThat(((WorkflowLaunchException) mapped).httpStatus()).hasValue(error.statusCode());
    assertThat(mapped.getMessage()).contains("backend sagemaker").contains(error.awsErrorDetails().errorCode());
  }

  @Test
  void everyRowOfTheTableIsCovered() {
    List<Class<?>> tested = errors().<Class<?>>map(arguments -> arguments.get()[0].getClass()).toList();

    assertThat(SageMakerErrors.TABLE.rows().subList(0, AwsErrors.COMMON_ROWS.size())).isEqualTo(AwsErrors.COMMON_ROWS);
    assertThat(SageMakerErrors.TABLE.rows().subList(AwsErrors.COMMON_ROWS.size(), SageMakerErrors.TABLE.rows().size()))
        .allSatisfy(row -> assertThat(tested).anySatisfy(type -> assertThat(row.type()).isAssignableFrom(type)));
  }

  @Test
  void aRetryOrStopThatMayHaveBeenReceivedHasAnUnknownOutcomeAndAReadDoesNot() {
    SdkClientException reset = SdkClientException.create("connection reset");
    assertThat(SageMakerErrors.map(reset, CONTEXT, Operation.RETRY))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(SageMakerErrors.map(reset, CONTEXT, Operation.STOP))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(SageMakerErrors.map(reset, CONTEXT, Operation.GET_RUN))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
  }

  @Test
  void theStartTokenIsOnePerPipelineAndKeyWithinTheModelsLength() {
    String token = SageMakerRules.startToken(TARGET, "train-2026-12-07");

    assertThat(token).matches("wfl-[0-9a-f]{64}").hasSizeBetween(SageMakerRules.MIN_TOKEN, SageMakerRules.MAX_TOKEN)
        .isEqualTo(SageMakerRules.startToken(TARGET, "train-2026-12-07"));
    assertThat(SageMakerRules.startToken(WorkflowTarget.of("sagemaker", "score"), "train-2026-12-07"))
        .isNotEqualTo(token);
    assertThat(SageMakerRules.startToken(TARGET, "k".repeat(StartRunRequest.MAX_IDEMPOTENCY_KEY_LENGTH)))
        .hasSize(68);
    StartKey generated = StartKey.of(StartRunRequest.builder(TARGET).build());
    assertThat(SageMakerStarts.request(StartRunRequest.builder(TARGET).build(), generated).clientRequestToken())
        .as("one token per keyless call, the same for each of its attempts")
        .isEqualTo(SageMakerStarts.request(StartRunRequest.builder(TARGET).build(), generated).clientRequestToken())
        .isNotEqualTo(SageMakerStarts.request(StartRunRequest.builder(TARGET).build(),
            StartKey.of(StartRunRequest.builder(TARGET).build())).clientRequestToken());
  }

  @Test
  void theRetryTokenIsOnePerFailureAndTheStopTokenOnePerCall() {
    String arn = SageMakerRules.executionArn(HANDLE);
    Instant failed = Instant.parse("2026-12-07T10:20:00Z");

    assertThat(SageMakerRules.retryToken(arn, failed)).isEqualTo(SageMakerRules.retryToken(arn, failed))
        .hasSizeBetween(SageMakerRules.MIN_TOKEN, SageMakerRules.MAX_TOKEN)
        .isNotEqualTo(SageMakerRules.retryToken(arn, failed.plusSeconds(600)))
        .isNotEqualTo(SageMakerRules.retryToken(arn.replace("kz4w", "aaaa"), failed));
    assertThat(SageMakerRules.newStopToken()).hasSizeBetween(SageMakerRules.MIN_TOKEN, SageMakerRules.MAX_TOKEN)
        .isNotEqualTo(SageMakerRules.newStopToken());
  }

  @Test
  void aHandleIsTheExecutionArnsPartsInEveryPartition() {
    assertThat(SageMakerRules.executionArn(HANDLE))
        .isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/kz4w1p6gvdde");
    assertThat(SageMakerRules.handleOf("sagemaker", SageMakerRules.executionArn(HANDLE))).isEqualTo(HANDLE);
    RunHandle china = RunHandle.of("sagemaker", "cn-north-1", "123456789012", "train", "abc");
    assertThat(SageMakerRules.executionArn(china)).startsWith("arn:aws-cn:sagemaker:cn-north-1:");
    assertThat(SageMakerRules.handleOf("sm-eu", SageMakerRules.executionArn(china)))
        .isEqualTo(RunHandle.of("sm-eu", "cn-north-1", "123456789012", "train", "abc"));
    RunHandle govCloud = RunHandle.of("sagemaker", "us-gov-west-1", "123456789012", "train", "abc");
    assertThat(SageMakerRules.executionArn(govCloud)).startsWith("arn:aws-us-gov:sagemaker:");
    assertThatThrownBy(() -> SageMakerRules.handleOf("sagemaker", "arn:aws:sagemaker:us-east-1:123456789012:pipeline/train"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void handlePartsAreCheckedByName() {
    assertThat(SageMakerRules.checkHandle(HANDLE)).isEqualTo(HANDLE);
    for (Map.Entry<RunHandle, String> bad : Map.of(
        RunHandle.of("sagemaker", "useast1", "123456789012", "train", "abc"), "region",
        RunHandle.of("sagemaker", "us-east-1", "1234", "train", "abc"), "account",
        RunHandle.of("sagemaker", "us-east-1", "123456789012", "tr_ain", "abc"), "pipeline",
        RunHandle.of("sagemaker", "us-east-1", "123456789012", "train", "a\u0000b"), "executionId",
        RunHandle.of("sagemaker", "us-east-1", "123456789012", "train", "x".repeat(2048)), "executionId").entrySet()) {
      assertThatThrownBy(() -> SageMakerRules.checkHandle(bad.getKey()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(bad.getValue()));
    }
  }

  @Test
  void startRequestsAreCheckedAgainstTheModelNamingTheField() {
    StartRunRequest.Builder tooMany = StartRunRequest.builder(TARGET);
    for (int i = 0; i <= SageMakerRules.MAX_PARAMETERS; i++) {
      tooMany.parameter("p" + i, "v");
    }
    assertThat(checkField(tooMany.build())).isEqualTo("parameters");
    assertThat(checkField(StartRunRequest.builder(TARGET).parameter("n".repeat(257), "v").build()))
        .isEqualTo("parameters");
    assertThat(checkField(StartRunRequest.builder(TARGET).parameter("ok-name_1", "v".repeat(1024))
        .options(SageMakerOptions.builder().displayName("d".repeat(82)).description("x".repeat(3072))
            .maxParallelExecutionSteps(1).build()).build())).isNull();
    assertThat(checkField(StartRunRequest.builder(TARGET).options(SageMakerOptions.builder()
        .displayName("d".repeat(83)).build()).build())).isEqualTo("displayName");
    assertThat(checkField(StartRunRequest.builder(TARGET).options(SageMakerOptions.builder()
        .displayName("trailing-").build()).build())).isEqualTo("displayName");
    assertThat(checkField(StartRunRequest.builder(TARGET).options(SageMakerOptions.builder()
        .maxParallelExecutionSteps(0).build()).build())).isEqualTo("maxParallelExecutionSteps");
    assertThatThrownBy(() -> SageMakerRules.checkTarget(WorkflowTarget.of("sagemaker", "p".repeat(257))))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("pipeline"));
  }

  @Test
  void theRequestCarriesParametersInOrderAndTheOptions() {
    StartPipelineExecutionRequest request = SageMakerStarts.request(StartRunRequest.builder(TARGET)
        .parameter("TrainingDate", "2026-12-07").parameter("Epochs", "3")
        .options(SageMakerOptions.builder().displayName("nightly").description("the nightly run")
            .maxParallelExecutionSteps(4).build())
        .idempotencyKey("nightly-2026-12-07").build(), new StartKey("nightly-2026-12-07", false));

    assertThat(request.pipelineName()).isEqualTo("train");
    assertThat(request.pipelineParameters()).extracting(p -> p.name() + "=" + p.value())
        .containsExactly("TrainingDate=2026-12-07", "Epochs=3");
    assertThat(request.pipelineExecutionDisplayName()).isEqualTo("nightly");
    assertThat(request.pipelineExecutionDescription()).isEqualTo("the nightly run");
    assertThat(request.parallelismConfiguration().maxParallelExecutionSteps()).isEqualTo(4);
    assertThat(request.clientRequestToken()).isEqualTo(SageMakerRules.startToken(TARGET, "nightly-2026-12-07"));
  }

  /** The field a request is refused for, or null when it passes (its target checked first). */
  private static String checkField(StartRunRequest request) {
    try {
      SageMakerRules.checkRequest(request, "sagemaker");
      return null;
    } catch (InvalidRequestException e) {
      return e.field();
    }
  }
}
