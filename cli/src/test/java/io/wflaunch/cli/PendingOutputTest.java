package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one document of {@code --wait --json} is printed whatever ends the wait, an Error too. */
class PendingOutputTest {

  private final CliHarness cli = new CliHarness();

  @AfterEach
  void close() {
    cli.close();
  }

  /** The shared fakes, with a launcher whose waits throw {@code error}. */
  private Session waitsThrow(Error error) {
    WorkflowLauncher fakes = cli.fakes.launcher();
    WorkflowLauncher launcher = (WorkflowLauncher) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {WorkflowLauncher.class}, (proxy, method, args) -> {
          if (method.getName().startsWith("await") || method.getName().equals("tracker")) {
            throw error;
          }
          try {
            return method.invoke(fakes, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return new Session() {
      @Override
      public WorkflowLauncher launcher() {
        return launcher;
      }

      @Override
      public void prepare(WorkflowTarget target) {
        cli.fakes.prepare(target);
      }

      @Override
      public WaitOptions waitOptions() {
        return cli.fakes.waitOptions();
      }

      @Override
      public void close() {}
    };
  }

  private String runThrowing(Error error, String... args) {
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> WflaunchCli.execute(args, new PrintWriter(out), new PrintWriter(new StringWriter()),
        options -> waitsThrow(error), () -> cli.fakes, cli.time.clock(), false, name -> null))
        .isSameAs(error);
    return out.toString();
  }

  @Test
  void anErrorDuringTheWaitStillPrintsTheDocumentWithTheHandle() {
    String out = runThrowing(new StackOverflowError("deep"), "start", "glue:nightly-etl", "--wait", "--json");

    assertThat(out.lines().toList()).singleElement().satisfies(document -> assertThat(document)
        .matches("\\{\"handle\":\"glue:nightly-etl/wr_[^\"]+\",\"backend\":\"glue\",\"error\":\"StackOverflowError\".*"));
  }

  @Test
  void anErrorDuringTheWaitsOfAFileStillPrintsOneDocumentPerLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("runs.jsonl");
    java.nio.file.Files.writeString(file, "{\"target\":\"glue:nightly-etl\"}\n{\"target\":\"glue:other-etl\"}\n");

    String out = runThrowing(new OutOfMemoryError("test"), "start", "--from", file.toString(), "--wait", "--json");

    assertThat(out.lines().toList()).hasSize(2)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith("{\"line\":1,\"handle\":\"glue:nightly-etl/"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("{\"line\":2,\"handle\":\"glue:other-etl/"));
  }
}
