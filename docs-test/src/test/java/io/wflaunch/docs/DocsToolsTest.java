package io.wflaunch.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools the page tests read the pages with. */
class DocsToolsTest {

  /** Glue run ids as the service gives them. */
  private static final String RUN_1 = "wr_3f0c7d1e6b2a4c5d8e9f00112233445566778899aabbccddeeff001122334455";
  private static final String RUN_2 = "wr_7515d2f66ff0440da1eb0e29d0430306fd2226cb0f594da1b975405941a7f38c";

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
        JsonShape.documents("{\"handle\": \"glue:a/" + RUN_1 + "\", \"endedAt\": null, \"reasons\": [\"x\"]}"),
        JsonShape.documents("{\"handle\":\"glue:a/" + RUN_2 + "\",\"endedAt\":\"2026-12-07T07:32:08Z\",\"reasons\":[\"x\"]}"));
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
        JsonShape.documents("[\"sfn:orders/o-1\", \"sfn:orders/o-2\", \"swf:d/w/r+1=\", \"glue:etl/" + RUN_1 + "\","
            + " \"glue:etl/" + RUN_1 + "\", \"swf:d/w-1/pzcyhrwYWRQ6NcV5XoRxXQ0zupKEKORqOt0bFoBWu+0=\"]"),
        JsonShape.documents("[\"sfn:arn:aws:states:us-east-1:1:execution:orders:o-1\", \"sfn:orders/o-2\","
            + " \"swf:d/w/r%2B1%3D\", \"glue:etl/" + RUN_2 + "\", \"sfn:etl/" + RUN_2 + "\","
            + " \"swf:d/w-1/T0wNbNb2mNoKcLHrN+KmxLD1fQho86kUYArar9QY6ew=\"]"));

    assertThat(problems).hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("$[0]", "2 part(s) after the backend id shown, 1 printed"))
        .anySatisfy(p -> assertThat(p).contains("$[2]", "percent-encoded"))
        .anySatisfy(p -> assertThat(p).contains("$[4]", "another backend id"));
  }

  @Test
  void scalarsAreComparedUnlessTheyVaryByForm() throws Exception {
    String page = "{\"handle\": \"sfn:order-pipeline/order-4711\", \"state\": \"SUCCEEDED\","
        + " \"outcomeUnknown\": true, \"line\": 2, \"elapsedMillis\": 2400, \"endedAt\": \"2026-12-07T07:32:08.985Z\","
        + " \"requestId\": \"0b7e5f2a-9c4d-4e1b-8a6f-3d2c1b0a9e8f\", \"reset\": \"/home/me/.wflaunch/local\"}";
    String right = "{\"handle\": \"sfn:order-pipeline/order-4711\", \"state\": \"SUCCEEDED\","
        + " \"outcomeUnknown\": true, \"line\": 2, \"elapsedMillis\": 2513, \"endedAt\": \"2026-12-08T10:00:01.002Z\","
        + " \"requestId\": \"7c1b0f4e-2d7a-4d8e-9d35-2b8f1c6a0e11\", \"reset\": \"/tmp/wflaunch-docs-1/home/.wflaunch/local\"}";
    String wrong = "{\"handle\": \"sfn:order-pipeline/order-4712\", \"state\": \"FAILED\","
        + " \"outcomeUnknown\": false, \"line\": 3, \"elapsedMillis\": 2513, \"endedAt\": \"2026-12-08T10:00:01Z\","
        + " \"requestId\": \"req-1\", \"reset\": \"/tmp/x\"}";

    assertThat(JsonShape.compare(JsonShape.documents(page), JsonShape.documents(right))).isEmpty();
    assertThat(JsonShape.compare(JsonShape.documents(page), JsonShape.documents(wrong))).hasSize(6)
        .anySatisfy(p -> assertThat(p).contains("$.handle", "part 2 differs"))
        .anySatisfy(p -> assertThat(p).contains("$.state", "SUCCEEDED", "FAILED"))
        .anySatisfy(p -> assertThat(p).contains("$.outcomeUnknown", "true", "false"))
        .anySatisfy(p -> assertThat(p).contains("$.line", "2", "3"))
        .anySatisfy(p -> assertThat(p).contains("$.endedAt", "3 digit(s)", "(0)"))
        .anySatisfy(p -> assertThat(p).contains("$.requestId", "req-1"));
  }

  @Test
  void textIsComparedWordByWordUnlessAWordVariesByForm() {
    List<String> page = List.of(
        "swf:payments/settle-4713/T0wNbNb2mNoKcLHrN%2FKmxLD1fQho86kUYArar9QY6ew= CANCELLED (CANCELED) started"
            + " 2026-12-07T14:15:25Z took 2.4s reasons: stopped",
        "glue:nightly-etl/" + RUN_1 + "  glue  FAILED  2.5s",
        "gluejob:etl-job/" + RUN_1.replace("wr_", "jr_") + " SUCCEEDED");
    List<String> right = List.of(
        "swf:payments/settle-4713/pzcyhrwYWRQ6NcV5XoRxXQ0zupKEKORqOt0bFoBWu+0= CANCELLED (CANCELED) started"
            + " 2026-12-08T09:00:00.125Z took 2.51s reasons: stopped",
        "glue:nightly-etl/" + RUN_2 + " glue FAILED 3.0s",
        "gluejob:etl-job/" + RUN_2.replace("wr_", "jr_") + " SUCCEEDED");

    assertThat(Values.compareText(page, right)).isEmpty();
    assertThat(Values.compareText(page, List.of(right.get(0), right.get(1),
        "gluejob:etl-job/" + RUN_2 + " SUCCEEDED"))).singleElement().asString().contains("line 3");
    assertThat(Values.compareText(page, List.of(right.get(0).replace("CANCELLED", "SUCCEEDED"), right.get(1),
        right.get(2))))
        .singleElement().asString().contains("line 1", "'CANCELLED'", "'SUCCEEDED'");
    assertThat(Values.compareText(page, List.of(right.get(0).replace("(CANCELED)", "(ABORTED)"), right.get(1),
        right.get(2))))
        .singleElement().asString().contains("line 1", "(CANCELED)", "(ABORTED)");
    assertThat(Values.compareText(page, List.of(right.get(0), right.get(1).replace("glue FAILED", "glue  FAILED  card"),
        right.get(2))))
        .singleElement().asString().contains("line 2", "4 word(s)", "5");
    assertThat(Values.compareText(page, List.of(right.get(0)))).first().asString()
        .contains("3 line(s) of output", "printed 1");
    assertThat(Values.compareText(page, List.of(right.get(0).replace("settle-4713", "settle-4714"), right.get(1),
        right.get(2))))
        .singleElement().asString().contains("line 1", "settle-4713");
  }

  @Test
  void anEllipsisLineStandsForAnyNumberOfLines() {
    List<String> page = List.of("started glue:a/" + RUN_1, "...", "HANDLE STATE", "glue:a/" + RUN_1 + " SUCCEEDED");
    assertThat(Values.compareText(page, List.of("started glue:a/" + RUN_2, "  glue RUNNING", "  glue SUCCEEDED",
        "HANDLE STATE", "glue:a/" + RUN_2 + " SUCCEEDED"))).isEmpty();
    assertThat(Values.compareText(page, List.of("started glue:a/" + RUN_2, "HANDLE STATE", "glue:a/" + RUN_2 + " SUCCEEDED")))
        .isEmpty();
    assertThat(Values.compareText(page, List.of("started glue:a/" + RUN_2, "  glue RUNNING", "HANDLE STATE",
        "glue:a/" + RUN_2 + " FAILED"))).isNotEmpty();
  }

  @Test
  void aSelectionThatNamesNoPageFails() {
    List<Page> pages = Docs.allPages();

    assertThat(Docs.select(pages, "")).hasSameSizeAs(pages);
    assertThat(Docs.select(pages, "docs/cli.md")).extracting(Page::name).containsExactly("docs/cli.md");
    assertThatThrownBy(() -> Docs.select(pages, "docs/cli.md,docs/cil.md"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[docs/cil.md]");
  }

  /** A page's test whose assumption does not hold: JUnit reports it aborted, not failed. */
  static class AbortingPageTest {
    @org.junit.jupiter.api.Test
    void needsSomethingAbsent() {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "moto is not running");
    }
  }

  /** A page's test that passes. */
  static class PassingPageTest {
    @org.junit.jupiter.api.Test
    void passes() {
      assertThat(1 + 1).isEqualTo(2);
    }
  }

  @Test
  void anAbortedTestOfAPageIsAProblem() {
    assertThat(JavaBlocksTest.runJUnit(AbortingPageTest.class, "page.md:3: the test AbortingPageTest"))
        .singleElement().asString().contains("needsSomethingAbsent()", "aborted", "moto is not running");
    assertThat(JavaBlocksTest.runJUnit(PassingPageTest.class, "page.md:3: the test PassingPageTest")).isEmpty();
  }

  @Test
  void aShownValueIsPairedWithThePrintedOne() throws Exception {
    Map<String, String> pairs = new HashMap<>();
    JsonShape.collectStrings(JsonShape.documents("{\"handle\": \"glue:a/wr_3f0c...\", \"backend\": \"glue\"}").get(0),
        JsonShape.documents("{\"handle\":\"glue:a/wr_77\",\"backend\":\"glue\"}").get(0), pairs);

    assertThat(pairs).containsExactly(Map.entry("glue:a/wr_3f0c...", "glue:a/wr_77"));
  }
}
