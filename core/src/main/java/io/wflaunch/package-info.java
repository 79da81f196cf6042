/**
 * wflaunch's public API: start and track workflow runs on any installed backend (an AWS workflow
 * service, through its adapter) through one interface.
 *
 * <p>Start at {@link io.wflaunch.WorkflowLauncher}. A {@link io.wflaunch.WorkflowTarget} names a
 * workflow, a {@link io.wflaunch.StartRunRequest} says how to start it, a {@link io.wflaunch.RunHandle}
 * names the started run (and survives a restart as a string), a {@link io.wflaunch.RunStatus} tells how
 * it is doing in terms of one {@link io.wflaunch.RunState} model, and every failure is a
 * {@link io.wflaunch.WorkflowLaunchException}.
 *
 * <p>Nothing here returns or accepts null unless its documentation says so; absent values are
 * {@link java.util.Optional}.
 */
package io.wflaunch;
