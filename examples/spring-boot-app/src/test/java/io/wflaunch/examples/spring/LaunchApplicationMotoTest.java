package io.wflaunch.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.testkit.moto.MotoServerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example app as a whole, with the real Glue SDK client over HTTP to moto: a start through the
 * REST endpoint, then the starts counted in {@code /actuator/metrics/wflaunch.starts}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.banner-mode=off", "logging.level.root=warn",
        "management.endpoint.health.show-details=always"})
class LaunchApplicationMotoTest {

  @RegisterExtension
  static final MotoServerExtension MOTO = new MotoServerExtension();

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void glueOnMoto(DynamicPropertyRegistry properties) {
    properties.add("wflaunch.backends.glue.endpoint", () -> MOTO.endpoint().toString());
    properties.add("wflaunch.backends.glue.region", () -> "us-east-1");
  }

  private static GlueClient glue() {
    return GlueClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @BeforeAll
  static void workflow() {
    MOTO.reset();
    try (GlueClient glue = glue()) {
      glue.createWorkflow(r -> r.name("nightly-etl"));
    }
  }

  @Test
  void aStartThroughTheEndpointIsCountedInActuatorMetrics() throws Exception {
    String body = "{\"target\":\"glue:nightly-etl\",\"idempotencyKey\":\"2026-11-24\","
        + "\"parameters\":{\"date\":\"2026-11-24\"}}";
    HttpResponse<String> first = post("/runs", body);
    HttpResponse<String> again = post("/runs", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    String handle = JSON.readTree(first.body()).get("handle").asString();
    assertThat(handle).startsWith("glue:nightly-etl/");
    assertThat(JSON.readTree(again.body()).get("handle").asString()).isEqualTo(handle);

    HttpResponse<String> status = get("/runs?handle=" + java.net.URLEncoder.encode(handle,
        java.nio.charset.StandardCharsets.UTF_8));
    assertThat(JSON.readTree(status.body()).get("state").asString()).isEqualTo("RUNNING");

    HttpResponse<String> starts = get("/actuator/metrics/wflaunch.starts");
    assertThat(starts.statusCode()).isEqualTo(200);
    System.out.println("GET /actuator/metrics/wflaunch.starts\n" + starts.body());
    JsonNode meter = JSON.readTree(starts.body());
    assertThat(meter.get("name").asString()).isEqualTo("wflaunch.starts");
    assertThat(meter.get("measurements").get(0).get("value").asDouble()).isEqualTo(2.0);
    assertThat(count("/actuator/metrics/wflaunch.starts?tag=result:started&tag=keyed:true")).isEqualTo(1.0);
    assertThat(count("/actuator/metrics/wflaunch.starts?tag=result:existing")).isEqualTo(1.0);
    assertThat(count("/actuator/metrics/wflaunch.calls?tag=operation:get_run&tag=outcome:success")).isEqualTo(1.0);

    HttpResponse<String> health = get("/actuator/health");
    JsonNode wflaunch = JSON.readTree(health.body()).get("components").get("wflaunch");
    assertThat(wflaunch.get("status").asString()).as(health.body()).isEqualTo("UP");
    assertThat(wflaunch.get("details").get("glue").asString()).isEqualTo("UP");
  }

  @Test
  void aHandleWithAPlusIsFoundThroughTheStatusAddressTheStartGivesAndWhenPastedAsItIs() throws Exception {
    // Its own workflow, removed afterwards: while moto holds it too, its ListWorkflows (the health probe) answers 500.
    try (GlueClient glue = glue()) {
      glue.createWorkflow(r -> r.name("etl+daily"));
      try {
        aHandleWithAPlusIsFound();
      } finally {
        glue.deleteWorkflow(r -> r.name("etl+daily"));
      }
    }
  }

  private void aHandleWithAPlusIsFound() throws Exception {
    HttpResponse<String> started = post("/runs", "{\"target\":\"glue:etl+daily\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String handle = JSON.readTree(started.body()).get("handle").asString();
    assertThat(handle).startsWith("glue:etl+daily/");
    String location = started.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo(JSON.readTree(started.body()).get("status").asString())
        .endsWith("/runs?handle=glue%3Aetl%2Bdaily%2F" + handle.substring("glue:etl+daily/".length()));

    HttpResponse<String> byLocation = get(URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery());
    HttpResponse<String> pasted = get("/runs?handle=" + handle);

    assertThat(List.of(byLocation, pasted)).allSatisfy(status -> {
      assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
      assertThat(JSON.readTree(status.body()).get("handle").asString()).isEqualTo(handle);
      assertThat(JSON.readTree(status.body()).get("state").asString()).isEqualTo("RUNNING");
    });
  }

  @Test
  void aBadRequestIsRefusedBeforeAnyRequestAndCountedAsInvalid() throws Exception {
    // Glue workflow names are at most 255 characters: refused by the adapter's checks, nothing sent.
    HttpResponse<String> refused = post("/runs", "{\"target\":\"glue:" + "w".repeat(256) + "\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).get("runMayExist").asBoolean()).isFalse();
    assertThat(JSON.readTree(refused.body()).get("message").asString()).contains("workflowName");
    assertThat(count("/actuator/metrics/wflaunch.starts?tag=result:failed")).isEqualTo(1.0);
    assertThat(count("/actuator/metrics/wflaunch.calls?tag=operation:start&tag=outcome:invalid")).isEqualTo(1.0);
  }

  private double count(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble();
  }

  private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
