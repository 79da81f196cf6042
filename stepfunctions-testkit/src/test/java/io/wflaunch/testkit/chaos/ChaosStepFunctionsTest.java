package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.http.StubHttpServer;
import io.wflaunch.testkit.http.StubHttpServer.Response;
import io.wflaunch.testkit.sfn.SfnChaos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The Step Functions profile under a real SfnClient: Step Functions' error shapes, and the listing lag over
 * ListExecutions and, as a lagged get, DescribeExecution.
 */
class ChaosStepFunctionsTest {

  private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private final List<String> executionArns = new ArrayList<>();
  private final StubHttpServer server = StubHttpServer.start(this::stepFunctions);
  private ChaosHttpClient http;
  private SfnClient sfn;

  /** Just enough Step Functions: starts add executions, ListExecutions lists them, DescribeExecution finds one. */
  private synchronized Response stepFunctions(StubHttpServer.Request request) {
    String target = request.header("X-Amz-Target");
    if (target.equals("AWSStepFunctions.StartExecution")) {
      executionArns.add(MACHINE.replace(":stateMachine:", ":execution:") + ":e" + (executionArns.size() + 1));
      return sfn(200, "{\"executionArn\":\"" + executionArns.get(executionArns.size() - 1)
          + "\",\"startDate\":1763712000.1}");
    }
    if (target.equals("AWSStepFunctions.ListExecutions")) {
      StringBuilder items = new StringBuilder();
      for (int i = executionArns.size() - 1; i >= 0; i--) {
        items.append(items.length() == 0 ? "" : ",").append("{\"executionArn\":\"").append(executionArns.get(i))
            .append("\",\"stateMachineArn\":\"").append(MACHINE).append("\",\"name\":\"e").append(i + 1)
            .append("\",\"status\":\"RUNNING\",\"startDate\":1763712000.1}");
      }
      return sfn(200, "{\"executions\":[" + items + "]}");
    }
    if (target.equals("AWSStepFunctions.DescribeExecution")) {
      String arn = request.body().replaceAll(".*\"executionArn\":\"([^\"]*)\".*", "$1");
      if (!executionArns.contains(arn)) {
        return sfn(400, "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist\","
            + "\"message\":\"Execution Does Not Exist: '" + arn + "'\"}");
      }
      return sfn(200, "{\"executionArn\":\"" + arn + "\",\"stateMachineArn\":\"" + MACHINE
          + "\",\"status\":\"RUNNING\",\"startDate\":1763712000.1,\"input\":\"{}\"}");
    }
    return sfn(400, "{\"__type\":\"UnknownOperationException\"}");
  }

  private static Response sfn(int status, String body) {
    return new Response(status, Map.of("Content-Type", "application/x-amz-json-1.0", "x-amzn-RequestId", "stub"), body);
  }

