package io.wflaunch.glue;

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
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.glue.model.ListWorkflowsResponse;

/** The reachability probe: one cheap read, its failures mapped as every call's are. */
class GlueProbeTest {

  private final GlueClient client = mock(GlueClient.class);
  private final GlueBackend backend = GlueBackend.create(client);

  @Test
  @SuppressWarnings("unchecked")
  void aReachableBackendAnswersOneCheapRead() {
    when(client.listWorkflows(any(Consumer.class))).thenReturn(ListWorkflowsResponse.builder().build());

    backend.probe();

    ArgumentCaptor<Consumer<ListWorkflowsRequest.Builder>> request = ArgumentCaptor.forClass(Consumer.class);
    verify(client).listWorkflows(request.capture());
    ListWorkflowsRequest.Builder built = ListWorkflowsRequest.builder();
    request.getValue().accept(built);
    assertThat(built.build().maxResults()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void refusedCredentialsAreAccessDenied() {
    when(client.listWorkflows(any(Consumer.class))).thenThrow(failure(403, "AccessDeniedException"));

    assertThatThrownBy(backend::probe).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("glue");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aServerErrorIsUnavailableAndRetryable() {
    when(client.listWorkflows(any(Consumer.class))).thenThrow(failure(500, "InternalFailure"));

    assertThatThrownBy(backend::probe).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  private static GlueException failure(int status, String code) {
    return (GlueException) GlueException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
