/**
 * The contract between the launcher and its backends. Adapters implement
 * {@link io.wflaunch.spi.WorkflowBackend} and register their {@link io.wflaunch.spi.IdentifierScheme};
 * applications normally only pass backends to {@link io.wflaunch.WorkflowLauncher.Builder#backend}.
 */
package io.wflaunch.spi;
