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

  /** The ARN grammar as regular expressions: the specification the parser (written without them) follows. */
  private static final java.util.regex.Pattern STATE_MACHINE_ARN = java.util.regex.Pattern.compile(
      "arn:([a-z][a-z0-9-]*):states:([a-z0-9-]+):([0-9]{12}):stateMachine:([^:]+)(?::([^:]+))?");
  private static final java.util.regex.Pattern EXECUTION_ARN = java.util.regex.Pattern.compile(
      "arn:([a-z][a-z0-9-]*):states:([a-z0-9-]+):([0-9]{12}):(execution|express):([^:]+):([^:]+)(?::([^:]+))?");
  private static final java.util.regex.Pattern QUALIFIER =
      java.util.regex.Pattern.compile("[0-9]{1,19}|(?=[0-9]*[a-zA-Z_.-])[a-zA-Z0-9_.-]{1,80}");
  private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[0-9A-Za-z_-]{1,80}");

  @Test
  void arnsAreReadAsTheGrammarSaysOnRandomMutations() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    String[] seeds = {"arn:aws:states:eu-west-1:123456789012:stateMachine:orders",
        "arn:aws:states:eu-west-1:123456789012:stateMachine:orders:7",
        "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:orders:live",
        "arn:aws:states:us-east-1:123456789012:execution:orders:run-1",
        "arn:aws:states:us-east-1:123456789012:express:orders:run-1:8f3c5a0e-1f2b",
        "arn:aws:states:us-east-1:123456789012:execution:orders/Map1:run-1",
        // At the 256-character limit, so that edits cross it both ways.
        "arn:aws:states:us-east-1:123456789012:express:" + "o".repeat(80) + ":" + "r".repeat(80) + ":" + "i".repeat(48),
        "arn:aws:states:" + "r".repeat(53) + ":123456789012:stateMachine:" + "o".repeat(80) + ":" + "a".repeat(80)};
    String alphabet = ":a1-A_./ Z9x";
    int checked = 0;
    for (int i = 0; i < 100_000; i++) {
      StringBuilder arn = new StringBuilder(seeds[random.nextInt(seeds.length)]);
      for (int edits = random.nextInt(4); edits > 0; edits--) {
        int at = random.nextInt(arn.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> arn.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> { if (at < arn.length()) { arn.deleteCharAt(at); } }
          default -> { if (at < arn.length()) { arn.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); } }
        }
      }
      String value = arn.toString();
      java.util.regex.Matcher m = STATE_MACHINE_ARN.matcher(value);
      boolean stateMachine = m.matches() && value.length() <= SfnRules.MAX_ARN && SfnRules.nameProblem(m.group(4)) == null
          && (m.group(5) == null || QUALIFIER.matcher(m.group(5)).matches());
      assertThat(SfnRules.stateMachineArn(value)).as(value).isEqualTo(stateMachine
          ? java.util.Optional.of(new SfnRules.StateMachineArn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
          : java.util.Optional.empty());
      java.util.regex.Matcher e = EXECUTION_ARN.matcher(value);
      boolean execution = e.matches() && value.length() <= SfnRules.MAX_ARN;
      assertThat(SfnRules.isExpressExecution(value)).as(value).isEqualTo(e.matches() && e.group(4).equals("express"));
      if (e.matches()) {
        assertThat(SfnRules.stateMachineOf(value)).as(value).isEqualTo(e.group(5));
      }
      boolean valid = execution && !(e.group(4).equals("execution") && e.group(7) != null)
          && java.util.Arrays.stream(e.group(5).split("/", -1)).allMatch(part -> SfnRules.nameProblem(part) == null)
          && SfnRules.nameProblem(e.group(6)) == null;
      if (valid) {
        SfnRules.checkExecutionArn(CONTEXT, "executionArn", value);
        checked++;
      } else {
        assertThatThrownBy(() -> SfnRules.checkExecutionArn(CONTEXT, "executionArn", value)).as(value)
            .isInstanceOf(InvalidRequestException.class);
      }
      String key = value.substring(value.lastIndexOf(':') + 1);
      assertThat(SfnRules.executionNameFor(key).equals(key)).as(key).isEqualTo(PLAIN_NAME.matcher(key).matches());
    }
    assertThat(checked).as("valid execution ARNs among the mutations").isGreaterThan(1_000);
  }
}
