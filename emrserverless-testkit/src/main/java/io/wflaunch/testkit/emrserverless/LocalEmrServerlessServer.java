package io.wflaunch.testkit.emrserverless;

import io.wflaunch.testkit.http.AwsAnswers;
import io.wflaunch.testkit.http.LocalAwsServer;
import io.wflaunch.testkit.http.StubHttpServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * A real HTTP Amazon EMR Serverless on 127.0.0.1 and a free port (a {@link LocalAwsServer}), for
 * wire-level tests with the real {@code EmrServerlessClient} where moto falls short: moto starts a new job
 * run for a repeated client token, and ends runs at once. It serves the REST-JSON bindings of the SDK's
 * service model and answers from a {@link FakeEmrServerlessClient}, with that fake's applications, runs,
 * validation, client-token deduplication, run scripts, faults and listing lag:
 *
 * <table>
 *   <caption>Served operations</caption>
 *   <tr><th>operation</th><th>binding</th></tr>
 *   <tr><td>StartJobRun</td><td>{@code POST /applications/{applicationId}/jobruns}, JSON body</td></tr>
 *   <tr><td>GetJobRun</td><td>{@code GET /applications/{applicationId}/jobruns/{jobRunId}}</td></tr>
 *   <tr><td>CancelJobRun</td><td>{@code DELETE /applications/{applicationId}/jobruns/{jobRunId}}</td></tr>
 *   <tr><td>ListJobRuns</td><td>{@code GET /applications/{applicationId}/jobruns?nextToken&maxResults&createdAtAfter&createdAtBefore&states}</td></tr>
 * </table>
 *
 * <p>StartJobRun's body is read whole into the request. The fake's service errors become the service's
 * error answers (HTTP status, {@code x-amzn-ErrorType}, a body {@code {"message":...}}), which the SDK turns
 * back into the same exception types; a start whose answer the fake loses closes the connection without an
 * answer, after the run was created (see {@link AwsAnswers}). Other paths answer 404 {@code UnknownOperationException}. Close it to stop it.
 */
public final class LocalEmrServerlessServer extends LocalAwsServer<FakeEmrServerlessClient> {

  private static final String PREFIX = "/applications/";

  private LocalEmrServerlessServer(FakeEmrServerlessClient fake) {
    super(fake, AwsAnswers.restJson("InternalServerException"), null);
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalEmrServerlessServer start() {
    return start(FakeEmrServerlessClient.create());
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the EMR Serverless the server answers from
   * @return the running server
   */
  public static LocalEmrServerlessServer start(FakeEmrServerlessClient fake) {
    return new LocalEmrServerlessServer(fake);
  }

  @Override
  protected StubHttpServer.Response serve(StubHttpServer.Request request) {
    return answers().answer(() -> dispatch(request));
  }

  private SdkPojo dispatch(StubHttpServer.Request request) {
    if (!request.path().startsWith(PREFIX)) {
      throw notFound(request);
    }
    String[] parts = request.path().substring(PREFIX.length()).split("/", -1);
    if (parts.length < 2 || !parts[1].equals("jobruns")) {
      throw notFound(request);
    }
    String applicationId = AwsAnswers.decode(parts[0]);
    Map<String, List<String>> query = AwsAnswers.query(request.query());
    if (parts.length == 2 && request.method().equals("POST")) {
      return fake().startJobRun(answers().read(request, StartJobRunRequest.builder().applicationId(applicationId)));
    }
    if (parts.length == 2 && request.method().equals("GET")) {
      return fake().listJobRuns(ListJobRunsRequest.builder().applicationId(applicationId)
          .nextToken(first(query, "nextToken")).maxResults(integer(first(query, "maxResults")))
          .createdAtAfter(instant(first(query, "createdAtAfter"))).createdAtBefore(instant(first(query, "createdAtBefore")))
          .statesWithStrings(query.getOrDefault("states", List.of())).build());
    }
    if (parts.length == 3 && !parts[2].isEmpty() && request.method().equals("GET")) {
      return fake().getJobRun(GetJobRunRequest.builder().applicationId(applicationId).jobRunId(AwsAnswers.decode(parts[2])).build());
    }
    if (parts.length == 3 && !parts[2].isEmpty() && request.method().equals("DELETE")) {
      return fake().cancelJobRun(CancelJobRunRequest.builder().applicationId(applicationId).jobRunId(AwsAnswers.decode(parts[2]))
          .build());
    }
    throw notFound(request);
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Integer integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw badRequest("maxResults must be an integer, found " + value);
    }
  }

  /** A query timestamp as the SDK writes it: ISO 8601. */
  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      throw badRequest("a timestamp must be ISO 8601, found " + value);
    }
  }

  private static AwsAnswers.Rejected badRequest(String message) {
    return new AwsAnswers.Rejected(400, "ValidationException", message);
  }

  private static AwsAnswers.Rejected notFound(StubHttpServer.Request request) {
    return new AwsAnswers.Rejected(404, "UnknownOperationException",
        "no operation serves " + request.method() + " " + request.path());
  }
}
