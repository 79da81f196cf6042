package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.RequestRecorder;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.swf.SwfChaos;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * The start's request timeout on the wire: the real SDK clients over the chaos layer in front of moto's
 * SWF, with an interceptor that records, for each request the SDK executes, its operation, the API-call
 * timeouts it carries and how it failed. Answers are slowed with the chaos layer's {@link Fault#DELAY},
 * so the timeouts that end them are the SDK's own.
 */
class SwfRequestTimeoutMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private static final WorkflowTarget SETTLE = WorkflowTarget.of("swf", "payments", "Settle", "1");

  /** A launcher over chaos clients (blocking and async) with {@code plan} and {@code policy}. */
  private record Wire(SwfClient direct, SwfClient chaotic, SwfAsyncClient chaoticAsync, WorkflowLauncher launcher,
      RequestRecorder recorder) implements AutoCloseable {

    static Wire over(ChaosPlan plan, StartPolicy policy) {
      MOTO.reset();
      RequestRecorder recorder = new RequestRecorder();
      SwfClient direct = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      SwfClient chaotic = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS)
          .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, SwfChaos.PROFILE))
          .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
      SwfAsyncClient chaoticAsync = SwfAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(CREDENTIALS)
          .httpClient(ChaosAsyncHttpClient.wrap(NettyNioAsyncHttpClient.create(), plan, SwfChaos.PROFILE))
          .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
      direct.registerDomain(r -> r.name("payments").workflowExecutionRetentionPeriodInDays("1"));
      direct.registerWorkflowType(r -> r.domain("payments").name("Settle").version("1")
          .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("600")
          .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
      WorkflowLauncher launcher = WorkflowLauncher.builder()
          .backend(SwfBackend.create(chaotic, chaoticAsync)).startPolicy(policy).build();
      return new Wire(direct, chaotic, chaoticAsync, launcher, recorder);
    }

    /** Every execution of the domain, open or closed. */
    List<WorkflowExecutionInfo> executions() {
      List<WorkflowExecutionInfo> all = new java.util.ArrayList<>(direct.listOpenWorkflowExecutions(r -> r
          .domain("payments").startTimeFilter(f -> f.oldestDate(Instant.EPOCH))).executionInfos());
      all.addAll(direct.listClosedWorkflowExecutions(r -> r.domain("payments")
          .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))).executionInfos());
      return all;
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
    // The answer to StartWorkflowExecution is lost, so the start sends every kind of request it has: the
    // look before the start (open, then closed executions), the start, and the look that settles it.
    ChaosPlan plan = ChaosPlan.builder().build();
    plan.script("StartWorkflowExecution", Fault.DROP_RESPONSE);
    Duration seven = Duration.ofSeconds(7);
    try (Wire wire = Wire.over(plan, policy(seven, Duration.ofSeconds(60)))) {
      StartRunRequest request = StartRunRequest.builder(SETTLE).idempotencyKey("settle-7").build();
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
          .satisfies(execution -> assertThat(execution.execution().runId()).isEqualTo(handle.runId()));
      assertThat(start).extracting(RequestRecorder.Sent::operation).containsExactly("ListOpenWorkflowExecutions",
          "ListClosedWorkflowExecutions", "StartWorkflowExecution", "ListOpenWorkflowExecutions");
      assertThat(start).allSatisfy(sent -> {
        assertThat(sent.apiCallTimeout()).as(sent.operation()).contains(seven);
        assertThat(sent.attemptTimeout()).as(sent.operation()).isEmpty();
      });
      assertThat(read).singleElement().satisfies(sent -> {
        assertThat(sent.operation()).isEqualTo("DescribeWorkflowExecution");
        assertThat(sent.apiCallTimeout()).as("a read outside a start keeps the client's own timeouts").isEmpty();
        assertThat(sent.attemptTimeout()).isEmpty();
      });
    }
  }

  @Test
  void aStartWorkflowExecutionSlowerThanTheRequestTimeoutIsGivenUpByTheSdkAndTheExecutionItStartedIsFound() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofSeconds(30)).build();
    plan.script("StartWorkflowExecution", Fault.DELAY);
    try (Wire wire = Wire.over(plan, policy(Duration.ofSeconds(1), Duration.ofSeconds(60)))) {
      RunHandle handle = wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("slow").build());

      assertThat(wire.executions()).singleElement()
          .satisfies(execution -> assertThat(execution.execution().runId()).isEqualTo(handle.runId()));
      assertThat(wire.recorder().sent()).filteredOn(sent -> sent.operation().equals("StartWorkflowExecution"))
          .singleElement()
          .satisfies(sent -> assertThat(sent.failure()).isInstanceOf(ApiCallTimeoutException.class));
      assertThat(plan.log().count("StartWorkflowExecution")).as("not sent again").isEqualTo(1);
    }
  }

  @Test
  void aLookUpBeforeTheStartThatOutlastsTheRequestTimeoutSendsNoStartAndEndsByTheDeadline() {
    ChaosPlan plan = ChaosPlan.builder().delay(Duration.ofSeconds(30))
        .fault("ListOpenWorkflowExecutions", Fault.DELAY, 1.0).build();
    Duration startTimeout = Duration.ofSeconds(3);
    try (Wire wire = Wire.over(plan, policy(Duration.ofSeconds(1), startTimeout))) {
      long began = System.nanoTime();

      assertThatThrownBy(() -> wire.launcher().start(StartRunRequest.builder(SETTLE).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).as("no start was sent").isFalse();
            assertThat(e.getCause()).isInstanceOf(ApiCallTimeoutException.class);
          });

      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(took).as("ended by the start's deadline, not by the 30 s answers").isLessThan(startTimeout.plusSeconds(5));
      assertThat(plan.log().count("StartWorkflowExecution")).isZero();
      assertThat(wire.recorder().sent()).filteredOn(sent -> sent.operation().equals("ListOpenWorkflowExecutions"))
          .isNotEmpty()
          .allSatisfy(sent -> assertThat(sent.failure()).isInstanceOf(ApiCallTimeoutException.class));
      assertThat(wire.executions()).isEmpty();
    }
  }
}
