package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code wflaunch backends}: the installed types, from their providers. */
class BackendsCommandTest {

  private final CliHarness cli = new CliHarness();

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void theJsonListsEveryInstalledTypeWithItsFormsAndStartOptions() throws Exception {
    CliHarness.Result result = cli.run("backends", "--json");

    assertThat(result.exit()).isZero();
    JsonNode types = new ObjectMapper().readTree(result.out());
    List<String> names = new ArrayList<>();
    types.forEach(type -> names.add(type.get("type").asText()));
    assertThat(names).containsExactly(SEVEN_TYPES.toArray(String[]::new));
    JsonNode swf = types.get(6);
    assertThat(swf.get("target").asText()).isEqualTo("swf:<domain>/<workflowTypeName>/<workflowTypeVersion>");
    assertThat(swf.get("handle").asText()).isEqualTo("swf:<domain>/<workflowId>/<runId>");
    assertThat(swf.get("fake").asBoolean()).isTrue();
    List<String> options = new ArrayList<>();
    swf.get("startOptions").forEach(option -> options.add(option.asText()));
    assertThat(options).contains("workflowId", "taskList", "tags");
    assertThat(types.get(2).get("startOptions")).isEmpty();
    assertThat(types.get(2).get("options").toString()).contains("look-back");
  }

  /** The installed types: the four first engines, Glue jobs, SageMaker Pipelines and EMR Serverless. */
  static final List<String> SEVEN_TYPES = List.of("codecatalyst", "emrserverless", "glue", "gluejob", "sagemaker",
      "sfn", "swf");

  @Test
  void theSevenTypesAreListedEachWithAFakeInTextAndJson() throws Exception {
    CliHarness.Result text = cli.run("backends");
    JsonNode json = new ObjectMapper().readTree(cli.run("backends", "--json").out());

    assertThat(text.exit()).isZero();
    assertThat(text.out().lines().filter(line -> !line.startsWith(" ")).map(line -> line.split(" ")[0]))
        .containsExactlyElementsOf(SEVEN_TYPES);
    assertThat(json).hasSize(7).allSatisfy(type -> assertThat(type.get("fake").asBoolean()).isTrue());
    assertThat(json).allSatisfy(type -> assertThat(type.get("target").asText()).startsWith(type.get("type").asText()
        + ":<"));
  }

  @Test
  void theTextNamesEachTypeItsTargetAndItsOptions() {
    CliHarness.Result result = cli.run("backends");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("glue").contains("target glue:<workflowName>")
        .contains("--option executionName, traceHeader").contains("options idempotency-property, look-back")
        .contains("fake   yes");
  }
}
