package io.wflaunch.eventbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Putting the setup's statement into a resource policy: others' statements kept, nothing written when nothing changes. */
class PoliciesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectNode OURS = Policies.allowService("events.amazonaws.com", "sqs:SendMessage",
      "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:events:us-east-1:123456789012:rule/r");

  @Test
  void anAbsentBlankOrUnreadablePolicyBecomesOursAlone() throws Exception {
    for (Optional<String> existing : java.util.List.of(Optional.<String>empty(), Optional.of(" "), Optional.of("{nope"))) {
      JsonNode policy = JSON.readTree(Policies.withStatement(existing, OURS).orElseThrow());
      assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
      assertThat(policy.get("Statement")).containsExactly(OURS);
    }
  }

  @Test
  void ourStatementIsReplacedAndOthersAreKeptInOrder() throws Exception {
    String existing = "{\"Version\":\"2012-10-17\",\"Id\":\"theirs\",\"Statement\":["
        + "{\"Sid\":\"A\",\"Effect\":\"Deny\"},{\"Sid\":\"WflaunchRunEvents\",\"Effect\":\"Allow\"},{\"Effect\":\"Allow\"}]}";

    JsonNode policy = JSON.readTree(Policies.withStatement(Optional.of(existing), OURS).orElseThrow());

    assertThat(policy.get("Id").asText()).isEqualTo("theirs");
    assertThat(policy.get("Statement")).hasSize(3);
    assertThat(policy.get("Statement").get(0).get("Sid").asText()).isEqualTo("A");
    assertThat(policy.get("Statement").get(1).has("Sid")).isFalse();
    assertThat(policy.get("Statement").get(2)).isEqualTo(OURS);
  }

  @Test
  void aPolicyThatAlreadySaysItIsLeftAloneWhateverItsKeyOrder() {
    String written = Policies.withStatement(Optional.empty(), OURS).orElseThrow();
    String reordered = "{\"Statement\":[{\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:q\",\"Sid\":\"WflaunchRunEvents\","
        + "\"Action\":\"sqs:SendMessage\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},"
        + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:events:us-east-1:123456789012:rule/r\"}}}],"
        + "\"Version\":\"2012-10-17\"}";

    assertThat(Policies.withStatement(Optional.of(written), OURS)).isEmpty();
    assertThat(Policies.withStatement(Optional.of(reordered), OURS)).isEmpty();
    assertThat(Policies.sameJson(written, reordered)).isTrue();
    assertThat(Policies.sameJson(written, null)).isFalse();
  }

  @Test
  void aSingleStatementObjectIsReadLikeAList() throws Exception {
    String existing = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"B\",\"Effect\":\"Allow\"}}";

    JsonNode policy = JSON.readTree(Policies.withStatement(Optional.of(existing), OURS).orElseThrow());

    assertThat(policy.get("Statement")).hasSize(2);
    assertThat(policy.get("Statement").get(0).get("Sid").asText()).isEqualTo("B");
  }
}
