package io.wflaunch.codecatalyst.internal;

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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codecatalyst.model.CodeCatalystException;
import software.amazon.awssdk.services.codecatalyst.model.ConflictException.Builder;
import software.amazon.awssdk.services.codecatalyst.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codecatalyst.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.codecatalyst.model.ThrottlingException;
import software.amazon.awssdk.services.codecatalyst.model.ValidationException;
import software.amazon.awssdk.services.codecatalyst.model.WorkflowRunStatus;

/** CodeCatalyst's status and error tables, walked completely, and the client-token rule. */
class CodeCatalystTablesTest {

  private static final ErrorContext CONTEXT = ErrorContext.of(RunHandle.of("codecatalyst", "space", "project",
      "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"));
  private static final Map<WorkflowRunStatus, RunState> STATES = new EnumMap<>(Map.ofEntries(
      Map.entry(WorkflowRunStatus.VALIDATING, RunState.PENDING),
      Map.entry(WorkflowRunStatus.PROVISIONING, RunState.PENDING),
      Map.entry(WorkflowRunStatus.IN_PROGRESS, RunState.RUNNING),
      Map.entry(WorkflowRunStatus.STOPPING, RunState.STOPPING),
      Map.entry(WorkflowRunStatus.SUCCEEDED, RunState.SUCCEEDED),
      Map.entry(WorkflowRunStatus.FAILED, RunState.FAILED),
      Map.entry(WorkflowRunStatus.STOPPED, RunState.CANCELLED),
      Map.entry(WorkflowRunStatus.CANCELLED, RunState.CANCELLED),
      Map.entry(WorkflowRunStatus.SUPERSEDED, RunState.SKIPPED),
      Map.entry(WorkflowRunStatus.NOT_RUN, RunState.SKIPPED),
      Map.entry(WorkflowRunStatus.ABANDONED, RunState.FAILED),
      Map.entry(WorkflowRunStatus.UNKNOWN_TO_SDK_VERSION, RunState.UNKNOWN)));

  @ParameterizedTest
  @EnumSource(WorkflowRunStatus.class)
  void everyStatusHasItsState(WorkflowRunStatus status) {
    assertThat(STATES).as("the table names every SDK value").containsKey(status);

    assertThat(CodeCatalystStatuses.stateOf(status)).isEqualTo(STATES.get(status));
  }

  @Test
  void theElevenServiceStatusesAreAllKnown() {
    assertThat(WorkflowRunStatus.knownValues()).hasSize(11);
    assertThat(CodeCatalystStatuses.stateOf(null)).isEqualTo(RunState.UNKNOWN);
  }

  static AwsServiceException error(AwsServiceException.Builder builder, int status, String code) {
    return builder.statusCode(status).requestId("req-" + code).message(code + " message")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
  }

