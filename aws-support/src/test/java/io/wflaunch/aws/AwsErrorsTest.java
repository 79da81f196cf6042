package io.wflaunch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.CancelledException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The SDK's own wording of client-side failures, as the SDK 2.40 providers write it. */
class AwsErrorsTest {

  private static final ErrorContext CONTEXT = ErrorContext.of(WorkflowTarget.of("glue", "etl"));
  private static final ErrorTable<SdkException> TABLE = AwsErrors.table(List.of());

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), ProfileCredentialsProvider(profileName=default, profileFile=ProfileFile(sections=[]))]) : [ProfileCredentialsProvider(profileName=default): Profile file contained no credentials for profile 'default': ProfileFile(sections=[])]|credentials|aws configure",
      "Profile file contained no credentials for profile 'nosuch': ProfileFile(sections=[profiles])|profile|'nosuch'",
      "Unable to load credentials from any of the providers in the chain [EnvironmentVariableCredentialsProvider(): Access key must be specified, ProfileCredentialsProvider(profileName=nosuch): Profile file contained no credentials for profile 'nosuch': ProfileFile(sections=[])]|profile|aws configure --profile nosuch",
      "Unable to load region from any of the providers in the chain software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@4439f31e: [...]|region|AWS_REGION",
      "Unable to load token from any of the providers in the chain SdkTokenProviderChain(tokenProviders=[ProfileTokenProvider(profileName=default)])|token|aws sso login",
      "Unable to load an HTTP implementation from any provider in the chain. You must declare a dependency on an appropriate HTTP implementation|httpClient|url-connection-client"})
  void configurationFailuresSayWhatToSet(String message, String setting, String advice) {
    SdkClientException failure = SdkClientException.create(message);

    assertThat(TABLE.map(failure, CONTEXT, Operation.START))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo(setting);
          assertThat(e.getMessage()).startsWith("not configured (backend glue, workflow glue:etl): ").contains(advice)
              .doesNotContain("ProviderChain").doesNotContain("\n");
          assertThat(e.retryable()).isFalse();
          assertThat(e.outcomeUnknown()).isFalse();
          assertThat(e.getCause()).isSameAs(failure);
        });
  }

  @org.junit.jupiter.api.Test
  void aProfileWithoutCredentialsNamesTheFilesItWasLookedFor() {
    SdkClientException failure = SdkClientException.create(
        "Profile file contained no credentials for profile 'nosuch': ProfileFile(sections=[profiles])");

    assertThat(TABLE.map(failure, CONTEXT, Operation.START)).hasMessageContaining(
        software.amazon.awssdk.profiles.ProfileFileLocation.configurationFilePath().toString())
        .hasMessageContaining(software.amazon.awssdk.profiles.ProfileFileLocation.credentialsFilePath().toString())
        .hasMessageNotContaining("~/");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"400,AccessDeniedException", "400,UnrecognizedClientException", "400,ExpiredTokenException",
      "403,InvalidSignatureException", "400,MissingAuthenticationTokenException"})
  void aRefusedCallerIsDeniedWhateverTheStatusItCameWith(int status, String code) {
    AwsServiceException refused = AwsServiceException.builder().statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("no").build()).build();

    assertThat(TABLE.map(refused, CONTEXT, Operation.START))
        .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains(code);
        });
  }

  @Test
  void otherErrorCodesAtFourHundredAreNotDenials() {
    AwsServiceException other = AwsServiceException.builder().statusCode(400).message("x")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("SomethingNew").errorMessage("no").build()).build();

    AwsServiceException bare = AwsServiceException.builder().statusCode(400).message("no details").build();

    assertThat(TABLE.map(other, CONTEXT, Operation.START)).isNotInstanceOf(AccessDeniedException.class);
    assertThat(TABLE.map(bare, CONTEXT, Operation.START)).as("an error without details is read, not a bug")
        .isExactlyInstanceOf(io.wflaunch.WorkflowLaunchException.class).hasCause(bare);
  }

  @Test
  void otherClientFailuresAreNotConfiguration() {
    SdkClientException failure = SdkClientException.builder().message("Unable to execute HTTP request: Read timed out")
        .build();

    assertThat(TABLE.map(failure, CONTEXT, Operation.GET_RUN)).isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void anInterruptedCallIsCancelledAndAnInterruptedStopMayHaveTakenEffect() {
    assertThat(TABLE.map(AbortedException.create("Thread was interrupted"), CONTEXT, Operation.GET_RUN))
        .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
    assertThat(TABLE.map(AbortedException.create("Thread was interrupted"), CONTEXT, Operation.STOP))
        .isInstanceOfSatisfying(CancelledException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
  }

  @Test
  void aClientThatCannotBeBuiltForLackOfARegionIsAConfigurationFailure() {
    assertThatThrownBy(() -> AwsErrors.build(() -> {
      throw SdkClientException.create("Unable to load region from any of the providers in the chain x");
    }, ErrorContext.of("swf")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("region"));
    IllegalStateException other = new IllegalStateException("other");
    assertThatThrownBy(() -> AwsErrors.build(() -> {
      throw other;
    }, ErrorContext.of("swf"))).isSameAs(other);
  }
}
