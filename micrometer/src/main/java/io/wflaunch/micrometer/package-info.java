/** Micrometer meters for a {@link io.wflaunch.WorkflowLauncher}: see {@link io.wflaunch.micrometer.WflaunchMetrics}. */
package io.wflaunch.micrometer;
