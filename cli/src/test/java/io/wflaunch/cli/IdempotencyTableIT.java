package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.dynamodb.DynamoDbLocalExtension;
import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The built jar with {@code --idempotency-table}: Glue on moto and the table on DynamoDB Local, each
 * reached through the SDK's per-service endpoint variables ({@code AWS_ENDPOINT_URL_GLUE},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}), as a user points the AWS CLI at local servers.
 */
class IdempotencyTableIT {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  static GlueClient glue;
  static DynamoDbClient dynamo;

  record Result(int exit, String out, String err) {}

  @BeforeAll
  static void clients() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    dynamo = DYNAMODB.client();
  }

  @AfterAll
  static void close() {
    glue.close();
    dynamo.close();
  }

  Process wflaunch(Path dir, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "wflaunch.jar").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_ENDPOINT_URL_GLUE", MOTO.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", DYNAMODB.endpoint().toString());
    return builder.start();
  }

  Result finish(Path dir, String name, Process process) throws Exception {
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", name).isTrue();
    return new Result(process.exitValue(), Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
  }

  Result run(Path dir, String name, String... args) throws Exception {
    return finish(dir, name, wflaunch(dir, name, args));
  }

  @Test
  void initTableIsIdempotentAndRefusesATableWithAnotherKeySchema(@TempDir Path dir) throws Exception {
    Result first = run(dir, "first", "init-table", "cli-keys");
    Result again = run(dir, "again", "init-table", "cli-keys");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out().strip()).isEqualTo("cli-keys");
    assertThat(first.err()).contains("created table cli-keys");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("exists with the right key schema");

    dynamo.createTable(b -> b.tableName("not-ours").billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S)
            .build()));
    Result wrong = run(dir, "wrong", "init-table", "not-ours");
    assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrong.err()).contains("not-ours").contains("partition key 'key'");

    Result badName = run(dir, "bad-name", "init-table", "no");
    assertThat(badName.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badName.err()).contains("<name> must be 3 to 255 characters").contains("'no'");
  }

  @Test
  void twoProcessesStartedAtOnceWithTheSameKeyPrintTheSameHandleAndStartOneRun(@TempDir Path dir)
      throws Exception {
    MOTO.reset();
    glue.createWorkflow(r -> r.name("nightly"));
    assertThat(run(dir, "init", "init-table", "race-keys").exit()).isZero();

    String[] start = {"start", "glue:nightly", "-p", "date=2026-11-24", "--idempotency-key", "nightly-2026-11-24",
        "--idempotency-table", "race-keys", "--quiet"};
    Process one = wflaunch(dir, "one", start);
    Process two = wflaunch(dir, "two", start);
    Result first = finish(dir, "one", one);
    Result second = finish(dir, "two", two);

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(first.out().strip()).startsWith("glue:nightly/wr_").isEqualTo(second.out().strip());
    assertThat(glue.getWorkflowRuns(r -> r.name("nightly")).runs()).hasSize(1);

    Result different = run(dir, "different", "start", "glue:nightly", "-p", "date=2026-11-25", "--idempotency-key",
        "nightly-2026-11-24", "--idempotency-table", "race-keys");
    assertThat(different.exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(different.err()).contains("reused with a different request").contains(first.out().strip())
        .doesNotContain("2026-11-25");
  }

  @Test
  void aKeyPolicyWithoutATableIsAUsageErrorAndSendsNothing(@TempDir Path dir) throws Exception {
    MOTO.reset();
    glue.createWorkflow(r -> r.name("nightly"));

    Result result = run(dir, "policy", "start", "glue:nightly", "--idempotency-key", "k", "--key-reuse",
        "REJECT_DUPLICATE");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--key-reuse needs --idempotency-table");
    assertThat(glue.getWorkflowRuns(r -> r.name("nightly")).runs()).isEmpty();
  }
}