  static Stream<Arguments> errors() {
    Builder conflict = software.amazon.awssdk.services.codecatalyst.model.ConflictException.builder();
    return Stream.of(
        Arguments.of(error(ThrottlingException.builder(), 429, "ThrottlingException"), Operation.GET_RUN,
            ThrottledException.class),
        Arguments.of(error(conflict, 409, "ConflictException"), Operation.START, ConflictException.class),
        Arguments.of(error(ValidationException.builder(), 400, "ValidationException"), Operation.START,
            InvalidRequestException.class),
        Arguments.of(error(ServiceQuotaExceededException.builder(), 402, "ServiceQuotaExceededException"),
            Operation.START, LimitExceededException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"), Operation.START,
            WorkflowNotFoundException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"), Operation.LIST_RUNS,
            WorkflowNotFoundException.class),
        Arguments.of(error(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException"), Operation.GET_RUN,
            RunNotFoundException.class),
        Arguments.of(error(software.amazon.awssdk.services.codecatalyst.model.AccessDeniedException.builder(), 403,
            "AccessDeniedException"), Operation.START, AccessDeniedException.class),
        Arguments.of(error(CodeCatalystException.builder(), 503, "ServiceUnavailable"), Operation.GET_RUN,
            BackendUnavailableException.class),
        Arguments.of(error(CodeCatalystException.builder(), 418, "Teapot"), Operation.GET_RUN,
            WorkflowLaunchException.class));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("errors")
  void eachErrorMapsToItsException(AwsServiceException error, Operation operation,
      Class<? extends WorkflowLaunchException> expected) {
    RuntimeException mapped = CodeCatalystErrors.map(error, CONTEXT, operation);

    assertThat(mapped).isExactlyInstanceOf(expected).hasCause(error);
    assertThat(((WorkflowLaunchException) mapped).httpStatus()).hasValue(error.statusCode());
    assertThat(mapped.getMessage()).contains("backend codecatalyst").contains(error.awsErrorDetails().errorCode());
  }

  @Test
  void everyRowOfTheTableIsCovered() {
    List<Class<?>> tested = errors().<Class<?>>map(arguments -> arguments.get()[0].getClass()).toList();

    assertThat(CodeCatalystErrors.TABLE.rows().subList(0, AwsErrors.COMMON_ROWS.size())).isEqualTo(AwsErrors.COMMON_ROWS);
    assertThat(CodeCatalystErrors.TABLE.rows().subList(AwsErrors.COMMON_ROWS.size(), CodeCatalystErrors.TABLE.rows().size()))
        .allSatisfy(row -> assertThat(tested).contains(row.type()));
  }

  @Test
  void anIoFailureIsUnavailableOfTheOutcomeTheStartProtocolDecided() {
    assertThat(CodeCatalystErrors.map(SdkClientException.create("connection reset"), CONTEXT.withOutcomeUnknown(true),
        Operation.START))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(CodeCatalystErrors.map(SdkClientException.create("connection reset"), CONTEXT, Operation.LOOK_UP))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
  }

  @Test
  void controlCharactersInNamesAreEscapedAndLongOnesCut() {
    assertThatThrownBy(() -> CodeCatalystRules.checkName(CONTEXT, "space", "bad\nname\u0000"))
        .hasMessageContaining("found 'bad\\u000Aname\\u0000'").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> CodeCatalystRules.checkUuid(CONTEXT, "runId", "x".repeat(5000)))
        .hasMessageContaining("(5,000 characters)");
  }

  @Test
  void aValidKeyIsItsOwnClientTokenAndOthersAreHashedIntoTheForm() {
    assertThat(CodeCatalystRules.clientTokenFor("deploy-2026.11.23_a")).isEqualTo("deploy-2026.11.23_a");
    assertThat(CodeCatalystRules.clientTokenFor("k".repeat(64))).isEqualTo("k".repeat(64));
    for (String key : List.of("k".repeat(65), "two  spaces", "trailing-", "ünicode", "a/b", "-leading")) {
      String token = CodeCatalystRules.clientTokenFor(key);
      assertThat(token).as(key).matches("wfl-[0-9a-f]{60}").hasSize(64)
          .matches(CodeCatalystRules.NAME.pattern())
          .isEqualTo(CodeCatalystRules.clientTokenFor(key));
    }
    assertThat(CodeCatalystRules.clientTokenFor("a/b")).isNotEqualTo(CodeCatalystRules.clientTokenFor("a/c"));
  }

  @Test
  void namesAndUuidsAreCheckedAsTheModelsPatternsSay() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    String alphabet = "aZ09-_./ fF";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder text = new StringBuilder();
      if (i % 3 == 0) {
        text.append(java.util.UUID.randomUUID());
        text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
      } else {
        for (int length = random.nextInt(12); length > 0; length--) {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String value = text.toString();
      assertThat(CodeCatalystRules.isName(value)).as(value).isEqualTo(CodeCatalystRules.NAME.matcher(value).matches());
      assertThat(CodeCatalystRules.isUuid(value)).as(value).isEqualTo(CodeCatalystRules.UUID.matcher(value).matches());
    }
    assertThat(CodeCatalystRules.isUuid(java.util.UUID.randomUUID().toString().toUpperCase())).isTrue();
  }
}
