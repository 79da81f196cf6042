package io.wflaunch.swf;

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
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.ListDomainsRequest;
import software.amazon.awssdk.services.swf.model.ListDomainsResponse;

/** The reachability probe: one cheap read, its failures mapped as every call's are. */
class SwfProbeTest {

  private final SwfClient client = mock(SwfClient.class);
  private final SwfBackend backend = SwfBackend.create(client);

  @Test
  @SuppressWarnings("unchecked")
  void aReachableBackendAnswersOneCheapRead() {
    when(client.listDomains(any(Consumer.class))).thenReturn(ListDomainsResponse.builder().build());

    backend.probe();

    ArgumentCaptor<Consumer<ListDomainsRequest.Builder>> request = ArgumentCaptor.forClass(Consumer.class);
    verify(client).listDomains(request.capture());
    ListDomainsRequest.Builder built = ListDomainsRequest.builder();
    request.getValue().accept(built);
    assertThat(built.build().maximumPageSize()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void refusedCredentialsAreAccessDenied() {
    when(client.listDomains(any(Consumer.class))).thenThrow(failure(403, "AccessDeniedException"));

    assertThatThrownBy(backend::probe).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("swf");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aServerErrorIsUnavailableAndRetryable() {
    when(client.listDomains(any(Consumer.class))).thenThrow(failure(500, "InternalFailure"));

    assertThatThrownBy(backend::probe).isInstanceOfSatisfying(BackendUnavailableException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  private static SwfException failure(int status, String code) {
    return (SwfException) SwfException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
