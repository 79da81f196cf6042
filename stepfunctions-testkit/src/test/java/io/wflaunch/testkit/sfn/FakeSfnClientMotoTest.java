package io.wflaunch.testkit.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosLog;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/**
 * The fake against a real peer: the same calls to moto's Step Functions, through a real SfnClient, and to
 * {@link FakeSfnClient} give the same answers where moto models the service; and the chaos layer's
 * Step Functions profile over moto. Skipped where {@code moto_server} is not installed.
 */
class FakeSfnClientMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final String ROLE = "arn:aws:iam::123456789012:role/r";
  private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  @BeforeEach
  void reset() {
    MOTO.reset();
  }

  private static SfnClient moto(SdkHttpClient http) {
    return SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(http).overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  /** What a call answered: its value, or the exception's type and error code. */
  private static String outcome(Supplier<Object> call) {
    try {
      return String.valueOf(call.get());
    } catch (AwsServiceException e) {
      return e.getClass().getSimpleName() + " " + e.awsErrorDetails().errorCode() + " " + e.statusCode();
    }
  }

  /** One scenario of calls, written down as a transcript of what each answered. */
  private static List<String> transcript(SfnClient sfn) {
    List<String> out = new ArrayList<>();
    String m = sfn.createStateMachine(r -> r.name("orders").definition(PASS).roleArn(ROLE)).stateMachineArn();
    String e1 = m.replace(":stateMachine:", ":execution:") + ":e1";
    out.add(m);
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("e1").input("{\"a\":1}")).executionArn()));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("e1").input("{\"a\":1}")).executionArn()));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("e1").input("{\"a\":2}"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m + "-missing"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn("not-an-arn"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("bad name"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("bad:name"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("n".repeat(81)))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).input("not json"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).input("{} {}"))));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("e2")).executionArn()));
    DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(e1));
    out.add(List.of(described.name(), described.status(), described.input(), described.stateMachineArn()).toString());
    out.add(outcome(() -> sfn.describeExecution(r -> r.executionArn(e1 + "-missing"))));
    out.add(outcome(() -> sfn.describeExecution(r -> r.executionArn("not-an-arn"))));
    out.add(outcome(() -> sfn.stopExecution(r -> r.executionArn(e1).error("E").cause("C")).stopDate() != null));
    out.add(outcome(() -> sfn.describeExecution(r -> r.executionArn(e1)).status()));
    out.add(outcome(() -> sfn.startExecution(r -> r.stateMachineArn(m).name("e1").input("{\"a\":1}"))));
    out.add(outcome(() -> sfn.stopExecution(r -> r.executionArn(e1 + "-missing"))));
    out.add(outcome(() -> names(sfn.listExecutions(r -> r.stateMachineArn(m)))));
    out.add(outcome(() -> names(sfn.listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.ABORTED)))));
    ListExecutionsResponse first = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1));
    ListExecutionsResponse second = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1)
        .nextToken(first.nextToken()));
    out.add(names(first) + " " + (first.nextToken() != null) + " " + names(second) + " " + (second.nextToken() != null));
    out.add(outcome(() -> sfn.listExecutions(r -> r.stateMachineArn(m + "-missing"))));
    DescribeStateMachineResponse machine = sfn.describeStateMachine(r -> r.stateMachineArn(m));
    out.add(List.of(machine.name(), machine.typeAsString(), machine.statusAsString(), machine.roleArn()).toString());
    out.add(outcome(() -> sfn.describeStateMachine(r -> r.stateMachineArn(m + "-missing"))));
    out.add(sfn.listStateMachines(r -> { }).stateMachines().stream().map(StateMachineListItem::name).toList().toString());
    return out;
  }

  private static List<String> names(ListExecutionsResponse page) {
    return page.executions().stream().map(ExecutionListItem::name).toList();
  }

  @Test
  void theFakeAnswersAsMotoDoesWhereMotoModelsTheService() {
    List<String> moto;
    try (SfnClient sfn = moto(UrlConnectionHttpClient.create())) {
      moto = transcript(sfn);
    }
    List<String> fake = transcript(FakeSfnClient.create(new VirtualScheduler().clock()));

    assertThat(fake).containsExactlyElementsOf(moto);
    assertThat(fake.get(3)).startsWith("ExecutionAlreadyExistsException ExecutionAlreadyExists 400");
  }

  @Test
  void theChaosProfileFindsMotosExecutionsAndLagsItsDescribe() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    try (SfnClient sfn = moto(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan,
        SfnChaos.PROFILE))) {
      String m = sfn.createStateMachine(r -> r.name("lagged").definition(PASS).roleArn(ROLE)).stateMachineArn();
      String arn = sfn.startExecution(r -> r.stateMachineArn(m).name("x")).executionArn();

      assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(arn)))
          .isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m)).executions()).isEmpty();
      assertThat(sfn.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m)).executions()).extracting(ExecutionListItem::executionArn)
          .containsExactly(arn);
      assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(arn + "-other")))
          .as("moto's own answer for a run it lacks").isInstanceOf(ExecutionDoesNotExistException.class);
    }
    assertThat(plan.log().createdRunIds()).singleElement().asString().endsWith(":execution:lagged:x");
    assertThat(plan.log().entries("DescribeExecution")).extracting(ChaosLog.Entry::answeredAsHidden)
        .containsExactly(true, false, false);
    assertThat(plan.log().forwardedCount("DescribeExecution")).isEqualTo(2);
  }
}
