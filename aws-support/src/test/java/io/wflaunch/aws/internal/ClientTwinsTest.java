package io.wflaunch.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.aws.OnceClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;

/** A user's client's twin: the same client in all but its retries and its API-call timeout, made once. */
class ClientTwinsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(7);

  /** Answers every request with a throttling error, which the SDK retries; counts the requests. */
  private static final class Throttling implements SdkHttpClient {
    final List<String> hosts = new ArrayList<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          synchronized (hosts) {
            hosts.add(request.httpRequest().host());
          }
          byte[] body = "{\"__type\":\"ThrottlingException\",\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8);
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(400).putHeader("Content-Type", "application/x-amz-json-1.1")
                  .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  /** Records the operations it sees. */
  private static final class Seen implements ExecutionInterceptor {
    final List<String> operations = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      operations.add(context.request().getClass().getSimpleName());
    }
  }

  private static GlueClient userClient(Throttling http, Seen seen) {
    return GlueClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(http)
        .overrideConfiguration(o -> o.addExecutionInterceptor(seen)).build();
  }

  @Test
  void theTwinSendsOnceOverTheSameHttpClientWithTheSameInterceptorsAndItsTimeout() {
    Throttling http = new Throttling();
    Seen seen = new Seen();
    try (GlueClient user = userClient(http, seen)) {
      GlueClient twin = ClientTwins.sendingOnce(user, TIMEOUT).orElseThrow();

      assertThatThrownBy(() -> twin.getWorkflowRuns(GetWorkflowRunsRequest.builder().name("etl").build()))
          .isInstanceOf(AwsServiceException.class);
      assertThat(http.hosts).as("one attempt, over the user's HTTP client").containsExactly("127.0.0.1");
      assertThat(seen.operations).containsExactly("GetWorkflowRunsRequest");
      assertThat(twin.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
      assertThat(twin.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()).contains(TIMEOUT);
      assertThat(SendOnce.sendsOnce(twin)).isTrue();

      http.hosts.clear();
      assertThatThrownBy(() -> user.getWorkflowRuns(GetWorkflowRunsRequest.builder().name("etl").build()))
          .isInstanceOf(AwsServiceException.class);
      assertThat(http.hosts).as("the user's client still retries").hasSizeGreaterThan(1);
      assertThat(user.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()).isEmpty();
    }
  }

  @Test
  void overAUsersClientAStartsRequestIsSentUnchangedWithItsTwin() {
    Throttling http = new Throttling();
    try (GlueClient user = userClient(http, new Seen())) {
      OnceClient<GlueClient> once = OnceClient.over(user);
      StartWorkflowRunRequest request = StartWorkflowRunRequest.builder().name("etl").build();

      assertThat(once.once(request, TIMEOUT)).isSameAs(request);
      GlueClient sender = once.client(TIMEOUT);
      assertThat(sender).isNotSameAs(user).isSameAs(once.client(TIMEOUT));
      assertThatThrownBy(() -> sender.startWorkflowRun(once.once(request, TIMEOUT)))
          .isInstanceOf(AwsServiceException.class);
      assertThat(http.hosts).hasSize(1);
      assertThat(once.client(Duration.ofSeconds(3)).serviceClientConfiguration().overrideConfiguration()
          .apiCallTimeout()).contains(Duration.ofSeconds(3));
    }
  }

  @Test
  void aClientTheSdkDidNotGenerateHasNoTwinAndGetsTheOverride() {
    GlueClient fake = new GlueClient() {
      @Override
      public String serviceName() {
        return "glue";
      }

      @Override
      public void close() {}
    };
    OnceClient<GlueClient> once = OnceClient.over(fake);
    StartWorkflowRunRequest request = StartWorkflowRunRequest.builder().name("etl").build();

    assertThat(ClientTwins.sendingOnce(fake, TIMEOUT)).isEqualTo(Optional.empty());
    assertThat(once.client(TIMEOUT)).isSameAs(fake);
    assertThat(once.once(request, TIMEOUT).overrideConfiguration().flatMap(o -> o.apiCallTimeout())).contains(TIMEOUT);
  }
}
