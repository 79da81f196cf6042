package io.wflaunch.testkit;

import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link WorkflowBackendContract} sets the scene behind a backend: each fake (and
 * {@link InMemoryWorkflowBackend}) implements this, so the one contract suite can run against every
 * adapter.
 */
public interface ContractScripting {

  /** How the runs of a scripted workflow end. */
  enum Outcome {
    /** The run ends successfully. */
    SUCCEED,
    /** The run ends in failure. */
    FAIL,
    /** Someone stops the run on the service's side; it ends cancelled. */
    STOPPED,
    /** The run keeps running until stopped through the API. */
    RUN_UNTIL_STOPPED
  }

  /**
   * A start request the backend must refuse before sending anything, and the field it must name.
   *
   * @param request the request
   * @param field the field the refusal names, such as {@code input}
   */
  record InvalidStart(StartRunRequest request, String field) {
    /** Checks the values. */
    public InvalidStart {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * Creates a workflow on the fake whose runs reach {@code outcome} about {@code runFor} after they
   * start (for {@link Outcome#RUN_UNTIL_STOPPED}, never by themselves).
   *
   * @param outcome how its runs end
   * @param runFor how long they run first
   * @return the workflow's target, under the backend's default id
   */
  WorkflowTarget createWorkflow(Outcome outcome, Duration runFor);

  /**
   * A well-formed target naming a workflow the fake does not have.
   *
   * @return the target
   */
  WorkflowTarget missingWorkflow();

  /**
   * A well-formed handle naming a run the fake does not have, of an existing workflow.
   *
   * @param workflow an existing workflow
   * @return the handle
   */
  RunHandle missingRun(WorkflowTarget workflow);

  /**
   * Requests to an existing workflow that the backend must refuse before sending anything.
   *
   * @param workflow an existing workflow
   * @return at least one invalid start
   */
  List<InvalidStart> invalidStarts(WorkflowTarget workflow);

  /**
   * How many requests the fake has received so far, refused ones included.
   *
   * @return the request count
   */
  int requestCount();

  /**
   * How many runs the workflow has on the fake.
   *
   * @param workflow an existing workflow
   * @return its run count
   */
  int runCount(WorkflowTarget workflow);

  /**
   * Throttles the next {@code calls} requests the fake receives.
   *
   * @param calls how many
   */
  void throttleNext(int calls);

  /**
   * For the next {@code calls} start requests, creates the run and then loses the answer: the backend
   * sees a failure whose outcome is unknown although the run exists.
   *
   * @param calls how many
   */
  void loseNextStartResponses(int calls);

  /**
   * Makes runs started from now on visible to list calls (and so to the start protocol's look-ups)
   * only after that many reads that would show them, as a lagging service listing does.
   *
   * @param reads how many reads a new run stays hidden from
   */
  void lagListings(int reads);
}
