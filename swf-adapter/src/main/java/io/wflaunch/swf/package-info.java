/**
 * Runs Amazon SWF workflow executions through wflaunch: {@link io.wflaunch.swf.SwfBackend} and its
 * {@link io.wflaunch.swf.SwfOptions}. Targets are
 * {@code swf:<domain>/<workflowTypeName>/<workflowTypeVersion>}, handles
 * {@code swf:<domain>/<workflowId>/<runId>}.
 */
package io.wflaunch.swf;
