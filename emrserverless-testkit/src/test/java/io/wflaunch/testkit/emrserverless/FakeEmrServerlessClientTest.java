package io.wflaunch.testkit.emrserverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.ValidationException;

class FakeEmrServerlessClientTest {

  private static final String ROLE = "arn:aws:iam::123456789012:role/emr-job";

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeEmrServerlessClient emr = FakeEmrServerlessClient.create(time.clock());

  private static StartJobRunRequest start(String app, String token) {
    return StartJobRunRequest.builder().applicationId(app).clientToken(token).executionRoleArn(ROLE)
        .jobDriver(JobDriver.fromSparkSubmit(SparkSubmit.builder().entryPoint("s3://b/m.py").build())).build();
  }

  private JobRunState state(String app, String id) {
    return emr.getJobRun(r -> r.applicationId(app).jobRunId(id)).jobRun().state();
  }

  @Test
  void aRepeatedTokenAnswersTheFirstRunAndAnotherTokenStartsAnother() {
    String app = emr.addApplication("etl", EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(1)));

    String first = emr.startJobRun(start(app, "t1")).jobRunId();
    String again = emr.startJobRun(start(app, "t1")).jobRunId();
    String other = emr.startJobRun(start(app, "t2")).jobRunId();

    assertEquals(first, again);
    assertNotEquals(first, other);
    assertEquals(2, emr.runCount(app));
    assertTrue(first.matches("[0-9a-z]{16}"));
  }

  @Test
  void aRunFollowsItsScriptAndAFailureKeepsItsStateDetails() {
    String app = emr.addApplication("etl", EmrServerlessRunScript.failsAfter(Duration.ofMinutes(1), "driver lost"));
    String id = emr.startJobRun(start(app, "t1")).jobRunId();

    assertEquals(JobRunState.SUBMITTED, state(app, id));
    time.advanceBy(EmrServerlessRunScript.LEAD);
    assertEquals(JobRunState.RUNNING, state(app, id));
    time.advanceBy(Duration.ofMinutes(1));
    assertEquals(JobRunState.FAILED, state(app, id));
    assertEquals("driver lost", emr.getJobRun(r -> r.applicationId(app).jobRunId(id)).jobRun().stateDetails());
  }

  @Test
  void aCancelIsCancellingThenCancelledAndAnEndedRunCannotBeCancelled() {
    String app = emr.addApplication("etl", EmrServerlessRunScript.runsUntilCancelled());
    String id = emr.startJobRun(start(app, "t1")).jobRunId();

    emr.cancelJobRun(r -> r.applicationId(app).jobRunId(id));
    assertEquals(JobRunState.CANCELLING, state(app, id));
    time.advanceBy(Duration.ofSeconds(5));
    assertEquals(JobRunState.CANCELLED, state(app, id));
    assertThrows(ValidationException.class, () -> emr.cancelJobRun(r -> r.applicationId(app).jobRunId(id)));
  }

  @Test
  void listingIsNewestFirstFilteredByCreationAndLagsWhenAsked() {
    String app = emr.addApplication("etl", EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(1)));
    String older = emr.startJobRun(start(app, "t1")).jobRunId();
    time.advanceBy(Duration.ofSeconds(10));
    var cut = time.now();
    time.advanceBy(Duration.ofSeconds(10));
    String newer = emr.startJobRun(start(app, "t2")).jobRunId();
    emr.listingLag(1);
    String hidden = emr.startJobRun(start(app, "t3")).jobRunId();

    assertEquals(List.of(newer, older), emr.listJobRuns(r -> r.applicationId(app)).jobRuns().stream()
        .map(run -> run.id()).toList());
    assertEquals(List.of(hidden, newer), emr.listJobRuns(r -> r.applicationId(app).createdAtAfter(cut)).jobRuns()
        .stream().map(run -> run.id()).toList());
  }

  @Test
  void theModelsRulesAndMissingApplicationsAreRefused() {
    String app = emr.addApplication("etl", EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(1)));

    assertThrows(ValidationException.class, () -> emr.startJobRun(start(app, "bad token")));
    assertThrows(ValidationException.class, () -> emr.startJobRun(start(app, "t").toBuilder()
        .executionRoleArn("arn:aws:iam::123456789012:user/me").build()));
    assertThrows(ValidationException.class, () -> emr.startJobRun(start(app, "t").toBuilder().jobDriver((JobDriver) null).build()));
    assertThrows(ResourceNotFoundException.class, () -> emr.startJobRun(start("00nosuchapp", "t")));
    assertThrows(ResourceNotFoundException.class, () -> emr.getJobRun(r -> r.applicationId(app).jobRunId("00none")));
    assertThrows(ValidationException.class, () -> emr.listJobRuns(r -> r.applicationId(app).maxResults(51)));
  }

  @Test
  void theAsyncClientSharesTheState() {
    String app = emr.addApplication("etl", EmrServerlessRunScript.succeedsAfter(Duration.ofMinutes(1)));
    String id = emr.asyncClient().startJobRun(start(app, "t1")).join().jobRunId();

    assertEquals(List.of(id), emr.runIds(app));
  }
}
