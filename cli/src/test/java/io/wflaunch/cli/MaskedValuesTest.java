package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The values of masked details (run properties here; failure causes and inputs where adapters mask
 * them) show in no output of {@code status}, {@code list} or {@code wait}, nor in their progress lines,
 * unless {@code --show-values} asks for them: not even where the service's error message repeats one.
 */
class MaskedValuesTest {

  static final String SECRET = "sk_live_7Hq2SECRETxZ9";

  private final CliHarness cli = new CliHarness();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void noFormOfStatusListOrWaitShowsAMaskedValueEvenWhereTheServiceRepeatsIt() throws Exception {
    cli.glue().addWorkflow("etl", GlueRunScript.errorsAfter(Duration.ofSeconds(30),
        "job j1 failed: password " + SECRET + " was refused"));
    String first = start();
    String second = start();
    List<CliHarness.Result> results = new ArrayList<>();
    for (String output : List.of("text", "table", "json")) {
      results.add(cli.run("--output", output, "status", first));
      results.add(cli.run("--output", output, "list", "glue:etl"));
    }
    for (String output : List.of("text", "table", "json")) {
      results.add(cli.run("--output", output, "wait", first));
      results.add(cli.run("--output", output, "wait", first, second));
      results.add(cli.run("--output", output, "status", first));
      results.add(cli.run("--output", output, "list", "glue:etl"));
      results.add(cli.run("--output", output, "start", "glue:etl", "-p", "dbPassword=" + SECRET, "--wait"));
    }
    results.add(live("wait", first));
    results.add(live("wait", first, second));

    for (CliHarness.Result result : results) {
      assertThat(result.out() + result.err()).doesNotContain(SECRET);
    }
    assertThat(results.get(results.size() - 3).exit()).as("the runs failed").isEqualTo(ExitCodes.RUN_NOT_SUCCESSFUL);
    assertThat(cli.run("status", first).out()).contains("reasons: job j1 failed: password **** was refused");
    JsonNode masked = json.readTree(cli.run("status", first, "--json").out());
    assertThat(masked.get("details").get("runProperties.dbPassword").asText()).isEqualTo(RunStatus.MASK);
    assertThat(masked.get("reasons").get(0).asText()).isEqualTo("job j1 failed: password **** was refused");
    JsonNode shown = json.readTree(cli.run("status", first, "--json", "--show-values").out());
    assertThat(shown.get("details").get("runProperties.dbPassword").asText()).as("the value is there to hide")
        .isEqualTo(SECRET);
    assertThat(shown.get("reasons").get(0).asText()).contains(SECRET);
    assertThat(shown.toString()).contains("\"errorMessage\":\"job j1 failed: password " + SECRET);
  }

  @Test
  void reasonsAndOtherDetailsLoseEveryMaskedValueOfFourCharactersOrMore() {
    RunStatus status = RunStatus.builder(RunHandle.parse("glue:etl/wr_1"), RunState.FAILED, "ERROR\u001b[2J")
        .reason("input {\"pin\":\"4711\",\"key\":\"" + SECRET + "\"} refused with 42")
        .detail("cause", "the key " + SECRET + " and pin 4711 and 42")
        .maskedDetail("input", "{\"pin\":\"4711\",\"key\":\"" + SECRET + "\"}")
        .maskedDetail("key", SECRET).maskedDetail("pin", "4711").maskedDetail("retries", "42").build();

    assertThat(StatusOutput.reasons(status, false)).containsExactly("input **** refused with 42");
    assertThat(StatusOutput.details(status, false)).containsExactly(Map.entry("cause", "the key **** and pin **** and 42"),
        Map.entry("input", "****"), Map.entry("key", "****"), Map.entry("pin", "****"), Map.entry("retries", "****"));
    assertThat(StatusOutput.reasons(status, true)).isEqualTo(status.reasons());
    assertThat(StatusOutput.details(status, true)).isEqualTo(status.details());
    assertThat(StatusOutput.line(status)).contains("FAILED (ERROR\\u001B[2J)").doesNotContain("\u001b")
        .doesNotContain(SECRET);
    assertThat(StatusOutput.table(List.of(status))).contains("ERROR\\u001B[2J").doesNotContain(SECRET);
    assertThat(StatusOutput.json(status, false)).doesNotContain(SECRET).doesNotContain("4711");
  }

  private String start() {
    CliHarness.Result started = cli.run("start", "glue:etl", "-p", "dbPassword=" + SECRET);
    assertThat(started.exit()).as(started.err()).isZero();
    return started.line();
  }

  /** A run as on a terminal, with the live progress line. */
  private CliHarness.Result live(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = WflaunchCli.execute(args, new PrintWriter(out), new PrintWriter(err),
        options -> CliHarness.shared(cli.fakes), () -> cli.fakes, cli.time.clock(), true);
    return new CliHarness.Result(exit, out.toString(), err.toString());
  }
}
