package io.wflaunch.testkit.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DefaultUndefinedException;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.ExecutionTimeFilter;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.TypeDeprecatedException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/** The SWF fake behaves like SWF where wflaunch (and its users' tests) rely on it. */
class FakeSwfClientTest {

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSwfClient swf = FakeSwfClient.create(time.clock());

  private String start(String type, String workflowId) {
    return swf.startWorkflowExecution(r -> r.domain("d").workflowId(workflowId)
        .workflowType(t -> t.name(type).version("1"))).runId();
  }

  private WorkflowExecutionInfo describe(String workflowId, String runId) {
    return swf.describeWorkflowExecution(r -> r.domain("d").execution(e -> e.workflowId(workflowId).runId(runId)))
        .executionInfo();
  }

  private ExecutionTimeFilter lastDay() {
    return ExecutionTimeFilter.builder().oldestDate(time.now().minus(Duration.ofDays(1))).build();
  }

  @Test
  void executionsCloseAsScripted() {
    swf.addWorkflowType("d", "Ok", "1", SwfRunScript.completesAfter(Duration.ofMinutes(1)))
        .addWorkflowType("d", "Bad", "1", SwfRunScript.failsAfter(Duration.ofMinutes(1), "boom"))
        .addWorkflowType("d", "Quit", "1", SwfRunScript.cancelledAfter(Duration.ofMinutes(1)));
    String ok = start("Ok", "w1");
    String bad = start("Bad", "w2");
    String quit = start("Quit", "w3");

    assertThat(describe("w1", ok).executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    time.advanceBy(Duration.ofMinutes(1));

    assertThat(describe("w1", ok).closeStatus()).isEqualTo(CloseStatus.COMPLETED);
    assertThat(describe("w2", bad).closeStatus()).isEqualTo(CloseStatus.FAILED);
    assertThat(describe("w3", quit).closeStatus()).isEqualTo(CloseStatus.CANCELED);
    assertThat(describe("w1", ok).closeTimestamp()).isEqualTo(time.now());
  }

  @Test
  void anExecutionTimesOutWhenItsTimeoutPassesFirst() {
    swf.addWorkflowType("d", "Slow", "1", SwfRunScript.completesAfter(Duration.ofHours(2)));
    String run = swf.startWorkflowExecution(r -> r.domain("d").workflowId("w")
        .workflowType(t -> t.name("Slow").version("1")).executionStartToCloseTimeout("3600")).runId();

    time.advanceBy(Duration.ofHours(1));

    assertThat(describe("w", run).closeStatus()).isEqualTo(CloseStatus.TIMED_OUT);
  }

  @Test
  void continuingAsNewStartsTheNextExecutionOfTheSameWorkflowId() {
    swf.addWorkflowType("d", "Loop", "1", SwfRunScript.continuesAsNewAfter(Duration.ofMinutes(1),
        SwfRunScript.completesAfter(Duration.ofMinutes(1))));
    String first = start("Loop", "w");

    time.advanceBy(Duration.ofSeconds(90));

    List<WorkflowExecutionInfo> all = swf.executionsOf("d");
    assertThat(all).hasSize(2);
    assertThat(all.get(0).closeStatus()).isEqualTo(CloseStatus.CONTINUED_AS_NEW);
    assertThat(all.get(1).execution().workflowId()).isEqualTo("w");
    assertThat(all.get(1).execution().runId()).isNotEqualTo(first);
    assertThat(all.get(1).executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(all.get(1).startTimestamp()).isEqualTo(all.get(0).closeTimestamp());
  }

  @Test
  void aWorkflowIdIsUniqueAmongOpenExecutionsOnly() {
    swf.addWorkflowType("d", "T", "1", SwfRunScript.completesAfter(Duration.ofMinutes(1)));
    start("T", "w");

    assertThatThrownBy(() -> start("T", "w")).isInstanceOf(WorkflowExecutionAlreadyStartedException.class);
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(start("T", "w")).isNotBlank();
  }

  @Test
  void cancelClosesAfterTheDelayAndTerminateAtOnce() {
    swf.addWorkflowType("d", "T", "1", SwfRunScript.staysOpen()).cancelDelay(Duration.ofSeconds(30));
    String a = start("T", "a");
    String b = start("T", "b");

    swf.requestCancelWorkflowExecution(r -> r.domain("d").workflowId("a").runId(a));
    swf.terminateWorkflowExecution(r -> r.domain("d").workflowId("b").runId(b).reason("operator"));

    assertThat(describe("a", a).cancelRequested()).isTrue();
    assertThat(describe("a", a).executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(describe("b", b).closeStatus()).isEqualTo(CloseStatus.TERMINATED);
    var close = swf.getWorkflowExecutionHistory(r -> r.domain("d").execution(e -> e.workflowId("b").runId(b))
        .reverseOrder(true).maximumPageSize(1)).events();
    assertThat(close).singleElement().satisfies(event ->
        assertThat(event.workflowExecutionTerminatedEventAttributes().reason()).isEqualTo("operator"));
    time.advanceBy(Duration.ofSeconds(30));
    assertThat(describe("a", a).closeStatus()).isEqualTo(CloseStatus.CANCELED);
    assertThatThrownBy(() -> swf.terminateWorkflowExecution(r -> r.domain("d").workflowId("b").runId(b)))
        .isInstanceOf(UnknownResourceException.class);
  }

  @Test
  void typesApplyTheirDefaultsAndRefuseMissingOnes() {
    swf.registerDomain(r -> r.name("d").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("d").name("Bare").version("1"));
    swf.registerWorkflowType(r -> r.domain("d").name("Full").version("1").defaultTaskList(t -> t.name("tl"))
        .defaultExecutionStartToCloseTimeout("60").defaultTaskStartToCloseTimeout("NONE").defaultChildPolicy("ABANDON"));

    assertThatThrownBy(() -> start("Bare", "w1")).isInstanceOf(DefaultUndefinedException.class)
        .hasMessageContaining("executionStartToCloseTimeout");
    String run = start("Full", "w2");
    assertThat(swf.describeWorkflowExecution(r -> r.domain("d").execution(e -> e.workflowId("w2").runId(run)))
        .executionConfiguration().childPolicyAsString()).isEqualTo("ABANDON");

    swf.deprecateWorkflowType(r -> r.domain("d").workflowType(t -> t.name("Full").version("1")));
    assertThatThrownBy(() -> start("Full", "w3")).isInstanceOf(TypeDeprecatedException.class);
  }

  @Test
  void inputIsCheckedAsSwfChecksIt() {
    swf.addWorkflowType("d", "T", "1", SwfRunScript.staysOpen());
    List<StartWorkflowExecutionRequest> invalid = List.of(
        request().workflowId("a:b").build(),
        request().workflowId("arn").build(),
        request().tagList("1", "2", "3", "4", "5", "6").build(),
        request().input("x".repeat(32_769)).build(),
        request().executionStartToCloseTimeout("123456789").build(),
        request().executionStartToCloseTimeout("NONE").build(),
        request().taskStartToCloseTimeout("1.5").build(),
        request().taskPriority("high").build());

    for (StartWorkflowExecutionRequest request : invalid) {
      assertThatThrownBy(() -> swf.startWorkflowExecution(request)).as("%s", request)
          .isInstanceOfSatisfying(SwfException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
          });
    }
    assertThat(swf.startWorkflowExecution(request().taskStartToCloseTimeout("NONE").taskPriority("-5").build()).runId())
        .isNotBlank();
    assertThatThrownBy(() -> start("Missing", "w")).isInstanceOf(UnknownResourceException.class)
        .hasMessageContaining("Unknown type");
  }

  @Test
  void listsHonourTheirFiltersAndPageNewestFirst() {
    swf.addWorkflowType("d", "A", "1", SwfRunScript.staysOpen())
        .addWorkflowType("d", "B", "1", SwfRunScript.completesAfter(Duration.ZERO));
    for (int i = 0; i < 3; i++) {
      start("A", "a" + i);
      time.advanceBy(Duration.ofSeconds(1));
    }
    start("B", "b0");
    time.advanceBy(Duration.ofSeconds(1));

    ListOpenWorkflowExecutionsResponse first = swf.listOpenWorkflowExecutions(r -> r.domain("d")
        .startTimeFilter(lastDay()).typeFilter(t -> t.name("A")).maximumPageSize(2));
    ListOpenWorkflowExecutionsResponse second = swf.listOpenWorkflowExecutions(r -> r.domain("d")
        .startTimeFilter(lastDay()).typeFilter(t -> t.name("A")).maximumPageSize(2).nextPageToken(first.nextPageToken()));

    assertThat(first.executionInfos()).extracting(i -> i.execution().workflowId()).containsExactly("a2", "a1");
    assertThat(second.executionInfos()).extracting(i -> i.execution().workflowId()).containsExactly("a0");
    assertThat(second.nextPageToken()).isNull();
    assertThat(swf.listOpenWorkflowExecutions(r -> r.domain("d").startTimeFilter(lastDay())
        .executionFilter(f -> f.workflowId("a1"))).executionInfos()).hasSize(1);
    assertThat(swf.listClosedWorkflowExecutions(r -> r.domain("d").startTimeFilter(lastDay())
        .closeStatusFilter(f -> f.status(CloseStatus.COMPLETED))).executionInfos())
        .extracting(i -> i.execution().workflowId()).containsExactly("b0");
    assertThatThrownBy(() -> swf.listOpenWorkflowExecutions(r -> r.domain("d").startTimeFilter(lastDay())
        .typeFilter(t -> t.name("A")).executionFilter(f -> f.workflowId("a1"))))
        .hasMessageContaining("mutually exclusive");
    assertThatThrownBy(() -> swf.listOpenWorkflowExecutions(r -> r.domain("d"))).hasMessageContaining("startTimeFilter");
  }

  @Test
  void theStartedEventRecordsTheOptions() {
    swf.addWorkflowType("d", "T", "1", SwfRunScript.staysOpen());
    String run = swf.startWorkflowExecution(request().input("in").tagList("x").taskPriority("4").build()).runId();

    var started = swf.getWorkflowExecutionHistory(r -> r.domain("d").execution(e -> e.workflowId("w").runId(run)))
        .events().get(0).workflowExecutionStartedEventAttributes();

    assertThat(started.input()).isEqualTo("in");
    assertThat(started.tagList()).containsExactly("x");
    assertThat(started.taskPriority()).isEqualTo("4");
    assertThat(started.taskList().name()).isEqualTo("default-tasks");
  }

  @Test
  void faultsThrottleFailAndLoseResponses() {
    swf.addWorkflowType("d", "T", "1", SwfRunScript.staysOpen());
    swf.faults().denyNext(1);
    assertThatThrownBy(() -> start("T", "w9"))
        .isInstanceOf(software.amazon.awssdk.services.swf.model.OperationNotPermittedException.class);
    swf.faults().throttleNext(1);
    assertThatThrownBy(() -> start("T", "w1"))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    swf.faults().failNext(1);
    assertThatThrownBy(() -> start("T", "w1"))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    swf.faults().loseNextStartResponses(1);
    assertThatThrownBy(() -> start("T", "w1")).isInstanceOf(SdkClientException.class);

    assertThat(swf.executionsOf("d")).hasSize(1);
    assertThat(swf.executionsOf("d").get(0).startTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(swf.asyncClient().describeWorkflowExecution(r -> r.domain("d")
        .execution(e -> e.workflowId("w1").runId(swf.executionsOf("d").get(0).execution().runId()))).join()
        .executionInfo().executionStatus()).isEqualTo(ExecutionStatus.OPEN);
  }

  private StartWorkflowExecutionRequest.Builder request() {
    return StartWorkflowExecutionRequest.builder().domain("d").workflowId("w").workflowType(t -> t.name("T").version("1"));
  }

  private List<String> open() {
    return swf.listOpenWorkflowExecutions(r -> r.domain("d").startTimeFilter(lastDay())).executionInfos().stream()
        .map(info -> info.execution().runId()).toList();
  }

  private List<String> closed() {
    return swf.listClosedWorkflowExecutions(r -> r.domain("d").startTimeFilter(lastDay())).executionInfos().stream()
        .map(info -> info.execution().runId()).toList();
  }

  @Test
  void aListingLagInReadsHidesANewExecutionFromThatManyMatchingListings() {
    swf.addWorkflowType("d", "Stay", "1", SwfRunScript.staysOpen()).listingLag(2);
    String run = start("Stay", "w");

    assertThat(closed()).as("a listing it does not match does not count").isEmpty();
    assertThat(open()).isEmpty();
    assertThat(describe("w", run).execution().runId()).as("describe is not lagged").isEqualTo(run);
    assertThatThrownBy(() -> start("Stay", "w")).as("nor is the workflowId check")
        .isInstanceOf(WorkflowExecutionAlreadyStartedException.class);
    assertThat(swf.listOpenWorkflowExecutions(r -> r.domain("d").startTimeFilter(lastDay())
        .executionFilter(f -> f.workflowId("w"))).executionInfos()).isEmpty();
    assertThat(open()).containsExactly(run);
  }

  @Test
  void aListingLagInTimeCoversBothListings() {
    swf.addWorkflowType("d", "Quick", "1", SwfRunScript.completesAfter(Duration.ofSeconds(10)))
        .listingLag(Duration.ofSeconds(30));
    String run = start("Quick", "w");

    assertThat(open()).isEmpty();
    time.advanceBy(Duration.ofSeconds(20));
    assertThat(closed()).isEmpty();
    time.advanceBy(Duration.ofSeconds(10));
    assertThat(closed()).containsExactly(run);
    assertThat(swf.executionsOf("d")).hasSize(1);
    assertThatThrownBy(() -> swf.listingLag(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