  private SfnClient sfn(ChaosPlan plan) {
    http = ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SfnChaos.PROFILE);
    sfn = SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(http)
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build();
    return sfn;
  }

  @AfterEach
  void tearDown() {
    if (sfn != null) {
      sfn.close();
    }
    if (http != null) {
      http.close();
    }
    server.close();
  }

  private String start() {
    return sfn.startExecution(r -> r.stateMachineArn(MACHINE)).executionArn();
  }

  private String describe(String arn) {
    return sfn.describeExecution(r -> r.executionArn(arn)).executionArn();
  }

  private List<String> listed() {
    return sfn.listExecutions(r -> r.stateMachineArn(MACHINE)).executions().stream()
        .map(ExecutionListItem::executionArn).toList();
  }

  private long describesServed() {
    return server.requests().stream()
        .filter(request -> "AWSStepFunctions.DescribeExecution".equals(request.header("X-Amz-Target"))).count();
  }

  @Test
  void stepFunctionsThrottlingIsThrottlingToTheSdk() {
    sfn(ChaosPlan.none().script("StartExecution", Fault.THROTTLE));

    assertThatThrownBy(this::start).isExactlyInstanceOf(SfnException.class)
        .isInstanceOfSatisfying(SfnException.class, e -> {
          assertThat(e.isThrottlingException()).isTrue();
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void stepFunctionsInternalFailureIsA500() {
    sfn(ChaosPlan.none().script("ListExecutions", Fault.SERVER_ERROR));

    assertThatThrownBy(this::listed).isInstanceOfSatisfying(SfnException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(500);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
      assertThat(e.isThrottlingException()).isFalse();
    });
  }

  @Test
  void theListingLagCoversDescribeExecutionAsALaggedGet() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(3).build();
    sfn(plan);
    String arn = start();

    assertThatThrownBy(() -> describe(arn)).isInstanceOfSatisfying(ExecutionDoesNotExistException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExecutionDoesNotExist");
      assertThat(e.requestId()).startsWith("chaos-");
    });
    assertThat(listed()).isEmpty();
    assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
    assertThat(describesServed()).as("a hidden run's describes never reach the service").isZero();
    assertThat(describe(arn)).isEqualTo(arn);
    assertThat(listed()).containsExactly(arn);

    List<ChaosLog.Entry> describes = plan.log().entries("DescribeExecution");
    assertThat(describes).hasSize(3);
    assertThat(describes.get(0)).satisfies(entry -> {
      assertThat(entry.answeredAsHidden()).isTrue();
      assertThat(entry.fault()).isEqualTo(Fault.NONE);
      assertThat(entry.forwarded()).isFalse();
      assertThat(entry.serviceStatus()).isEmpty();
      assertThat(entry.hiddenRunIds()).containsExactly(arn);
    });
    assertThat(describes.get(2)).satisfies(entry -> {
      assertThat(entry.answeredAsHidden()).isFalse();
      assertThat(entry.forwarded()).isTrue();
      assertThat(entry.serviceStatus()).hasValue(200);
      assertThat(entry.hiddenRunIds()).isEmpty();
    });
    assertThat(plan.log().entries("ListExecutions").get(0).hiddenRunIds()).containsExactly(arn);
    assertThat(plan.log().forwardedCount("DescribeExecution")).isEqualTo(1);
  }

  @Test
  void aDescribeOfAnotherRunIsForwardedAsUsual() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(5).build();
    sfn(plan);
    String hidden = start();
    String unknown = MACHINE.replace(":stateMachine:", ":execution:") + ":nope";

    assertThatThrownBy(() -> describe(unknown)).isInstanceOfSatisfying(ExecutionDoesNotExistException.class,
        e -> assertThat(e.requestId()).isEqualTo("stub"));

    assertThat(describesServed()).isEqualTo(1);
    assertThat(plan.log().entries("DescribeExecution")).singleElement()
        .satisfies(entry -> assertThat(entry.answeredAsHidden()).isFalse());
    assertThat(listed()).as("the hidden run still has all its reads to go").doesNotContain(hidden);
  }

  @Test
  void aLaggedGetThatMeetsAnotherFaultIsForwardedAndDoesNotCount() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build()
        .script("DescribeExecution", Fault.DROP_RESPONSE, Fault.THROTTLE);
    sfn(plan);
    String arn = start();

    assertThatThrownBy(() -> describe(arn)).isInstanceOf(SdkClientException.class);
    assertThatThrownBy(() -> describe(arn)).isInstanceOfSatisfying(SfnException.class,
        e -> assertThat(e.isThrottlingException()).isTrue());
    assertThatThrownBy(() -> describe(arn)).as("the lag still has its one read")
        .isInstanceOf(ExecutionDoesNotExistException.class);
    assertThat(describe(arn)).isEqualTo(arn);

    assertThat(plan.log().entries("DescribeExecution")).extracting(ChaosLog.Entry::forwarded)
        .containsExactly(true, false, false, true);
    assertThat(plan.log().entries("DescribeExecution")).extracting(ChaosLog.Entry::answeredAsHidden)
        .containsExactly(false, false, true, false);
  }

  @Test
  void aDelayedLaggedGetIsAnsweredNotFoundAfterTheDelay() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).delay(Duration.ofMillis(50)).build()
        .script("DescribeExecution", Fault.DELAY);
    sfn(plan);
    String arn = start();
    long before = System.nanoTime();

    assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);

    assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(plan.log().entries("DescribeExecution")).singleElement().satisfies(entry -> {
      assertThat(entry.fault()).isEqualTo(Fault.DELAY);
      assertThat(entry.answeredAsHidden()).isTrue();
    });
    assertThat(describe(arn)).isEqualTo(arn);
  }

  @Test
  void withoutALagDescribeGoesThrough() {
    ChaosPlan plan = ChaosPlan.none();
    sfn(plan);
    String arn = start();

    assertThat(describe(arn)).isEqualTo(arn);
    assertThat(plan.log().entries("DescribeExecution")).singleElement()
        .satisfies(entry -> assertThat(entry.forwarded()).isTrue());
  }

  @Test
  void theAsyncLayerAnswersALaggedGetToo() throws Exception {
    SdkEventLoopGroup loop = SdkEventLoopGroup.builder().numberOfThreads(1).build();
    ChaosPlan plan = ChaosPlan.builder().listingLag(1).build();
    try (ChaosAsyncHttpClient async = ChaosAsyncHttpClient.wrap(
            NettyNioAsyncHttpClient.builder().eventLoopGroup(loop).build(), plan, SfnChaos.PROFILE);
        SfnAsyncClient client = SfnAsyncClient.builder().endpointOverride(server.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(async)
            .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build()) {
      String arn = client.startExecution(r -> r.stateMachineArn(MACHINE)).get(10, TimeUnit.SECONDS).executionArn();

      Throwable hidden = catchThrowable(() -> client.describeExecution(r -> r.executionArn(arn)).join());

      assertThat(hidden).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(client.describeExecution(r -> r.executionArn(arn)).get(10, TimeUnit.SECONDS).executionArn())
          .isEqualTo(arn);
      assertThat(plan.log().entries("DescribeExecution")).extracting(ChaosLog.Entry::answeredAsHidden)
          .containsExactly(true, false);
      assertThat(describesServed()).isEqualTo(1);
    } finally {
      loop.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void aListingLagInTimeCoversDescribeExecutionUntilItsTimeHasPassed() {
    VirtualScheduler time = new VirtualScheduler();
    ChaosPlan plan = ChaosPlan.builder().listingLag(SfnChaos.PROFILE, Duration.ofSeconds(1))
        .clock(time.clock()).build();
    sfn(plan);
    String arn = start();

    for (int read = 0; read < 3; read++) {
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
    }
    assertThat(listed()).isEmpty();
    time.advanceBy(Duration.ofSeconds(1));

    assertThat(describe(arn)).isEqualTo(arn);
    assertThat(listed()).containsExactly(arn);
    assertThat(plan.log().entries("DescribeExecution")).extracting(ChaosLog.Entry::answeredAsHidden)
        .containsExactly(true, true, true, false);
    assertThat(describesServed()).isEqualTo(1);
  }
}
