package io.wflaunch.examples;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Survives a restart: one launcher starts a run and stores its handle as a string (here in a file; a
 * database row works the same), then a second launcher, as a new process would, reads the string back
 * and resumes tracking the run. The handle carries no credentials and no parameter values.
 *
 * <pre>
 * ResumeFromHandleExample                     # on the testkit's fake Glue
 * ResumeFromHandleExample --aws glue:my-workflow
 * </pre>
 */
public final class ResumeFromHandleExample {

  private ResumeFromHandleExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code --aws} and optionally a Glue target
   */
  public static void main(String[] args) {
    RunStatus done = run(args, System.out);
    System.exit(done.state().isSuccessful() ? 0 : 1);
  }

  static RunStatus run(String[] args, PrintStream out) {
    Supplier<GlueBackend> backend = ExampleSupport.aws(args) ? GlueBackend::createDefault : fakeGlue();
    Path store = temporaryFile();

    // The first process: start, store the handle, and go away.
    try (WorkflowLauncher first = WorkflowLauncher.builder().backend(backend.get()).build()) {
      RunHandle run = first.start(StartRunRequest.builder(
          WorkflowTarget.parse(ExampleSupport.target(args, "glue:nightly-etl"))).build());
      write(store, run.toString());
      out.println("started " + run + " and stored it in " + store);
    }

    // A later process: read the string back and carry on.
    try (WorkflowLauncher second = WorkflowLauncher.builder().backend(backend.get()).build()) {
      RunHandle resumed = second.parseHandle(read(store));
      out.println("resumed " + resumed + ": " + second.getRun(resumed).state());
      RunStatus done = second.awaitCompletion(resumed, ExampleSupport.printingStateChanges(out));
      out.println(ExampleSupport.describe(done));
      return done;
    }
  }

  /** Both "processes" talk to the same fake Glue, as two real processes would talk to the same Glue. */
  private static Supplier<GlueBackend> fakeGlue() {
    FakeGlueClient glue = FakeGlueClient.create().addWorkflow("nightly-etl",
        GlueRunScript.completesAfter(Duration.ofSeconds(2)));
    return () -> GlueBackend.create(glue, glue.asyncClient());
  }

  private static Path temporaryFile() {
    try {
      Path file = Files.createTempFile("wflaunch-handle-", ".txt");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
