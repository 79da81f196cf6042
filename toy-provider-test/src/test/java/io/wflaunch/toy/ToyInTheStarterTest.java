package io.wflaunch.toy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.WorkflowLauncher;
import io.wflaunch.spring.WflaunchAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Spring Boot starter builds a toy backend from properties, options included, with no change to the starter. */
class ToyInTheStarterTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WflaunchAutoConfiguration.class));

  @Test
  void theStarterBuildsTheToyBackendWithItsOptions() {
    runner.withPropertyValues("wflaunch.backends.boxes.type=toy", "wflaunch.backends.boxes.options.run-time=5m")
        .run(context -> {
          assertThat(context).hasNotFailed();
          WorkflowLauncher launcher = context.getBean(WorkflowLauncher.class);
          assertThat(launcher.backendIds()).containsExactly("boxes");
          assertThat(launcher.backend("boxes", ToyBackend.class).runTime()).isEqualTo(Duration.ofMinutes(5));
          assertThat(launcher.parseTarget("boxes:blocks").part(0)).isEqualTo("blocks");
        });
  }

  @Test
  void anOptionTheToyDoesNotTakeFailsStartupNamingTheProperty() {
    runner.withPropertyValues("wflaunch.backends.boxes.type=toy", "wflaunch.backends.boxes.options.speed=3")
        .run(context -> {
          assertThat(context).hasFailed();
          StringBuilder messages = new StringBuilder();
          for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
          }
          assertThat(messages.toString()).contains("wflaunch.backends.boxes.options.speed")
              .contains("it takes run-time");
        });
  }
}
