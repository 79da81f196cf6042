package io.wflaunch.stepfunctions;

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
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;

/** The reachability probe: one cheap read, its failures mapped as every call's are. */
class StepFunctionsProbeTest {

  private final SfnClient client = mock(SfnClient.class);
  private final StepFunctionsBackend backend = StepFunctionsBackend.create(client);

  @Test
  @SuppressWarnings("unchecked")
  void aReachableBackendAnswersOneCheapRead() {
    when(client.listStateMachines(any(Consumer.class))).thenReturn(ListStateMachinesResponse.builder().build());

    backend.probe();

    ArgumentCaptor<Consumer<ListStateMachinesRequest.Builder>> request = ArgumentCaptor.forClass(Consumer.class);
    verify(client).listStateMachines(request.capture());
    ListStateMachinesRequest.Builder built = ListStateMachinesRequest.builder();
    request.getValue().accept(built);
    assertThat(built.build().maxResults()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void refusedCredentialsAreAccessDenied() {
    when(client.listStateMachines(any(Consumer.class))).thenThrow(failure(403, "AccessDeniedException"));

    assertThatThrownBy(backend::probe).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("sfn");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aServerErrorIsUnavailableAndRetryable() {
    when(client.listStateMachines(any(Consumer.class))).thenThrow(failure(500, "InternalFailure"));

    assertThatThrownBy(backend::probe).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  private static SfnException failure(int status, String code) {
    return (SfnException) SfnException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
