package io.wflaunch.stepfunctions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SfnRulesTest {

  private static final ErrorContext CONTEXT = ErrorContext.of(WorkflowTarget.of("sfn", "orders"));

  @ParameterizedTest
  @ValueSource(strings = {"orders", "Orders_2026-11", "a.b", "ünïcode"})
  void namesWithinTheRuleAreAccepted(String name) {
    assertThat(SfnRules.nameProblem(name)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\tb", "a<b", "a{b", "a[b", "a?b", "a*b", "a\"b", "a#b", "a%b", "a\\b",
      "a^b", "a|b", "a~b", "a`b", "a$b", "a&b", "a,b", "a;b", "a:b", "a/b", "a\u0000b", "a\u007fb", "a\u0085b",
      "a\u00a0b"})
  void namesWithAForbiddenCharacterAreRefusedAtThatCharacter(String name) {
    assertThat(SfnRules.nameProblem(name)).startsWith("found U+").endsWith("at index 1");
    assertThatThrownBy(() -> SfnRules.checkName(CONTEXT, "options.executionName", name))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).isEqualTo("options.executionName");
          assertThat(e.rule()).startsWith(SfnRules.NAME_RULE);
        });
  }

  @Test
  void supplementaryCharactersAreNotMistakenForSurrogates() {
    assertThat(SfnRules.nameProblem(new String(Character.toChars(0x2D800)))).as("U+2D800 is a CJK ideograph").isNull();
    assertThat(SfnRules.nameProblem("a\uD800b")).isEqualTo("found U+D800 at index 1");
  }

  @Test
  void aQualifierIsAVersionNumberOrAnAliasName() {
    String base = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders";
    for (String good : new String[] {":1", ":42", ":PROD", ":blue-green", ":v1.2_rc", ":2024a"}) {
      assertThat(SfnRules.stateMachineArn(base + good)).as(good).isPresent();
    }
    for (String bad : new String[] {":", ":a b", ":a/b", ":" + "x".repeat(81), ":é"}) {
      assertThat(SfnRules.stateMachineArn(base + bad)).as(bad).isEmpty();
    }
    assertThat(SfnRules.stateMachineArn(base + "/Map1")).as("a Map Run's label is no state machine").isEmpty();
    assertThat(SfnRules.stateMachineArn("arn:aws:states:eu-west-1:123456789012:stateMachine:a b")).isEmpty();
  }

  @Test
  void namesAreOneToEightyCharacters() {
    assertThat(SfnRules.nameProblem("x".repeat(80))).isNull();
    assertThat(SfnRules.nameProblem("")).isEqualTo("found 0 characters");
    assertThat(SfnRules.nameProblem("x".repeat(81))).isEqualTo("found 81 characters");
    assertThat(SfnRules.nameProblem("\uD83D\uDE00".repeat(80))).as("characters, not UTF-16 units").isNull();
  }

  @Test
  void aKeyThatIsAPlainNameIsTheNameAndAnyOtherIsHashedStably() {
    assertThat(SfnRules.executionNameFor("nightly-etl_2026-11-24")).isEqualTo("nightly-etl_2026-11-24");
    assertThat(SfnRules.executionNameFor("k".repeat(80))).isEqualTo("k".repeat(80));
    String hashed = SfnRules.executionNameFor("order 4711");
    assertThat(hashed).matches("wfl-[0-9a-f]{60}").isEqualTo(SfnRules.executionNameFor("order 4711"))
        .isNotEqualTo(SfnRules.executionNameFor("order 4712"));
    assertThat(SfnRules.nameProblem(hashed)).isNull();
    assertThat(SfnRules.executionNameFor("k".repeat(81))).matches("wfl-[0-9a-f]{60}");
    assertThat(SfnRules.executionNameFor("a.b")).as("CloudWatch Logs takes only [0-9A-Za-z_-]").startsWith("wfl-");
    assertThat(hashed).as("pinned: a name must not change between releases, or repeated keys start again")
        .isEqualTo("wfl-326b6f65e1b3a7b89818d0fa0d99bc9041f36315fb6f819ece2ec56fe325");
  }

  @Test
  void stateMachineArnsAreReadIntoTheirParts() {
    SfnRules.StateMachineArn plain = SfnRules.stateMachineArn("arn:aws:states:eu-west-1:123456789012:stateMachine:orders")
        .orElseThrow();
    SfnRules.StateMachineArn alias = SfnRules.stateMachineArn(
        "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:orders:PROD").orElseThrow();

    assertThat(plain.unqualified()).isEqualTo("arn:aws:states:eu-west-1:123456789012:stateMachine:orders");
    assertThat(plain.executionArn("run-1")).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:orders:run-1");
    assertThat(alias.qualifier()).isEqualTo("PROD");
    assertThat(alias.unqualified()).isEqualTo("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:orders");
    assertThat(alias.executionArn("r")).isEqualTo("arn:aws-cn:states:cn-north-1:123456789012:execution:orders:r");
    assertThat(SfnRules.stateMachineArn("arn:aws:states:eu-west-1:123456789012:activity:x")).isEmpty();
    assertThat(SfnRules.stateMachineArn("arn:aws:states:eu-west-1:1234:stateMachine:x")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:states:eu-west-1:123456789012:activity:x", "arn:aws:glue:eu-west-1:123456789012:x",
      "arn:aws:states:eu-west-1:123456789012:stateMachine:a:b:c"})
  void aTargetArnThatIsNoStateMachinesIsRefused(String arn) {
    assertThatThrownBy(() -> SfnRules.checkStateMachine(CONTEXT, "stateMachine", arn))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("stateMachine"))
        .hasMessageContaining("state machine ARN");
  }

  @Test
  void executionArnsOfBothTypesAreRecognised() {
    String standard = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1";
    String express = "arn:aws:states:us-east-1:123456789012:express:orders:run-1:8f3c5a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f";

    SfnRules.checkExecutionArn(CONTEXT, "executionArn", standard);
    SfnRules.checkExecutionArn(CONTEXT, "executionArn", express);
    assertThat(SfnRules.isExpressExecution(standard)).isFalse();
    assertThat(SfnRules.isExpressExecution(express)).isTrue();
    assertThat(SfnRules.stateMachineOf(express)).isEqualTo("orders");
    assertThatThrownBy(() -> SfnRules.checkExecutionArn(CONTEXT, "executionArn", "run-1"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("execution ARN");
    assertThatThrownBy(() -> SfnRules.checkExecutionArn(CONTEXT, "executionArn", standard + ":extra"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SfnRules.checkExecutionArn(CONTEXT, "executionArn", standard + " b"))
        .as("an execution name breaking the name rule").isInstanceOf(InvalidRequestException.class);
    SfnRules.checkExecutionArn(CONTEXT, "executionArn",
        "arn:aws:states:us-east-1:123456789012:execution:orders/Map1:0b6a6c9e-1d2f-4e5a-9b8c-7d6e5f4a3b2c");
  }

  @Test
  void inputMustBeOneJsonValueOfAtMost256KiBInWellFormedUnicode() {
    SfnRules.checkInput(CONTEXT, "input", "{\"a\": [1, 2]}");
    SfnRules.checkInput(CONTEXT, "input", "\"" + "x".repeat(SfnRules.MAX_INPUT_BYTES - 2) + "\"");

    assertThatThrownBy(() -> SfnRules.checkInput(CONTEXT, "input", "{\"a\": }"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("input"))
        .hasMessageContaining("must be one JSON value (RFC 8259); expected a JSON value at index 6");
    assertThatThrownBy(() -> SfnRules.checkInput(CONTEXT, "parameters", "\"" + "é".repeat(SfnRules.MAX_INPUT_BYTES / 2) + "\""))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("parameters"))
        .hasMessageContaining("at most 262144 bytes (256 KiB) as UTF-8, found 262146");
    assertThatThrownBy(() -> SfnRules.checkInput(CONTEXT, "input", "\"\uD800\""))
        .hasMessageContaining("unpaired surrogate at index 1");
  }

  @Test
  void traceHeadersAreAsciiOfAtMost256() {
    SfnRules.checkTraceHeader(CONTEXT, "options.traceHeader", "Root=1-5759e988-bd862e3fe1be46a994272793");
    assertThatThrownBy(() -> SfnRules.checkTraceHeader(CONTEXT, "options.traceHeader", "x".repeat(257)))
        .hasMessageContaining("at most 256 characters, found 257");
    assertThatThrownBy(() -> SfnRules.checkTraceHeader(CONTEXT, "options.traceHeader", "Root=é"))
        .hasMessageContaining("must be ASCII, found U+00E9 at index 5");
  }
}
