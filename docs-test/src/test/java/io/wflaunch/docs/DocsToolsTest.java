package io.wflaunch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools the page tests read the pages with. */
class DocsToolsTest {

  @Test
  void aCommandLineIsSplitAsAShellWould() {
    ShellLine line = ShellLine.parse(
        "WFLAUNCH_LOCAL_DIR=~/runs wflaunch --local start sfn:orders -p 'note=a b' -p \"x=$HOME/y\"   # exit 1",
        "/h");

    assertThat(line.environment()).containsExactly(Map.entry("WFLAUNCH_LOCAL_DIR", "/h/runs"));
    assertThat(line.words()).containsExactly("wflaunch", "--local", "start", "sfn:orders", "-p", "note=a b", "-p",
        "x=/h/y");
    assertThat(line.expectedExit()).isEqualTo(1);
    assertThat(ShellLine.parse("wflaunch list glue:x", "/h").expectedExit()).isZero();
  }

  @Test
  void redirectionsAndOperatorsAreTold() {
    ShellLine redirected = ShellLine.parse("wflaunch --local start --from runs.jsonl --json > started.jsonl 2>/dev/null",
        "/h");
    ShellLine piped = ShellLine.parse("wflaunch --local status x --json | jq .state", "/h");

    assertThat(redirected.stdoutFile()).isEqualTo("started.jsonl");
    assertThat(redirected.words()).containsExactly("wflaunch", "--local", "start", "--from", "runs.jsonl", "--json");
    assertThat(redirected.operators()).isEmpty();
    assertThat(piped.operators()).containsExactly("|");
  }

  @Test
  void anchorsAreGitHubs() {
    assertThat(Page.slug("The `wflaunch` command line")).isEqualTo("the-wflaunch-command-line");
    assertThat(Page.slug("Credentials, region and the CodeCatalyst token"))
        .isEqualTo("credentials-region-and-the-codecatalyst-token");
    assertThat(Page.slug("Exit code 2: invalid input")).isEqualTo("exit-code-2-invalid-input");
    assertThat(Page.slug("[Glue](backends/glue.md) runs")).isEqualTo("glue-runs");
  }

  @Test
  void jsonShapesDifferWhereKeysTypesCountsOrPrecisionDo() throws Exception {
    List<String> same = JsonShape.compare(
        JsonShape.documents("{\"handle\": \"glue:a/wr_1...\", \"endedAt\": null, \"reasons\": [\"x\"]}"),
        JsonShape.documents("{\"handle\":\"glue:a/wr_9\",\"endedAt\":\"2026-12-07T07:32:08Z\",\"reasons\":[\"y\"]}"));
    List<String> different = JsonShape.compare(
        JsonShape.documents("{\"handle\": \"h\", \"startedAt\": \"2026-12-07T07:32:08Z\", \"n\": 1}"),
        JsonShape.documents("{\"handle\":\"h\",\"startedAt\":\"2026-12-07T07:32:08.985462649Z\",\"n\":\"1\",\"x\":2}\n{}"));

    assertThat(same).isEmpty();
    assertThat(different).hasSize(4).anySatisfy(p -> assertThat(p).contains("1 JSON document(s)", "printed 2"))
        .anySatisfy(p -> assertThat(p).contains("$.startedAt", "finer than milliseconds"))
        .anySatisfy(p -> assertThat(p).contains("$.n", "a number", "a string"))
        .anySatisfy(p -> assertThat(p).contains("[x]"));
  }

  @Test
  void anArrayIsOneDocument() throws Exception {
    assertThat(JsonShape.documents("[{\"a\": 1}, {\"a\": 2}]\n{\"b\": []}\n[]")).hasSize(3);
    assertThat(JsonShape.compare(JsonShape.documents("{\"a\": 1}"), JsonShape.documents("[{\"a\": 1}]")))
        .containsExactly("$: the page shows an object {\"a\":1}, the command printed an array [{\"a\":1}]");
  }

  @Test
  void handlesKeepTheFormThePageShows() throws Exception {
    List<String> problems = JsonShape.compare(
        JsonShape.documents("[\"sfn:orders/o-1\", \"sfn:orders/o-2\", \"swf:d/w/r+1=\", \"glue:etl/wr_1\"]"),
        JsonShape.documents("[\"sfn:arn:aws:states:us-east-1:1:execution:orders:o-1\", \"sfn:orders/o-9\","
            + " \"swf:d/w/r%2B1%3D\", \"glue:etl/wr_2\"]"));

    assertThat(problems).hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("$[0]", "2 part(s)", "printed", "(1)"))
        .anySatisfy(p -> assertThat(p).contains("$[2]", "percent-encoded"));
  }

  @Test
  void aShownValueIsPairedWithThePrintedOne() throws Exception {
    Map<String, String> pairs = new HashMap<>();
    JsonShape.collectStrings(JsonShape.documents("{\"handle\": \"glue:a/wr_3f0c...\", \"backend\": \"glue\"}").get(0),
        JsonShape.documents("{\"handle\":\"glue:a/wr_77\",\"backend\":\"glue\"}").get(0), pairs);

    assertThat(pairs).containsExactly(Map.entry("glue:a/wr_3f0c...", "glue:a/wr_77"));
  }
}
