package io.wflaunch.cli;

import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;

/** What a command runs against: a launcher over AWS or over the in-memory fakes. */
public interface Session extends AutoCloseable {

  /**
   * The launcher, holding one backend per installed type.
   *
   * @return the launcher
   */
  WorkflowLauncher launcher();

  /**
   * Makes a target exist before it is started or listed. The fakes create the workflow; AWS does
   * nothing.
   *
   * @param target the target
   */
  default void prepare(WorkflowTarget target) {}

  /**
   * How waits poll here (their timeout is set by the command).
   *
   * @return the wait options
   */
  WaitOptions waitOptions();

  @Override
  void close();

  /** Opens a session for the global options. */
  @FunctionalInterface
  interface Factory {
    /**
     * Opens a session.
     *
     * @param options the global options
     * @return the session
     */
    Session open(GlobalOptions options);
  }
}
