package io.wflaunch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;

/**
 * The examples' jar with {@code --aws}, as a user runs it, against moto: the SDK's default chains from
 * the environment ({@code AWS_ENDPOINT_URL} pointing at moto) and the jar's own HTTP client. moto keeps
 * runs going, so each example is stopped once it has printed its started run.
 */
class ExamplesAgainstMotoIT {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  @BeforeAll
  static void workflows() {
    try (GlueClient glue = GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SwfClient swf = SwfClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SfnClient sfn = SfnClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      glue.createWorkflow(r -> r.name("nightly-etl"));
      swf.registerDomain(r -> r.name("payments").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(r -> r.domain("payments").name("Settle").version("1.0")
          .defaultTaskList(t -> t.name("deciders")).defaultExecutionStartToCloseTimeout("600")
          .defaultTaskStartToCloseTimeout("60").defaultChildPolicy(ChildPolicy.TERMINATE));
      sfn.createStateMachine(r -> r.name("order-pipeline").roleArn("arn:aws:iam::123456789012:role/sfn")
          .definition("{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}"));
    }
  }

  String startedLine(String example) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Path.of("target", "wflaunch-examples.jar").toString(), "io.wflaunch.examples." + example, "--aws"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
        "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true", "AWS_ENDPOINT_URL", MOTO.endpoint().toString()));
    Process process = builder.start();
    // Should the example hang before printing, the watchdog ends it and the read below sees the end.
    Thread watchdog = new Thread(() -> {
      try {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> seen = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        seen.add(line);
        if (line.startsWith("started ")) {
          return line;
        }
      }
      throw new AssertionError(example + " ended without starting a run: " + seen);
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theGlueSwfAndStepFunctionsExamplesStartRunsWithAws() throws Exception {
    assertThat(startedLine("GlueExample")).startsWith("started glue:nightly-etl/wr_");
    assertThat(startedLine("SwfExample")).startsWith("started swf:payments/");
    assertThat(startedLine("StepFunctionsExample")).startsWith("started sfn:order-pipeline/");
  }
}
