package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README gives a newcomer exactly the two commands: run the demo, run the tests. */
class ReadmeTest {

  static final String DEMO = "./mvnw -B -q install -DskipTests && java -jar cli/target/wflaunch.jar demo";
  static final String TESTS = "./mvnw -B verify";

  @Test
  void theTwoCommandsStandEachInItsOwnCodeBlock() throws IOException {
    List<String> blocks = codeBlocks(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8));

    assertThat(blocks).contains(DEMO, TESTS);
    assertThat(blocks.indexOf(DEMO)).isLessThan(blocks.indexOf(TESTS));
    assertThat(blocks).filteredOn(block -> block.contains("./mvnw")).containsExactly(DEMO, TESTS);
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws IOException {
    assertThat(Files.readAllLines(Path.of("..", ".ci", "run"), StandardCharsets.UTF_8))
        .contains("set -euo pipefail", TESTS);
  }

  private static List<String> codeBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        if (block == null) {
          block = new StringBuilder();
        } else {
          blocks.add(block.toString().strip());
          block = null;
        }
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }
}
