package io.wflaunch.cli;

import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the command line in-process against one shared set of fakes on auto-advancing virtual time, so
 * that runs started by one invocation are seen by the next and waits end without real time passing.
 */
final class CliHarness implements AutoCloseable {

  final VirtualScheduler time = new VirtualScheduler().autoAdvance();
  final FakeSession fakes = new FakeSession(time.clock(), time);
  private Session.Factory sessions = options -> shared(fakes);
  /** The environment the command line sees: none, unless a test sets a variable. */
  final java.util.Map<String, String> environment = new java.util.HashMap<>();

  /** What one invocation did. */
  record Result(int exit, String out, String err) {
    /** Standard output without its final line break. */
    String line() {
      return out.strip();
    }
  }

  /** The Glue fake, for scripting runs. */
  io.wflaunch.testkit.glue.FakeGlueClient glue() {
    return fakes.fake("glue").service(io.wflaunch.testkit.glue.FakeGlueClient.class).orElseThrow();
  }

  /** The SWF fake, for scripting runs. */
  io.wflaunch.testkit.swf.FakeSwfClient swf() {
    return fakes.fake("swf").service(io.wflaunch.testkit.swf.FakeSwfClient.class).orElseThrow();
  }

  /** The Step Functions fake, for scripting executions. */
  io.wflaunch.testkit.sfn.FakeSfnClient stepFunctions() {
    return fakes.fake("sfn").service(io.wflaunch.testkit.sfn.FakeSfnClient.class).orElseThrow();
  }

  CliHarness sessions(Session.Factory sessions) {
    this.sessions = sessions;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = WflaunchCli.execute(args, new PrintWriter(out), new PrintWriter(err), sessions,
        () -> new FakeSession(time.clock(), time), time.clock(), false, environment::get);
    return new Result(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    fakes.close();
    time.shutdown();
  }

  /** The shared fakes, not closed by the command that used them. */
  static Session shared(FakeSession fakes) {
    return new Session() {
      @Override
      public WorkflowLauncher launcher() {
        return fakes.launcher();
      }

      @Override
      public void prepare(WorkflowTarget target) {
        fakes.prepare(target);
      }

      @Override
      public WaitOptions waitOptions() {
        return fakes.waitOptions();
      }

      @Override
      public void close() {
        // shared across invocations
      }
    };
  }
}
