package io.wflaunch.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where local mode keeps its runs: the option, then the variable, then the home directory the shell says. */
class LocalDirectoryTest {

  @Test
  void theOptionWinsOverTheVariableAndTheHome() {
    Map<String, String> environment = Map.of("WFLAUNCH_LOCAL_DIR", "/var/runs", "HOME", "/home/ci");

    assertThat(LocalSession.directory(Path.of("/tmp/given"), environment::get, "/root"))
        .isEqualTo(Path.of("/tmp/given"));
    assertThat(LocalSession.directory(null, environment::get, "/root")).isEqualTo(Path.of("/var/runs"));
  }

  @Test
  void theHomeIsTheShellsHomeWhereItDiffersFromTheAccountsOne() {
    Map<String, String> environment = Map.of("HOME", "/home/ci", "WFLAUNCH_LOCAL_DIR", " ");

    assertThat(LocalSession.directory(null, environment::get, "/root"))
        .isEqualTo(Path.of("/home/ci", ".wflaunch", "local"));
  }

  @Test
  void withoutHomeTheJvmsHomeIsUsed() {
    assertThat(LocalSession.directory(null, Map.<String, String>of()::get, "/root"))
        .isEqualTo(Path.of("/root", ".wflaunch", "local"));
  }
}
