package io.wflaunch.benchmarks;

/**
 * Glue over canned in-process HTTP, so that a benchmark measures the SDK and wflaunch, not a network:
 * StartWorkflowRun answers a run id; GetWorkflowRuns answers no runs until a start was sent, then (once)
 * the started run carrying the key {@value #KEY}, as a keyed start's look-up before and confirmation
 * after would see. One benchmark thread at a time.
 */
final class CannedGlue {

  static final String KEY = "nightly-2026-11-24";
  private static final String STARTED = "{\"RunId\":\"wr_0001\"}";
  private static final String NO_RUNS = "{\"Runs\":[]}";
  private static final String THE_RUN = "{\"Runs\":[{\"Name\":\"etl\",\"WorkflowRunId\":\"wr_0001\",\"Status\":\"RUNNING\","
      + "\"StartedOn\":4102444800,\"WorkflowRunProperties\":{\"wflaunch.idempotency-key\":\"" + KEY + "\"}}]}";

  private CannedGlue() {}

  /** A canned Glue for one benchmark thread. */
  static CannedHttp create() {
    boolean[] started = {false};
    return new CannedHttp("application/x-amz-json-1.1", request -> {
      if (CannedHttp.operation(request).equals("StartWorkflowRun")) {
        started[0] = true;
        return STARTED;
      }
      String runs = started[0] ? THE_RUN : NO_RUNS;
      started[0] = false;
      return runs;
    });
  }
}
