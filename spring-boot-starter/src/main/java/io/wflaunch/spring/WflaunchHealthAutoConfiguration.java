package io.wflaunch.spring;

import io.wflaunch.WorkflowLauncher;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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
@ConditionalOnSingleCandidate(WorkflowLauncher.class)
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
    WflaunchProperties.Health health = properties.getHealth();
    positive("wflaunch.health.cache-ttl", health.getCacheTtl(), true);
    positive("wflaunch.health.timeout", health.getTimeout(), false);
    return new WflaunchHealthIndicator(launcher, health.getCacheTtl(), health.getTimeout(), Clock.systemUTC());
  }

  private static void positive(String property, java.time.Duration value, boolean zeroAllowed) {
    if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw new InvalidConfigurationPropertyValueException(property, WflaunchAutoConfiguration.text(value),
          zeroAllowed ? "Required, and not negative (0 reads the backends on every health check)."
              : "Required, and positive.");
    }
  }
}
