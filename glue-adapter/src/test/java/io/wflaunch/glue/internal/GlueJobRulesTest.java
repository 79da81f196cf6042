package io.wflaunch.glue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueJobOptions;
import io.wflaunch.glue.GlueOptions;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GlueJobRulesTest {

  private static final WorkflowTarget JOB = WorkflowTarget.of("gluejob", "nightly");

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(request(b -> b.input("{}")), "input", "must be absent"),
        Arguments.of(request(b -> b.options(GlueOptions.DEFAULT)), "options", "must be GlueJobOptions"),
        Arguments.of(request(b -> b.parameter("date", "x")), "parameters", "must start with '--'"),
        Arguments.of(request(b -> b.parameter("--", "x")), "parameters", "must start with '--'"),
        Arguments.of(request(b -> b.parameter("--a\nb", "x")), "parameters", "U+000A"),
        Arguments.of(request(b -> b.parameter("--" + "k".repeat(254), "x")), "parameters", "found 256 characters"),
        Arguments.of(request(b -> b.parameter(GlueJobOptions.DEFAULT_IDEMPOTENCY_ARGUMENT, "x")), "parameters",
            "reserved for the idempotency key"),
        Arguments.of(request(b -> b.parameter(GlueJobOptions.REQUEST_HASH_ARGUMENT, "x")), "parameters",
            "reserved for the request's hash"),
        Arguments.of(request(b -> b.parameter("--a", "1").options(options(o -> o.argument("--a", "2")))), "parameters",
            "give it once"),
        Arguments.of(request(b -> b.options(options(o -> o.argument("mode", "x")))), "options.arguments",
            "must start with '--'"),
        Arguments.of(request(b -> b.options(options(o -> o.argument(GlueJobOptions.REQUEST_HASH_ARGUMENT, "x")))),
            "options.arguments", "reserved"),
        Arguments.of(request(b -> b.options(options(o -> o.idempotencyArgument("key")))), "options.idempotencyArgument",
            "must start with '--'"),
        Arguments.of(request(b -> b.options(options(o -> o.idempotencyArgument(GlueJobOptions.REQUEST_HASH_ARGUMENT)))),
            "options.idempotencyArgument", "reserved"),
        Arguments.of(request(b -> b.options(options(o -> o.workerType("G.3X")))), "options.workerType",
            "must be one of [G.025X, G.1X, G.2X, G.4X, G.8X, Standard, Z.2X]"),
        Arguments.of(request(b -> b.options(options(o -> o.executionClass("CHEAP")))), "options.executionClass",
            "must be one of [FLEX, STANDARD]"),
        Arguments.of(request(b -> b.options(options(o -> o.numberOfWorkers(0)))), "options.numberOfWorkers",
            "must be at least 1, found 0"),
        Arguments.of(request(b -> b.options(options(o -> o.timeoutMinutes(0)))), "options.timeoutMinutes",
            "must be at least 1, found 0"),
        Arguments.of(request(b -> b.options(options(o -> o.notifyDelayAfterMinutes(-1)))),
            "options.notifyDelayAfterMinutes", "must be at least 1, found -1"),
        Arguments.of(request(b -> b.options(options(o -> o.securityConfiguration("")))),
            "options.securityConfiguration", "found 0 characters"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("refused")
  void eachRuleNamesItsFieldAndRule(StartRunRequest request, String field, String rule) {
    assertThatThrownBy(() -> GlueJobRules.checkRequest(request, "gluejob", GlueJobOptions.DEFAULT))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(field).contains(rule);
        });
  }

  @Test
  void everyModelValueAndTheBoundsAreAccepted() {
    for (String workerType : new String[] {"Standard", "G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "Z.2X"}) {
      for (String executionClass : new String[] {"STANDARD", "FLEX"}) {
        StartRunRequest request = request(b -> b.parameter("--date", "2026-11-23").options(options(o -> o
            .workerType(workerType).executionClass(executionClass).numberOfWorkers(1).timeoutMinutes(1)
            .notifyDelayAfterMinutes(1).securityConfiguration("s".repeat(255)).jobRunQueuing(true)
            .argument("--" + "a".repeat(253), "v"))));
        assertThatCode(() -> GlueJobRules.checkRequest(request, "gluejob", GlueJobOptions.DEFAULT))
            .as("%s %s", workerType, executionClass).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void targetsAndHandlesFollowTheNameRule() {
    assertThat(GlueJobRules.checkTarget(JOB)).isEqualTo(JOB);
    assertThatThrownBy(() -> GlueJobRules.checkTarget(WorkflowTarget.of("gluejob", "j".repeat(256))))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("jobName"));
    assertThatThrownBy(() -> GlueJobRules.checkHandle(RunHandle.of("gluejob", "nightly", "jr\u0000")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("jobRunId"));
  }

  @Test
  void theOptionsRecordChecksItsOwnBounds() {
    assertThatThrownBy(() -> GlueJobOptions.builder().pageSize(201).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 200");
    assertThatThrownBy(() -> GlueJobOptions.builder().scanPageLimit(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GlueJobOptions.builder().lookBack(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    GlueJobOptions options = GlueJobOptions.builder().argument("--token", "secret").workerType("G.1X").build();
    assertThat(options.toString()).contains("--token").doesNotContain("secret");
    assertThat(options.toBuilder().workerType(null).build().workerType()).isEmpty();
    assertThat(options.toBuilder().build()).isEqualTo(options);
  }

  private static StartRunRequest request(UnaryOperator<StartRunRequest.Builder> edit) {
    return edit.apply(StartRunRequest.builder(JOB)).build();
  }

  private static GlueJobOptions options(UnaryOperator<GlueJobOptions.Builder> edit) {
    return edit.apply(GlueJobOptions.builder()).build();
  }
}
