/**
 * Spring Boot auto-configuration of a {@link io.wflaunch.WorkflowLauncher} from {@code wflaunch.*}
 * properties: see {@link io.wflaunch.spring.WflaunchAutoConfiguration} and
 * {@link io.wflaunch.spring.WflaunchProperties}.
 */
package io.wflaunch.spring;
