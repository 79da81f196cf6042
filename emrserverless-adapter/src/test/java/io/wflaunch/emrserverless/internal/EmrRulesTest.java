package io.wflaunch.emrserverless.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.emrserverless.EmrServerlessOptions;
import io.wflaunch.emrserverless.EmrServerlessOptions.Classification;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

class EmrRulesTest {

  private static final WorkflowTarget APP = WorkflowTarget.of("emrserverless", "00fk2c3app");
  private static final String ROLE = "arn:aws:iam::123456789012:role/emr-job";
  private static final EmrServerlessOptions DEFAULTS = EmrServerlessOptions.builder().executionRoleArn(ROLE)
      .sparkSubmit("s3://bucket/main.py").build();

  private static EmrServerlessOptions check(StartRunRequest request) {
    return EmrRules.checkRequest(request, DEFAULTS, "emrserverless");
  }

  private static StartRunRequest with(UnaryOperator<EmrServerlessOptions.Builder> options) {
    return StartRunRequest.builder(APP).options(options.apply(EmrServerlessOptions.builder()).build()).build();
  }

  static Stream<Arguments> refused() {
    String big = "x".repeat(257);
    return Stream.of(
        Arguments.of(with(o -> o.executionRoleArn("arn:aws:iam::123456789012:user/me")), "options.executionRoleArn"),
        Arguments.of(with(o -> o.executionRoleArn("role/emr")), "options.executionRoleArn"),
        Arguments.of(with(o -> o.sparkSubmit(" ")), "options.sparkSubmit.entryPoint"),
        Arguments.of(with(o -> o.sparkSubmit(big)), "options.sparkSubmit.entryPoint"),
        Arguments.of(with(o -> o.sparkSubmit("s3://b/m.py", "ok", "  ")), "options.sparkSubmit.entryPointArguments"),
        Arguments.of(with(o -> o.sparkSubmit("s3://b/m.py").hive(EmrServerlessOptions.Hive.of("SELECT 1"))),
            "options.jobDriver"),
        Arguments.of(with(o -> o.hive(EmrServerlessOptions.Hive.of(""))), "options.hive.query"),
        Arguments.of(with(o -> o.hive(new EmrServerlessOptions.Hive("SELECT 1", java.util.Optional.of(big),
            java.util.Optional.empty()))), "options.hive.initQueryFile"),
        Arguments.of(with(o -> o.name("")), "options.name"),
        Arguments.of(with(o -> o.name("n".repeat(257))), "options.name"),
        Arguments.of(with(o -> o.tag("bad,key", "v")), "options.tags"),
        Arguments.of(with(o -> o.tag("k", "bad,value")), "options.tags.k"),
        Arguments.of(with(o -> o.tag("k".repeat(129), "v")), "options.tags"),
        Arguments.of(with(o -> o.executionTimeoutMinutes(-1L)), "options.executionTimeoutMinutes"),
        Arguments.of(with(o -> o.executionTimeoutMinutes(1_000_001L)), "options.executionTimeoutMinutes"),
        Arguments.of(with(o -> o.classification(Classification.of(" ", Map.of()))),
            "options.applicationConfiguration.classification"),
        Arguments.of(with(o -> o.classification(Classification.of("spark-defaults", Map.of("k", "v".repeat(1025))))),
            "options.applicationConfiguration.properties.k"),
        Arguments.of(with(o -> o.s3LogUri("http://logs")), "options.s3LogUri"),
        Arguments.of(with(o -> o.cloudWatchLogGroup("bad group")), "options.cloudWatchLogGroup"),
        Arguments.of(StartRunRequest.builder(APP).input("{}").build(), "input"),
        Arguments.of(StartRunRequest.builder(APP).parameter("--x", "1").build(), "parameters"),
        Arguments.of(StartRunRequest.builder(APP).parameter("x", " ").build(), "parameters.x"),
        Arguments.of(with(o -> o.hive(EmrServerlessOptions.Hive.of("SELECT ${x}"))).toBuilder().parameter("x", "a b")
            .build(), "parameters.x"),
        Arguments.of(with(o -> o.hive(EmrServerlessOptions.Hive.of("SELECT ${x}"))).toBuilder()
            .parameter("x", "a".repeat(EmrRules.MAX_ARGUMENT + 1)).build(), "parameters.x"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refused")
  void eachRuleOfTheModelIsCheckedNamingTheField(StartRunRequest request, String field) {
    assertThatThrownBy(() -> check(request)).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void refusedValuesThatMayBeSecretsAreToldByLengthNeverRepeated() {
    String secret = "hunter2 password";
    List<StartRunRequest> requests = List.of(
        with(o -> o.hive(EmrServerlessOptions.Hive.of("SELECT ${x}"))).toBuilder().parameter("x", secret).build(),
        StartRunRequest.builder(APP).parameter("x", secret + "x".repeat(EmrRules.MAX_ARGUMENT)).build(),
        with(o -> o.sparkSubmit(secret + "x".repeat(300))),
        with(o -> o.sparkSubmit("s3://b/m.py", secret + "x".repeat(EmrRules.MAX_ARGUMENT))),
        with(o -> o.sparkSubmit(new EmrServerlessOptions.SparkSubmit("s3://b/m.py", List.of(),
            java.util.Optional.of(secret + "x".repeat(EmrRules.MAX_SUBMIT_PARAMETERS))))),
        with(o -> o.hive(EmrServerlessOptions.Hive.of(secret + "x".repeat(EmrRules.MAX_QUERY)))));
    for (StartRunRequest request : requests) {
      assertThatThrownBy(() -> check(request)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
        assertThat(e.getMessage()).doesNotContain("hunter2").contains("character");
      });
    }
  }

  @Test
  void theRoleAndAJobDriverAreRequiredFromTheRequestOrTheDefaults() {
    assertThatThrownBy(() -> EmrRules.checkRequest(StartRunRequest.builder(APP).build(), EmrServerlessOptions.NONE,
        "emrserverless")).isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("options.executionRoleArn"));
    assertThatThrownBy(() -> EmrRules.checkRequest(StartRunRequest.builder(APP).build(),
        EmrServerlessOptions.builder().executionRoleArn(ROLE).build(), "emrserverless"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("options.jobDriver");
          assertThat(e.getMessage()).contains("required");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"00fk2c3app", "a", "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqr"})
  void applicationAndRunIdsAreLowerCaseLettersAndDigits(String id) {
    assertThat(EmrRules.checkTarget(WorkflowTarget.of("emrserverless", id))).isNotNull();
    assertThat(EmrRules.checkHandle(RunHandle.of("emrserverless", id, id))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Upper1", "with-dash", "01234567890123456789012345678901234567890123456789012345678901234"})
  void otherIdsAreRefused(String id) {
    assertThatThrownBy(() -> EmrRules.checkTarget(WorkflowTarget.of("emrserverless", id)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("applicationId"));
    assertThatThrownBy(() -> EmrRules.checkHandle(RunHandle.of("emrserverless", "00app", id)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("jobRunId"));
  }

  @Test
  void aKeyThatIsAValidTokenIsTheTokenAndAnyOtherIsHashedIntoOne() {
    assertThat(EmrRules.clientTokenFor("nightly-etl.2024_06")).isEqualTo("nightly-etl.2024_06");
    String hashed = EmrRules.clientTokenFor("order 4711/retry");
    assertThat(hashed).startsWith("wfl-").hasSize(64).matches(EmrRules.TOKEN);
    assertThat(EmrRules.clientTokenFor("order 4711/retry")).isEqualTo(hashed);
    assertThat(EmrRules.clientTokenFor("order 4711/retrx")).isNotEqualTo(hashed);
    assertThat(EmrRules.clientTokenFor("k".repeat(65))).startsWith("wfl-").hasSize(64);
  }

  @Test
  void theRequestCarriesTheOptionsOverTheDefaultsAndTheParametersAfterTheArguments() {
    StartRunRequest request = StartRunRequest.builder(APP).parameter("date", "2024-06-01")
        .options(EmrServerlessOptions.builder()
            .sparkSubmit(new EmrServerlessOptions.SparkSubmit("s3://b/etl.py", java.util.List.of("--mode", "full"),
                java.util.Optional.of("--conf spark.executor.cores=2")))
            .classification(new Classification("spark-defaults", Map.of("spark.dynamicAllocation.enabled", "false"),
                java.util.List.of()))
            .s3LogUri("s3://b/logs/").cloudWatchLogGroup("/emr/jobs").name("nightly").tag("team", "data")
            .executionTimeoutMinutes(90L).build())
        .build();

    StartJobRunRequest sent = EmrRules.startRequest(APP.part(0), request, check(request), "tok-1");

    assertThat(sent.applicationId()).isEqualTo("00fk2c3app");
    assertThat(sent.clientToken()).isEqualTo("tok-1");
    assertThat(sent.executionRoleArn()).isEqualTo(ROLE);
    assertThat(sent.jobDriver().sparkSubmit().entryPoint()).isEqualTo("s3://b/etl.py");
    assertThat(sent.jobDriver().sparkSubmit().entryPointArguments()).containsExactly("--mode", "full", "--date",
        "2024-06-01");
    assertThat(sent.jobDriver().sparkSubmit().sparkSubmitParameters()).isEqualTo("--conf spark.executor.cores=2");
    assertThat(sent.configurationOverrides().applicationConfiguration()).singleElement()
        .satisfies(c -> assertThat(c.properties()).containsEntry("spark.dynamicAllocation.enabled", "false"));
    assertThat(sent.configurationOverrides().monitoringConfiguration().s3MonitoringConfiguration().logUri())
        .isEqualTo("s3://b/logs/");
    assertThat(sent.configurationOverrides().monitoringConfiguration().cloudWatchLoggingConfiguration().logGroupName())
        .isEqualTo("/emr/jobs");
    assertThat(sent.name()).isEqualTo("nightly");
    assertThat(sent.tags()).containsExactly(Map.entry("team", "data"));
    assertThat(sent.executionTimeoutMinutes()).isEqualTo(90L);
  }

  @Test
  void aHiveJobTakesTheParametersAsHiveVariables() {
    StartRunRequest request = StartRunRequest.builder(APP).parameter("day", "2024-06-01")
        .options(EmrServerlessOptions.builder().hive(new EmrServerlessOptions.Hive("s3://b/q.sql",
            java.util.Optional.of("s3://b/init.sql"), java.util.Optional.of("--hiveconf a=b"))).build())
        .build();

    StartJobRunRequest sent = EmrRules.startRequest(APP.part(0), request, check(request), "tok-1");

    assertThat(sent.jobDriver().sparkSubmit()).as("a job driver set in the request replaces the default's").isNull();
    assertThat(sent.jobDriver().hive().query()).isEqualTo("s3://b/q.sql");
    assertThat(sent.jobDriver().hive().initQueryFile()).isEqualTo("s3://b/init.sql");
    assertThat(sent.jobDriver().hive().parameters()).isEqualTo("--hiveconf a=b --hivevar day=2024-06-01");
    assertThat(sent.configurationOverrides()).isNull();
  }
}
