/** OpenTelemetry spans for a {@link io.wflaunch.WorkflowLauncher}: see {@link io.wflaunch.opentelemetry.WflaunchTracing}. */
package io.wflaunch.opentelemetry;
