package io.wflaunch.codecatalyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.codecatalyst.CodeCatalystClient;
import software.amazon.awssdk.services.codecatalyst.model.CodeCatalystException;
import software.amazon.awssdk.services.codecatalyst.model.VerifySessionRequest;
import software.amazon.awssdk.services.codecatalyst.model.VerifySessionResponse;

/** The reachability probe: one cheap read, its failures mapped as every call's are. */
class CodeCatalystProbeTest {

  private final CodeCatalystClient client = mock(CodeCatalystClient.class);
  private final CodeCatalystBackend backend = CodeCatalystBackend.create(client);

  @Test
  @SuppressWarnings("unchecked")
  void aReachableBackendAnswersOneCheapRead() {
    when(client.verifySession(any(Consumer.class))).thenReturn(VerifySessionResponse.builder().build());

    backend.probe();

    ArgumentCaptor<Consumer<VerifySessionRequest.Builder>> request = ArgumentCaptor.forClass(Consumer.class);
    verify(client).verifySession(request.capture());
    VerifySessionRequest.Builder built = VerifySessionRequest.builder();
    request.getValue().accept(built);
    assertThat(built.build()).isEqualTo(VerifySessionRequest.builder().build());
  }

  @Test
  @SuppressWarnings("unchecked")
  void refusedCredentialsAreAccessDenied() {
    when(client.verifySession(any(Consumer.class))).thenThrow(failure(403, "AccessDeniedException"));

    assertThatThrownBy(backend::probe).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("codecatalyst");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aServerErrorIsUnavailableAndRetryable() {
    when(client.verifySession(any(Consumer.class))).thenThrow(failure(500, "InternalFailure"));

    assertThatThrownBy(backend::probe).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  private static CodeCatalystException failure(int status, String code) {
    return (CodeCatalystException) CodeCatalystException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
