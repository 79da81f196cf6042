package io.wflaunch.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ConfigurationException;
import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.testkit.chaos.ChaosHttpClient;
import io.wflaunch.testkit.chaos.ChaosPlan;
import io.wflaunch.testkit.chaos.Fault;
import io.wflaunch.testkit.chaos.ServiceProfile;
import io.wflaunch.testkit.chaos.ServiceProfile.ErrorAnswer;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The DynamoDB store over HTTP against DynamoDB Local with the real SDK client: what a start costs, the
 * table it creates, and lost or refused answers injected below the SDK.
 */
class DynamoDbIdempotencyStoreTest {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  /** DynamoDB as the chaos layer answers for it (JSON 1.0). */
  static final ServiceProfile DYNAMODB_PROFILE = ServiceProfile.builder("DynamoDB")
      .throttling(ErrorAnswer.awsJson(400, "1.0", "ProvisionedThroughputExceededException", "Rate exceeded"))
      .internalError(ErrorAnswer.awsJson(500, "1.0", "InternalServerError", "Internal server error"))
      .build();

  static final WorkflowTarget NIGHTLY = WorkflowTarget.of("glue", "nightly");
  static final String TABLE = "wflaunch-keys";

  static final DynamoDbLocalExtension.RequestLog REQUESTS = new DynamoDbLocalExtension.RequestLog();
  static DynamoDbClient dynamo;

  FakeGlueClient glue;

  @BeforeAll
  static void table() {
    dynamo = DYNAMODB.client(REQUESTS);
    DynamoDbIdempotencyStore.createTable(dynamo, TABLE);
  }

  @AfterAll
  static void close() {
    dynamo.close();
  }

  @BeforeEach
  void glue() {
    glue = FakeGlueClient.create();
    glue.addWorkflow("nightly", GlueRunScript.runsUntilStopped());
    REQUESTS.clear();
  }

  WorkflowLauncher launcher(DynamoDbClient client, IdempotencyPolicy policy) {
    return WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .idempotencyStore(DynamoDbIdempotencyStore.create(client, TABLE)).idempotencyPolicy(policy).build();
  }

  static StartRunRequest keyed(String key) {
    return StartRunRequest.builder(NIGHTLY).parameter("date", "2026-11-24").idempotencyKey(key).build();
  }

  static String newKey() {
    return "order-" + UUID.randomUUID();
  }

  @Nested
  class Costs {
    @Test
    void aNewKeyCostsTwoRequestsAndARepeatedKeyOne() {
      String key = newKey();
      try (WorkflowLauncher launcher = launcher(dynamo, IdempotencyPolicy.DEFAULT)) {
        RunHandle first = launcher.start(keyed(key));
        assertThat(REQUESTS.operations()).containsExactly("PutItem", "PutItem");

        REQUESTS.clear();
        RunHandle again = launcher.start(keyed(key));
        assertThat(again).isEqualTo(first);
        assertThat(REQUESTS.operations()).containsExactly("PutItem");

        REQUESTS.clear();
        RunHandle asynchronously = launcher.startAsync(keyed(key)).join();
        assertThat(asynchronously).isEqualTo(first);
        assertThat(REQUESTS.operations()).containsExactly("PutItem");
      }
      assertThat(glue.runsOf("nightly")).hasSize(1);
    }

    @Test
    void theItemHoldsTheHashButNoParameterValue() {
      String key = newKey();
      try (WorkflowLauncher launcher = launcher(dynamo, IdempotencyPolicy.DEFAULT)) {
        launcher.start(StartRunRequest.builder(NIGHTLY).parameter("password", "hunter2-secret")
            .parameter("token", "s3cr3t").idempotencyKey(key).build());
      }
      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(TABLE)
          .key(Map.of(DynamoDbIdempotencyStore.KEY, AttributeValue.fromS("glue:nightly " + key)))).item();

      assertThat(item).containsOnlyKeys("key", "requestHash", "owner", "fence", "generation", "leaseUntil", "handle",
          "expiresAt");
      assertThat(item.toString()).doesNotContain("hunter2").doesNotContain("s3cr3t").doesNotContain("password");
      assertThat(Long.parseLong(item.get("expiresAt").n()))
          .isBetween(Instant.now().plus(Duration.ofDays(7)).getEpochSecond() - 60,
              Instant.now().plus(Duration.ofDays(7)).getEpochSecond() + 60);
    }

