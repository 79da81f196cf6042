/**
 * Runs Amazon CodeCatalyst workflows through wflaunch: {@link io.wflaunch.codecatalyst.CodeCatalystBackend}.
 * Targets are {@code codecatalyst:<space>/<project>/<workflowIdOrName>}, handles
 * {@code codecatalyst:<space>/<project>/<workflowId>/<runId>}.
 */
package io.wflaunch.codecatalyst;
