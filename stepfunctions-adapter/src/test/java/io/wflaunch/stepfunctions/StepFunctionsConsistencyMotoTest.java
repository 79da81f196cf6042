package io.wflaunch.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.testkit.chaos.ChaosAsyncHttpClient;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosLog;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.moto.MotoServerExtension;
import io.wflaunch.testkit.sfn.SfnChaos;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Reads of executions Step Functions does not show yet, on the wire: the real SDK over the testkit's
 * chaos layer in front of moto. moto answers consistently, so the layer's listing lag with the Step
 * Functions profile plays the service's eventual consistency (a new execution hidden from
 * DescribeExecution and ListExecutions for a number of reads), and its log shows which requests each
 * operation sent, in order.
 */
class StepFunctionsConsistencyMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private SdkHttpClient http;
  private SdkAsyncHttpClient asyncHttp;
  private SfnClient sfn;
  private SfnAsyncClient asyncSfn;
  private WorkflowLauncher launcher;
  private ChaosPlan plan;
  private String ordersArn;
  private long mark;

  /** A fresh moto with state machine {@code orders}, and a launcher whose requests meet {@code plan}. */
  private void over(ChaosPlan plan) {
    MOTO.reset();
    this.plan = plan;
    http = UrlConnectionHttpClient.create();
    asyncHttp = NettyNioAsyncHttpClient.create();
    sfn = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(ChaosHttpClient.wrap(http, plan, SfnChaos.PROFILE)).build();
    asyncSfn = SfnAsyncClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(ChaosAsyncHttpClient.wrap(asyncHttp, plan, SfnChaos.PROFILE)).build();
    launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(sfn, asyncSfn)).build();
    ordersArn = sfn.createStateMachine(r -> r.name("orders").roleArn(StepFunctionsBackendMotoTest.ROLE)
        .definition(StepFunctionsBackendMotoTest.DEFINITION)).stateMachineArn();
  }

  @AfterEach
  void tearDown() {
    if (launcher != null) {
      launcher.close();
      sfn.close();
      asyncSfn.close();
      http.close();
      asyncHttp.close();
    }
  }

  /** Starts an execution with a plain SDK call through the chaos layer, which then lags it. */
  private RunHandle startDirectly() {
    return RunHandle.of("sfn", sfn.startExecution(r -> r.stateMachineArn(ordersArn)).executionArn());
  }

  /** From now on, {@link #sent()} lists the requests sent. */
  private void mark() {
    mark = plan.log().size();
  }

  private List<ChaosLog.Entry> sent() {
    return plan.log().entries().stream().filter(entry -> entry.sequence() > mark).toList();
  }

  private List<String> operations() {
    return sent().stream().map(ChaosLog.Entry::operation).toList();
  }

  @Test
  void anExecutionThatDoesNotExistIsDescribedThenLookedForInItsListingThenNotFound() {
    over(ChaosPlan.none());
    RunHandle missing = RunHandle.of("sfn", ordersArn.replace(":stateMachine:", ":execution:") + ":never");

    mark();
    assertThatThrownBy(() -> launcher.getRun(missing)).isInstanceOf(RunNotFoundException.class)
        .hasMessageContaining("ExecutionDoesNotExist");
    assertThat(operations()).containsExactly("DescribeExecution", "ListExecutions");
    assertThat(sent().get(1).requestBody()).contains(ordersArn).doesNotContain("statusFilter");

    mark();
    assertThatThrownBy(() -> launcher.stop(missing)).isInstanceOf(RunNotFoundException.class);
    assertThat(operations()).containsExactly("StopExecution", "ListExecutions");

    mark();
    assertThatThrownBy(() -> launcher.getRunAsync(missing).join()).hasCauseInstanceOf(RunNotFoundException.class);
    assertThat(operations()).containsExactly("DescribeExecution", "ListExecutions");
  }

  @Test
  void anExecutionDescribeExecutionDoesNotShowYetIsReadFromTheListing() {
    over(ChaosPlan.builder().listingLag(1).build());
    RunHandle handle = startDirectly();

    mark();
    RunStatus status = launcher.getRun(handle);

    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.detail(ExecutionListItem.class)).isPresent();
    assertThat(operations()).containsExactly("DescribeExecution", "ListExecutions");
    assertThat(sent().get(0).answeredAsHidden()).as("DescribeExecution did not show it").isTrue();

    mark();
    assertThat(launcher.getRun(handle).detail(DescribeExecutionResponse.class)).isPresent();
    assertThat(operations()).containsExactly("DescribeExecution");
  }

  @Test
  void theAsyncClientReadsTheListingTooWhenDescribeExecutionDoesNotShowAnExecutionYet() {
    over(ChaosPlan.builder().listingLag(1).build());
    RunHandle handle = startDirectly();

    mark();
    RunStatus status = launcher.getRunAsync(handle).join();

    assertThat(status.state()).isEqualTo(RunState.RUNNING);
    assertThat(status.detail(ExecutionListItem.class)).isPresent();
    assertThat(operations()).containsExactly("DescribeExecution", "ListExecutions");
  }

  @Test
  void anExecutionNeitherReadShowsYetIsNotFoundUntilOneDoes() {
    over(ChaosPlan.builder().listingLag(2).build());
    RunHandle handle = startDirectly();

    mark();
    assertThatThrownBy(() -> launcher.getRun(handle)).isInstanceOf(RunNotFoundException.class);
    assertThat(sent()).extracting(ChaosLog.Entry::operation).containsExactly("DescribeExecution", "ListExecutions");
    assertThat(sent().get(1).hiddenRunIds()).containsExactly(handle.part(0));

    mark();
    assertThat(launcher.getRun(handle).state()).isEqualTo(RunState.RUNNING);
    assertThat(operations()).containsExactly("DescribeExecution");
  }
}
