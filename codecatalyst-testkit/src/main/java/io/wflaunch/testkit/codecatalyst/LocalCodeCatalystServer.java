package io.wflaunch.testkit.codecatalyst;

import io.wflaunch.testkit.http.AwsAnswers;
import io.wflaunch.testkit.http.LocalAwsServer;
import io.wflaunch.testkit.http.StubHttpServer;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.codecatalyst.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowRunsRequest;
import software.amazon.awssdk.services.codecatalyst.model.ListWorkflowsRequest;
import software.amazon.awssdk.services.codecatalyst.model.StartWorkflowRunRequest;

/**
 * A real HTTP Amazon CodeCatalyst on 127.0.0.1 and a free port, for wire-level tests with the real
 * {@code CodeCatalystClient} (no public emulator knows CodeCatalyst). It serves the REST-JSON bindings of
 * the SDK's service model and answers from a {@link FakeCodeCatalystClient}, with that fake's workflows,
 * runs, validation, client-token semantics, run scripts, faults and listing lag:
 *
 * <table>
 *   <caption>Served operations</caption>
 *   <tr><th>operation</th><th>binding</th></tr>
 *   <tr><td>ListWorkflows</td><td>{@code POST /v1/spaces/{spaceName}/projects/{projectName}/workflows?nextToken&maxResults}</td></tr>
 *   <tr><td>StartWorkflowRun</td><td>{@code PUT /v1/spaces/{spaceName}/projects/{projectName}/workflowRuns?workflowId},
 *       body {@code {"clientToken":...}}</td></tr>
 *   <tr><td>GetWorkflowRun</td><td>{@code GET /v1/spaces/{spaceName}/projects/{projectName}/workflowRuns/{id}}</td></tr>
 *   <tr><td>ListWorkflowRuns</td><td>{@code POST /v1/spaces/{spaceName}/projects/{projectName}/workflowRuns?workflowId&nextToken&maxResults}</td></tr>
 * </table>
 *
 * <p>The fake's service errors become the service's error answers: their HTTP status, the error code in
 * {@code x-amzn-ErrorType}, the request id in {@code x-amzn-RequestId} and a body
 * {@code {"message":"..."}}, which the SDK turns back into the same exception types. A start whose
 * answer the fake loses ({@link io.wflaunch.testkit.Faults#loseNextStartResponses}) closes the connection
 * without an answer, after the run was created. Other paths answer 404 {@code UnknownOperationException}.
 *
 * <pre>{@code
 * try (LocalCodeCatalystServer server = LocalCodeCatalystServer.start()) {
 *   String workflowId = server.fake().addWorkflow("space", "project", "deploy", CodeCatalystRunScript.runsForever());
 *   CodeCatalystClient client = CodeCatalystClient.builder()
 *       .endpointOverride(server.endpoint())
 *       .region(Region.US_WEST_2)
 *       .tokenProvider(() -> () -> "token")
 *       .build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Requests are served on several threads at once (the fake serializes them), and answered as
 * {@link AwsAnswers} says. The bearer token is not checked. Close the server to stop it.
 */
public final class LocalCodeCatalystServer extends LocalAwsServer<FakeCodeCatalystClient> {

  private static final String PREFIX = "/v1/spaces/";

  private LocalCodeCatalystServer(FakeCodeCatalystClient fake) {
    super(fake, AwsAnswers.restJson("InternalServerException"), "local-codecatalyst");
  }

  /**
   * Starts a server over a new fake on the system clock.
   *
   * @return the running server
   */
  public static LocalCodeCatalystServer start() {
    return start(FakeCodeCatalystClient.create());
  }

  /**
   * Starts a server over a given fake, for instance one on a virtual clock.
   *
   * @param fake the CodeCatalyst the server answers from
   * @return the running server
   */
  public static LocalCodeCatalystServer start(FakeCodeCatalystClient fake) {
    return new LocalCodeCatalystServer(fake);
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
    if (parts.length < 4 || !parts[1].equals("projects")) {
      throw notFound(request);
    }
    String space = AwsAnswers.decode(parts[0]);
    String project = AwsAnswers.decode(parts[2]);
    Map<String, String> query = firstValues(request.query());
    String resource = parts[3];
    if (parts.length == 4 && resource.equals("workflows") && request.method().equals("POST")) {
      return fake().listWorkflows(ListWorkflowsRequest.builder().spaceName(space).projectName(project)
          .nextToken(query.get("nextToken")).maxResults(integer(query, "maxResults")).build());
    }
    if (parts.length == 4 && resource.equals("workflowRuns") && request.method().equals("PUT")) {
      return fake().startWorkflowRun(answers().read(request, StartWorkflowRunRequest.builder().spaceName(space)
          .projectName(project).workflowId(query.get("workflowId"))));
    }
    if (parts.length == 4 && resource.equals("workflowRuns") && request.method().equals("POST")) {
      return fake().listWorkflowRuns(ListWorkflowRunsRequest.builder().spaceName(space).projectName(project)
          .workflowId(query.get("workflowId")).nextToken(query.get("nextToken"))
          .maxResults(integer(query, "maxResults")).build());
    }
    if (parts.length == 5 && resource.equals("workflowRuns") && request.method().equals("GET") && !parts[4].isEmpty()) {
      return fake().getWorkflowRun(GetWorkflowRunRequest.builder().spaceName(space).projectName(project)
          .id(AwsAnswers.decode(parts[4])).build());
    }
    throw notFound(request);
  }

  private static Integer integer(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw badRequest(name + " must be an integer, found " + value);
    }
  }

  /** The first value of each query parameter. */
  private static Map<String, String> firstValues(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    AwsAnswers.query(raw).forEach((name, values) -> query.put(name, values.get(0)));
    return query;
  }

  private static AwsAnswers.Rejected badRequest(String message) {
    return new AwsAnswers.Rejected(400, "ValidationException", message);
  }

  private static AwsAnswers.Rejected notFound(StubHttpServer.Request request) {
    return new AwsAnswers.Rejected(404, "UnknownOperationException",
        "no operation serves " + request.method() + " " + request.path());
  }
}
