package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.stepfunctions.internal.SfnRules;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.RequestRecorder;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.sfn.SfnChaos;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The start's request timeout on the wire: the real SDK clients over the chaos layer in front of moto's
 * Step Functions, with an interceptor that records, for each request the SDK executes, its operation,
 * the API-call timeouts it carries and how it failed. Answers are slowed with the chaos layer's
 * {@link Fault#DELAY}, so the timeouts that end them are the SDK's own.
 */
class StepFunctionsRequestTimeoutMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private static final WorkflowTarget ORDERS = WorkflowTarget.of("sfn", "orders");
  private static final String ORDERS_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
  private static final List<String> START_OPERATIONS =
      List.of("ListStateMachines", "DescribeStateMachine", "DescribeExecution", "StartExecution");

  /** A launcher over chaos clients (blocking and async) with {@code plan} and {@code policy}. */
  private record Wire(SfnClient direct, SfnClient chaotic, SfnAsyncClient chaoticAsync, WorkflowLauncher launcher,
      RequestRecorder recorder) implements AutoCloseable {

    static Wire over(ChaosPlan plan, StartPolicy policy) {
      MOTO.reset();
      RequestRecorder recorder = new RequestRecorder();
      SfnClient direct = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      SfnClient chaotic = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS)
          .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SfnChaos.PROFILE))
          .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
      SfnAsyncClient chaoticAsync = SfnAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS)
          .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.create(), plan, SfnChaos.PROFILE))
          .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
      direct.createStateMachine(r -> r.name("orders").roleArn(StepFunctionsBackendMotoTest.ROLE)
          .definition(StepFunctionsBackendMotoTest.DEFINITION));
      WorkflowLauncher launcher = WorkflowLauncher.builder()
          .backend(StepFunctionsBackend.create(chaotic, chaoticAsync)).startPolicy(policy).build();
      return new Wire(direct, chaotic, chaoticAsync, launcher, recorder);
    }

    List<ExecutionListItem> executions() {
      return direct.listExecutionsPaginator(r -> r.stateMachineArn(ORDERS_ARN)).executions().stream().toList();
    }

    @Override
    public void close() {
      launcher.close();
      chaoticAsync.close();
      chaotic.close();
      direct.close();
    }
  }

  private static StartPolicy policy(Duration requestTimeout, Duration startTimeout) {
    return StartPolicy.DEFAULT.toBuilder().requestTimeout(requestTimeout).startTimeout(startTimeout).build()
        .withoutPauses();
  }

  @ParameterizedTest(name = "async={0}")
  @ValueSource(booleans = {false, true})
  void everyRequestOfAKeyedStartCarriesThePolicysRequestTimeoutAndAReadAfterItDoesNot(boolean async) {
    // The answer to StartExecution is lost and a new execution stays out of DescribeExecution for two
    // reads, so the start sends every request it can: the name's listing and the state machine's type,
    // the look before the start, the start, the settling reads and the type read again after the first
    // of them found nothing.
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    plan.script("StartExecution", Fault.DROP_RESPONSE);
    Duration seven = Duration.ofSeconds(7);
    try (Wire wire = Wire.over(plan, policy(seven, Duration.ofSeconds(60)))) {
      StartRunRequest request = StartRunRequest.builder(ORDERS).idempotencyKey("order-7").build();
      RunHandle handle = async ? wire.launcher().startAsync(request).join() : wire.launcher().start(request);
      List<RequestRecorder.Sent> start = wire.recorder().sent();
      wire.recorder().clear();
      if (async) {
        wire.launcher().getRunAsync(handle).join();
      } else {
        wire.launcher().getRun(handle);
      }
      List<RequestRecorder.Sent> read = wire.recorder().sent();

      assertThat(wire.executions()).singleElement()
          .satisfies(execution -> assertThat(handle).isEqualTo(SfnRules.handleOf("sfn", ORDERS, execution.executionArn())));
      assertThat(start).extracting(RequestRecorder.Sent::operation).containsExactly("ListStateMachines", "DescribeStateMachine",
          "DescribeExecution", "StartExecution", "DescribeExecution", "DescribeStateMachine", "DescribeExecution",
          "DescribeExecution");
      assertThat(start).allSatisfy(sent -> {
        assertThat(sent.apiCallTimeout()).as(sent.operation()).contains(seven);
        assertThat(sent.attemptTimeout()).as(sent.operation()).isEmpty();
      });
      assertThat(read).singleElement().satisfies(sent -> {
        assertThat(sent.operation()).isEqualTo("DescribeExecution");
        assertThat(sent.apiCallTimeout()).as("a read outside a start keeps the client's own timeouts").isEmpty();
        assertThat(sent.attemptTimeout()).isEmpty();
      });
    }
  }

  @Test
  void aStartExecutionSlowerThanTheRequestTimeoutIsGivenUpByTheSdkAndTheExecutionItStartedIsFound() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofSeconds(30)).build();
    plan.script("StartExecution", Fault.DELAY);
    try (Wire wire = Wire.over(plan, policy(Duration.ofSeconds(1), Duration.ofSeconds(60)))) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(ORDERS).idempotencyKey("slow").build());

      assertThat(wire.executions()).singleElement()
          .satisfies(execution -> assertThat(handle).isEqualTo(SfnRules.handleOf("sfn", ORDERS, execution.executionArn())));
      assertThat(wire.recorder().sent()).filteredOn(sent -> sent.operation().equals("StartExecution"))
          .singleElement()
          .satisfies(sent -> assertThat(sent.failure()).isInstanceOf(ApiCallTimeoutException.class));
      assertThat(plan.log().count("StartExecution")).as("not sent again").isEqualTo(1);
    }
  }

  @Test
  void aStartWhoseAnswerAndLookUpsOutlastTheRequestTimeoutFailsAsTheSdksTimeoutWithItsOutcomeUnknown() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofSeconds(30))
        .fault("DescribeExecution", Fault.DELAY, 1.0).build();
    plan.script("StartExecution", Fault.DELAY);
    Duration startTimeout = Duration.ofSeconds(3);
    try (Wire wire = Wire.over(plan, policy(Duration.ofSeconds(1), startTimeout))) {
      long began = System.nanoTime();

      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(ORDERS).parameter("day", "1").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).as("the service received the start").isTrue();
            assertThat(e.retryable()).isTrue();
            assertThat(e.getCause()).isInstanceOf(ApiCallTimeoutException.class);
          });

      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(took).as("ended by the start's deadline, not by the 30 s answers").isLessThan(startTimeout.plusSeconds(5));
      assertThat(wire.executions()).as("the run the outcome flag says may exist").hasSize(1);
      assertThat(plan.log().count("StartExecution")).isEqualTo(1);
      assertThat(wire.recorder().sent()).filteredOn(sent -> sent.operation().equals("DescribeExecution"))
          .isNotEmpty()
          .allSatisfy(sent -> assertThat(sent.failure()).isInstanceOf(ApiCallTimeoutException.class));
    }
  }

  @Test
  void aLookUpBeforeTheStartThatOutlastsTheRequestTimeoutSendsNoStartAndSaysSo() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofSeconds(30))
        .fault("DescribeExecution", Fault.DELAY, 1.0).build();
    Duration startTimeout = Duration.ofSeconds(3);
    try (Wire wire = Wire.over(plan, policy(Duration.ofSeconds(1), startTimeout))) {
      long began = System.nanoTime();

      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(ORDERS).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).as("no start was sent").isFalse();
            assertThat(e.getCause()).isInstanceOf(ApiCallTimeoutException.class);
          });

      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(took).isLessThan(startTimeout.plusSeconds(5));
      assertThat(plan.log().count("StartExecution")).isZero();
      assertThat(wire.executions()).isEmpty();
    }
  }
}