    @Test
    void aKeyReusePolicyThatLetsAFailedRunGoStartsTheNextGeneration() {
      String key = newKey();
      GlueRunScript fails = GlueRunScript.errorsAfter(Duration.ZERO, "boom");
      glue.addWorkflow("flaky", fails);
      StartRunRequest request = StartRunRequest.builder(WorkflowTarget.of("glue", "flaky")).idempotencyKey(key)
          .keyReusePolicy(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED).build();
      try (WorkflowLauncher launcher = launcher(dynamo, IdempotencyPolicy.DEFAULT)) {
        RunHandle first = launcher.start(request);
        RunHandle second = launcher.start(request);

        assertThat(second).isNotEqualTo(first);
      }
      assertThat(glue.runsOf("flaky")).hasSize(2);
    }
  }

  @Nested
  class Table {
    @Test
    void createTableMakesAnOnDemandTableWithTimeToLiveAndAcceptsItsOwnTableAgain() {
      String name = "keys-" + UUID.randomUUID();

      assertThat(DynamoDbIdempotencyStore.createTable(dynamo, name)).isTrue();
      assertThat(DynamoDbIdempotencyStore.createTable(dynamo, name)).isFalse();

      var table = dynamo.describeTable(b -> b.tableName(name)).table();
      assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
      assertThat(table.keySchema()).containsExactly(
          KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build());
      var ttl = dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
      assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
      assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void aTableWithAnotherKeySchemaIsRefusedByName() {
      String name = "other-" + UUID.randomUUID();
      dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
              .attributeType(ScalarAttributeType.S).build()));

      assertThatThrownBy(() -> DynamoDbIdempotencyStore.createTable(dynamo, name))
          .isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.setting()).isEqualTo("idempotency table");
            assertThat(e.getMessage()).contains(name).contains("partition key 'key'");
          });
    }

    @Test
    void aStartThroughATableWithAnotherKeySchemaIsAConfigurationErrorAndStartsNothing() {
      String name = "numbers-" + UUID.randomUUID();
      dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
          .keySchema(KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build())
          .attributeDefinitions(AttributeDefinition.builder().attributeName("key")
              .attributeType(ScalarAttributeType.N).build()));

      assertThatThrownBy(() -> DynamoDbIdempotencyStore.createTable(dynamo, name))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("partition key 'key' of type N");
      try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
          .idempotencyStore(DynamoDbIdempotencyStore.create(dynamo, name)).build()) {
        assertThatThrownBy(() -> launcher.start(keyed(newKey())))
            .isInstanceOfSatisfying(ConfigurationException.class, e -> {
              assertThat(e.getMessage()).contains(name).contains("refused the store's item");
              assertThat(e.outcomeUnknown()).isFalse();
            });
      }
      assertThat(glue.runsOf("nightly")).isEmpty();
    }

    @Test
    void aMissingTableIsAConfigurationErrorThatSaysHowToCreateIt() {
      try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
          .idempotencyStore(DynamoDbIdempotencyStore.create(dynamo, "no-such-table")).build()) {
        assertThatThrownBy(() -> launcher.start(keyed(newKey())))
            .isInstanceOfSatisfying(ConfigurationException.class, e -> {
              assertThat(e.getMessage()).contains("no-such-table").contains("wflaunch init-table no-such-table");
              assertThat(e.outcomeUnknown()).isFalse();
            });
      }
      assertThat(glue.runsOf("nightly")).isEmpty();
    }

    @Test
    void aKeyLongerThanDynamoDbTakesIsRefusedBeforeAnyRequest() {
      String key = "glue:" + "%E0%A0%80".repeat(230) + " order-1";
      io.wflaunch.spi.store.IdempotencyRecord claim = new io.wflaunch.spi.store.IdempotencyRecord(key, "a".repeat(64), "owner", 1,
          1, Instant.now().plusSeconds(60), java.util.Optional.empty(), Instant.now().plusSeconds(3600));
      REQUESTS.clear();

      assertThatThrownBy(() -> DynamoDbIdempotencyStore.create(dynamo, TABLE).create(claim, Instant.now()))
          .isInstanceOfSatisfying(io.wflaunch.InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("idempotencyKey");
            assertThat(e.getMessage()).contains("2048 bytes");
          });
      assertThat(REQUESTS.operations()).isEmpty();
    }

    @Test
    void aBadTableNameIsRefusedBeforeAnyRequest() {
      assertThatThrownBy(() -> DynamoDbIdempotencyStore.create(dynamo, "a b"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tableName")
          .hasMessageContaining("3 to 255 characters");
    }
  }

  @Nested
  class OnTheWire {
    ChaosPlan plan;

    DynamoDbClient chaotic(ChaosPlan chaos) {
      plan = chaos;
      return DynamoDbClient.builder().endpointOverride(DYNAMODB.endpoint()).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), chaos, DYNAMODB_PROFILE))
          // Three attempts (the standard mode) rather than DynamoDB's legacy eleven with throttling backoff.
          .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
          .build();
    }

    @Test
    void aClaimWhoseAnswerWasLostIsRecognisedWhenTheSdksRetryFindsIt() {
      String key = newKey();
      try (DynamoDbClient client = chaotic(ChaosPlan.builder().script("PutItem", Fault.DROP_RESPONSE).build());
          WorkflowLauncher launcher = launcher(client, IdempotencyPolicy.DEFAULT)) {
        RunHandle run = launcher.start(keyed(key));

        assertThat(glue.runsOf("nightly")).hasSize(1);
        assertThat(DynamoDbIdempotencyStore.create(dynamo, TABLE).read("glue:nightly " + key, Instant.now())
            .orElseThrow().handle()).contains(run);
      }
      assertThat(plan.log().faults("PutItem")).startsWith(Fault.DROP_RESPONSE);
    }

    @Test
    void aRecordWhoseAnswerWasLostIsWrittenAgainHarmlesslyByTheSdksRetry() {
      String key = newKey();
      try (DynamoDbClient client = chaotic(ChaosPlan.builder()
          .script("PutItem", Fault.NONE, Fault.DROP_RESPONSE).build());
          WorkflowLauncher launcher = launcher(client, IdempotencyPolicy.DEFAULT)) {
        RunHandle run = launcher.start(keyed(key));

        assertThat(launcher.start(keyed(key))).isEqualTo(run);
        assertThat(DynamoDbIdempotencyStore.create(dynamo, TABLE).read("glue:nightly " + key, Instant.now())
            .orElseThrow().handle()).contains(run);
      }
      assertThat(glue.runsOf("nightly")).hasSize(1);
    }

    @Test
    void aThrottledTableFailsTheStartRetryablyBeforeAnythingIsStarted() {
      Fault[] throttled = new Fault[20];
      java.util.Arrays.fill(throttled, Fault.THROTTLE);
      try (DynamoDbClient client = chaotic(ChaosPlan.builder().script("PutItem", throttled).build());
          WorkflowLauncher launcher = launcher(client, IdempotencyPolicy.DEFAULT)) {
        assertThatThrownBy(() -> launcher.start(keyed(newKey())))
            .isInstanceOfSatisfying(ThrottledException.class, e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.outcomeUnknown()).isFalse();
              assertThat(e.target()).contains(NIGHTLY);
              assertThat(e.getMessage()).contains("idempotency table 'wflaunch-keys' (DynamoDB)");
            });
      }
      assertThat(glue.runsOf("nightly")).isEmpty();
    }

    @Test
    void aFailingTableFailsTheStartAsUnavailableWithoutAnUnknownOutcome() {
      Fault[] failing = new Fault[20];
      java.util.Arrays.fill(failing, Fault.SERVER_ERROR);
      try (DynamoDbClient client = chaotic(ChaosPlan.builder().script("PutItem", failing).build());
          WorkflowLauncher launcher = launcher(client, IdempotencyPolicy.DEFAULT)) {
        assertThatThrownBy(() -> launcher.start(keyed(newKey())))
            .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
      }
      assertThat(glue.runsOf("nightly")).isEmpty();
    }
  }
}
