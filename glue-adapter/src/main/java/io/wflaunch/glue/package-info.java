/**
 * Runs AWS Glue workflows through wflaunch: {@link io.wflaunch.glue.GlueBackend} and its
 * {@link io.wflaunch.glue.GlueOptions}. Targets are {@code glue:<workflowName>}, handles
 * {@code glue:<workflowName>/<runId>}.
 */
package io.wflaunch.glue;
