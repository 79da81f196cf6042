package io.wflaunch.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.http.SdkJsonTest.Shape;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsAnswersTest {

  private static final SdkPojo EMPTY = List::of;

  private final AwsAnswers json = AwsAnswers.awsJson("1.1", "Svc.", "InternalFailure");
  private final AwsAnswers rest = AwsAnswers.restJson("InternalServerException");

  @Test
  void answersAnObjectAsTheProtocolsJson() {
    StubHttpServer.Response answer = json.answer(() -> new Shape(SdkJsonTest.RUN_FIELDS).with("Name", "n"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).containsEntry("Content-Type", "application/x-amz-json-1.1")
        .containsKey("x-amzn-RequestId");
    assertThat(answer.body()).isEqualTo("{\"name\":\"n\"}");
    assertThat(AwsAnswers.awsJson("1.0", "S.", "X").answer(() -> EMPTY).headers())
        .containsEntry("Content-Type", "application/x-amz-json-1.0");
    assertThat(rest.answer(() -> EMPTY).headers()).containsEntry("Content-Type", "application/json");
    assertThatThrownBy(() -> AwsAnswers.awsJson("2.0", "S.", "X")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersAServiceErrorWithItsStatusCodeAndRequestId() {
    AwsServiceException conflict = AwsServiceException.builder().statusCode(409).requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConflictException").errorMessage("taken").build()).build();

    StubHttpServer.Response fromJson = json.answer(() -> {
      throw conflict;
    });
    StubHttpServer.Response fromRest = rest.answer(() -> {
      throw conflict;
    });

    assertThat(fromJson.status()).isEqualTo(409);
    assertThat(fromJson.headers()).containsEntry("x-amzn-ErrorType", "ConflictException")
        .containsEntry("x-amzn-RequestId", "req-1");
    assertThat(fromJson.body()).isEqualTo("{\"__type\":\"ConflictException\",\"message\":\"taken\"}");
    assertThat(fromRest.status()).isEqualTo(409);
    assertThat(fromRest.headers()).containsEntry("x-amzn-ErrorType", "ConflictException");
    assertThat(fromRest.body()).isEqualTo("{\"message\":\"taken\"}");
  }

  @Test
  void aServiceErrorWithoutDetailsIsAnInternalError() {
    StubHttpServer.Response answer = json.answer(() -> {
      throw AwsServiceException.builder().message("broken").build();
    });

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.headers()).containsEntry("x-amzn-ErrorType", "InternalFailure");
    assertThat(answer.body()).contains("\"message\":\"broken\"");
  }

  @Test
  void aLostAnswerClosesTheConnectionOrIsAnsweredAsAnInternalError() {
    SdkClientException lost = SdkClientException.create("lost");

    assertThatThrownBy(() -> json.answer(() -> {
      throw lost;
    })).isInstanceOf(IllegalStateException.class).hasCause(lost);
    StubHttpServer.Response answered = AwsAnswers.awsJson("1.1", "Svc.", "InternalFailure").answeringLostAnswers()
        .answer(() -> {
          throw lost;
        });
    assertThat(answered.status()).isEqualTo(500);
    assertThat(answered.headers()).containsEntry("x-amzn-ErrorType", "InternalFailure");
  }

  @Test
  void rejectedRequestsAndOtherFailuresKeepTheirOwnAnswers() {
    StubHttpServer.Response rejected = rest.answer(() -> {
      throw new AwsAnswers.Rejected(404, "UnknownOperationException", "no such path");
    });
    StubHttpServer.Response failed = rest.answer(() -> {
      throw new IllegalStateException("bug");
    });

    assertThat(rejected.status()).isEqualTo(404);
    assertThat(rejected.headers()).containsEntry("x-amzn-ErrorType", "UnknownOperationException");
    assertThat(rejected.body()).isEqualTo("{\"message\":\"no such path\"}");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.headers()).containsEntry("x-amzn-ErrorType", "InternalServerException");
  }

  @Test
  void servesRegisteredOperationsByTarget() {
    AtomicReference<Shape> received = new AtomicReference<>();
    json.operation("Describe", () -> new Shape.Builder(SdkJsonTest.RUN_FIELDS), request -> {
      received.set(request);
      return new Shape(SdkJsonTest.STEP_FIELDS).with("StepName", "done");
    });

    StubHttpServer.Response answer = json.serve(post("Svc.Describe", "{\"name\":\"n\",\"attempt\":2}"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"stepName\":\"done\"}");
    assertThat(received.get().values).isEqualTo(Map.of("Name", "n", "Attempt", 2));
    assertThat(json.count(List.of(post("Svc.Describe", ""), post("Svc.Other", ""), post("Svc.Describe", "")),
        "Describe")).isEqualTo(2);
  }

  @Test
  void refusesUnknownOperationsAndBodiesItCannotRead() {
    json.operation("Describe", () -> new Shape.Builder(SdkJsonTest.RUN_FIELDS), request -> EMPTY);

    assertUnknown(json.serve(post("Svc.Missing", "{}")));
    assertUnknown(json.serve(post("Other.Describe", "{}")));
    assertUnknown(json.serve(new StubHttpServer.Request("GET", "/", "", Map.of("x-amz-target", "Svc.Describe"), "")));
    assertBadBody(json.serve(post("Svc.Describe", "{not json")), "SerializationException");
    assertBadBody(json.serve(post("Svc.Describe", "[1]")), "SerializationException");
    assertBadBody(json.serve(post("Svc.Describe", "{\"attempt\":\"two\"}")), "SerializationException");
    assertBadBody(rest.answer(() -> rest.read(post(null, "{\"attempt\":true}"),
        new Shape.Builder(SdkJsonTest.RUN_FIELDS))), "ValidationException");
    assertThatThrownBy(() -> rest.operation("Describe", () -> new Shape.Builder(SdkJsonTest.RUN_FIELDS), r -> EMPTY))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decodesQueriesAsTheSdkEncodesThem() {
    assertThat(AwsAnswers.query("states=A&states=B&next=a%2Fb+c&flag&empty="))
        .containsExactly(Map.entry("states", List.of("A", "B")), Map.entry("next", List.of("a/b+c")),
            Map.entry("flag", List.of("")), Map.entry("empty", List.of("")));
    assertThat(AwsAnswers.query("")).isEmpty();
    assertThat(AwsAnswers.decode("caf%C3%A9%20%zz%4")).isEqualTo("café %zz%4");
  }

  @Test
  void aConcurrentStubServerClosesTheConnectionWhenItsHandlerThrows() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    try (StubHttpServer server = StubHttpServer.start(request -> {
      thread.set(Thread.currentThread().getName());
      if (request.path().equals("/lose")) {
        throw new IllegalStateException("answer lost");
      }
      return StubHttpServer.Response.json(200, "{}");
    }, "local-test")) {
      HttpResponse<String> ok = client().send(HttpRequest.newBuilder(server.endpoint().resolve("/ok")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(thread.get()).startsWith("local-test-");
      // A POST, which the JDK client does not resend after a closed connection.
      assertThatThrownBy(() -> client().send(HttpRequest.newBuilder(server.endpoint().resolve("/lose"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
      assertThat(server.requests()).extracting(StubHttpServer.Request::path).containsExactly("/ok", "/lose");
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static StubHttpServer.Request post(String target, String body) {
    return new StubHttpServer.Request("POST", "/", "", target == null ? Map.of() : Map.of("x-amz-target", target), body);
  }

  private static void assertUnknown(StubHttpServer.Response answer) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.headers()).containsEntry("x-amzn-ErrorType", "UnknownOperationException");
  }

  private static void assertBadBody(StubHttpServer.Response answer, String code) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.headers()).containsEntry("x-amzn-ErrorType", code);
  }
}
