package io.wflaunch.spring;

import io.wflaunch.WorkflowLauncher;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code wflaunch} health indicator, when Spring Boot's health support (Actuator) is present, a
 * launcher bean exists and {@code management.health.wflaunch.enabled} is not false.
 */
@AutoConfiguration(after = WflaunchAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, WorkflowLauncher.class})
@ConditionalOnBean(WorkflowLauncher.class)
@ConditionalOnEnabledHealthIndicator("wflaunch")
public class WflaunchHealthAutoConfiguration {

  /** Creates the auto-configuration. */
  public WflaunchHealthAutoConfiguration() { }

  /**
   * The health indicator.
   *
   * @param launcher the launcher
   * @param properties the properties ({@code wflaunch.health.cache-ttl})
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "wflaunchHealthIndicator")
  public WflaunchHealthIndicator wflaunchHealthIndicator(WorkflowLauncher launcher, WflaunchProperties properties) {
    return new WflaunchHealthIndicator(launcher, properties.getHealth().getCacheTtl(), Clock.systemUTC());
  }
}
