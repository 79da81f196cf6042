package io.wflaunch.testkit.chaos;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * One request on its way through a chaos client: its decided fault, and everything the layer does to
 * answers (fabricated errors, the run id of a start, listing lag over listings and lagged gets), the same
 * for the blocking and the async client.
 */
final class Exchange {

  /** An answer with its whole body; {@code body} is null when there is none. */
  record Answer(SdkHttpResponse response, byte[] body) {}

  /** Keeps numbers exactly as they were (epoch-second timestamps may have decimals). */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private static final String BAD_GATEWAY_BODY =
      "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

  private final ChaosPlan plan;
  private final ServiceProfile profile;
  private final ChaosLog.Entry decision;

  private Exchange(ChaosPlan plan, ServiceProfile profile, ChaosLog.Entry decision) {
    this.plan = plan;
    this.profile = profile;
    this.decision = decision;
  }

  static Exchange begin(ChaosPlan plan, ServiceProfile profile, SdkHttpRequest request, byte[] body) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    String operation = profile.operationOf(request);
    return new Exchange(plan, profile,
        plan.decide(profile, operation, request.method().name(),
            request.encodedPath() + request.encodedQueryParameters().map(query -> "?" + query).orElse(""), text));
  }

  Fault fault() {
    return decision.fault();
  }

  /**
   * For a {@linkplain ServiceProfile.LaggedGet lagged get} of a run the listing lag still hides, whose
   * caller gets the answer ({@link Fault#NONE}, {@link Fault#DELAY} or {@link Fault#HOLD}): counts the
   * hidden read, notes the
   * run in the log, and returns the profile's not-found answer, which the client gives instead of
   * forwarding the request.
   *
   * @return the not-found answer, or empty when the request goes on as usual
   */
  Optional<Answer> laggedGet() {
    ServiceProfile.LaggedGet get = profile.laggedGets().get(decision.operation());
    if (get == null || !reachesCaller() || !plan.hidesRuns()) {
      return Optional.empty();
    }
    Optional<String> runId;
    try {
      JsonNode root = JSON.readTree(decision.requestBody());
      runId = root == null ? Optional.empty() : text(at(root, get.runIdPath()));
    } catch (IOException e) {
      runId = Optional.empty();
    }
    if (runId.isEmpty() || !plan.hide(profile, runId.get())) {
      return Optional.empty();
    }
    List<String> hidden = List.of(runId.get());
    plan.log().update(decision.sequence(), entry -> entry.hid(hidden));
    ServiceProfile.ErrorAnswer notFound = get.notFound();
    SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(notFound.status());
    notFound.headers().forEach(response::putHeader);
    return Optional.of(withBody(response, notFound.body()));
  }

  /** Whether the caller gets the answer (at once or late), so that a lag may edit it. */
  private boolean reachesCaller() {
    return fault() == Fault.NONE || fault() == Fault.DELAY || fault() == Fault.HOLD;
  }

  /**
   * Counts an answer that met {@link Fault#HOLD} as held.
   *
   * @return completes when the test releases it
   */
  CompletableFuture<Void> hold() {
    return plan.hold();
  }

  /** Notes that the request goes to the service. */
  void forwarding() {
    plan.log().update(decision.sequence(), ChaosLog.Entry::markForwarded);
  }

  /** Notes the service's answer: its status, and the run a start created (for the listing lag). */
  void received(Answer answer) {
    int status = answer.response().statusCode();
    Optional<String> runId = Optional.empty();
    if (profile.isStart(decision.operation()) && answer.response().isSuccessful() && answer.body() != null) {
      runId = readTree(answer.body()).flatMap(root -> text(at(root, profile.starts().get(decision.operation()))));
      runId.ifPresent(id -> plan.runCreated(profile, id));
    }
    Optional<String> created = runId;
    plan.log().update(decision.sequence(), entry -> entry.answered(status, created));
  }

  /** The service's answer as the caller gets it: unchanged, except listings under listing lag. */
  Answer toCaller(Answer answer) {
    if (!profile.isListing(decision.operation()) || !answer.response().isSuccessful() || answer.body() == null
        || !plan.hidesRuns() || answer.response().firstMatchingHeader("Content-Encoding")
            .filter(encoding -> !encoding.equalsIgnoreCase("identity")).isPresent()) {
      return answer;
    }
    Optional<JsonNode> parsed = readTree(answer.body());
    if (parsed.isEmpty()) {
      return answer;
    }
    JsonNode root = parsed.get();
    String path = profile.listings().get(decision.operation());
    int mark = path.indexOf("[].");
    JsonNode items = at(root, path.substring(0, mark));
    if (!(items instanceof ArrayNode)) {
      return answer;
    }
    String idPath = path.substring(mark + 3);
    List<String> hidden = new ArrayList<>();
    for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
      Optional<String> id = text(at(it.next(), idPath));
      if (id.isPresent() && plan.hide(profile, id.get())) {
        hidden.add(id.get());
        it.remove();
      }
    }
    if (hidden.isEmpty()) {
      return answer;
    }
    plan.log().update(decision.sequence(), entry -> entry.hid(hidden));
    byte[] edited;
    try {
      edited = JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
    SdkHttpResponse response = answer.response().toBuilder()
        .removeHeader("x-amz-crc32")
        .putHeader("Content-Length", Integer.toString(edited.length))
        .build();
    return new Answer(response, edited);
  }

  /** The profile's answer to a throttled request or one that met a server error. */
  Answer fabricated() {
    ServiceProfile.ErrorAnswer error = fault() == Fault.THROTTLE ? profile.throttling() : profile.internalError();
    SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(error.status());
    error.headers().forEach(response::putHeader);
    return withBody(response, error.body());
  }

  /** A proxy's 502. */
  Answer badGateway() {
    return withBody(SdkHttpFullResponse.builder().statusCode(502).statusText("Bad Gateway")
        .putHeader("Content-Type", "text/html"), BAD_GATEWAY_BODY);
  }

  private Answer withBody(SdkHttpFullResponse.Builder response, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    response.putHeader("x-amzn-RequestId", "chaos-" + decision.sequence())
        .putHeader("Content-Length", Integer.toString(body.length));
    return new Answer(response.build(), body);
  }

  private static Optional<JsonNode> readTree(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      return root == null || root.isMissingNode() ? Optional.empty() : Optional.of(root);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String field : dottedPath.split("\\.")) {
      current = current.path(field);
    }
    return current;
  }

  private static Optional<String> text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
  }
}
