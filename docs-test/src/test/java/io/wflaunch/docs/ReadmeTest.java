package io.wflaunch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README is a pitch of at most 150 lines that gives a newcomer exactly the two commands: run the demo, run the tests. */
class ReadmeTest {

  static final String DEMO = "./mvnw -B -q install -DskipTests && java -jar cli/target/wflaunch.jar demo";
  static final String TESTS = "./mvnw -B verify";

  @Test
  void theTwoCommandsStandEachInItsOwnCodeBlock() {
    List<String> blocks = Docs.page("README.md").blocks().stream().map(block -> block.text().strip()).toList();

    assertThat(blocks).as("README.md's code blocks").contains(DEMO, TESTS);
    assertThat(blocks.indexOf(DEMO)).as("README.md: the demo command comes before the test command")
        .isLessThan(blocks.indexOf(TESTS));
    assertThat(blocks).as("README.md: the code blocks that run ./mvnw")
        .filteredOn(block -> block.contains("./mvnw")).containsExactly(DEMO, TESTS);
  }

  @Test
  void theReadmeIsAtMost150Lines() {
    Page readme = Docs.page("README.md");
    int lines = readme.lines().size() - (readme.lines().get(readme.lines().size() - 1).isEmpty() ? 1 : 0);
    assertThat(lines).as("README.md's lines (the rest belongs in docs/)").isLessThanOrEqualTo(150);
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws IOException {
    assertThat(Files.readAllLines(Docs.root().resolve(".ci/run"), StandardCharsets.UTF_8))
        .as(".ci/run").contains("set -euo pipefail", TESTS);
  }
}
