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
    assertThat(names).containsExactly("codecatalyst", "glue", "sfn", "swf");
    JsonNode swf = types.get(3);
    assertThat(swf.get("target").asText()).isEqualTo("swf:<domain>/<workflowTypeName>/<workflowTypeVersion>");
    assertThat(swf.get("handle").asText()).isEqualTo("swf:<domain>/<workflowId>/<runId>");
    assertThat(swf.get("fake").asBoolean()).isTrue();
    List<String> options = new ArrayList<>();
    swf.get("startOptions").forEach(option -> options.add(option.asText()));
    assertThat(options).contains("workflowId", "taskList", "tags");
    assertThat(types.get(1).get("startOptions")).isEmpty();
    assertThat(types.get(1).get("options").toString()).contains("look-back");
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
