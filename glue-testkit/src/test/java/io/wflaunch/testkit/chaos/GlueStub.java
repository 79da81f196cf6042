package io.wflaunch.testkit.chaos;

import io.wflaunch.testkit.http.StubHttpServer;
import io.wflaunch.testkit.http.StubHttpServer.Request;
import io.wflaunch.testkit.http.StubHttpServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Just enough Glue for the chaos tests: starts add runs, GetWorkflowRuns lists them newest first. */
final class GlueStub implements Function<Request, Response> {

  private final List<String> runIds = new ArrayList<>();

  static StubHttpServer start() {
    return StubHttpServer.start(new GlueStub());
  }

  @Override
  public synchronized Response apply(Request request) {
    String target = request.header("X-Amz-Target");
    if ("AWSGlue.StartWorkflowRun".equals(target)) {
      String runId = "wr_" + (runIds.size() + 1);
      runIds.add(runId);
      return glue("{\"RunId\":\"" + runId + "\"}");
    }
    if ("AWSGlue.GetWorkflowRuns".equals(target)) {
      StringBuilder runs = new StringBuilder();
      for (int i = runIds.size() - 1; i >= 0; i--) {
        runs.append(runs.length() == 0 ? "" : ",").append("{\"Name\":\"w\",\"WorkflowRunId\":\"").append(runIds.get(i))
            .append("\",\"StartedOn\":1763712000.1234,\"Status\":\"RUNNING\"}");
      }
      return glue("{\"Runs\":[" + runs + "]}");
    }
    return Response.awsError(400, "InvalidInputException", "unexpected " + target);
  }

  private static Response glue(String body) {
    return new Response(200, Map.of("Content-Type", "application/x-amz-json-1.1",
        "x-amzn-RequestId", "stub"), body);
  }
}
