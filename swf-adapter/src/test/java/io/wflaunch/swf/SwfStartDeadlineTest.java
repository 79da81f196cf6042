package io.wflaunch.swf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.VirtualScheduler;
import io.wflaunch.testkit.swf.FakeSwfClient;
import io.wflaunch.testkit.swf.SwfRunScript;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;

/**
 * A keyed start's look-up begins no list page that could not end by the start's deadline, measured on
 * the launcher's clock: here a virtual one, which a slow answer moves forward.
 */
class SwfStartDeadlineTest {

  private static final WorkflowTarget SETTLE = WorkflowTarget.parse("swf:payments/Settle/1.0");
  /** 10 s per request, 15 s per start: after 6 s, no further request fits. */
  private static final StartPolicy POLICY = StartPolicy.DEFAULT.toBuilder().requestTimeout(Duration.ofSeconds(10))
      .startTimeout(Duration.ofSeconds(15)).build().withoutPauses();

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSwfClient fake = FakeSwfClient.create(time.clock())
      .addWorkflowType("payments", "Settle", "1.0", SwfRunScript.staysOpen());

  private WorkflowLauncher launcher(SwfClient swf) {
    return WorkflowLauncher.builder().backend(SwfBackend.builder(swf).clock(time.clock()).build())
        .clock(time.clock()).scheduler(time).executor(time).startPolicy(POLICY).build();
  }

  /**
   * The first ListOpenWorkflowExecutions answer takes {@code takes} on the virtual clock and says there is
   * another page; the next pages are the fake's own answer.
   */
  private SwfClient slowFirstListing(Duration takes) {
    SwfClient swf = mock(SwfClient.class, AdditionalAnswers.delegatesTo(fake));
    AtomicInteger pages = new AtomicInteger();
    doAnswer(call -> {
      ListOpenWorkflowExecutionsRequest request = call.getArgument(0);
      if (pages.incrementAndGet() > 1) {
        return fake.listOpenWorkflowExecutions(request.toBuilder().nextPageToken(null).build());
      }
      ListOpenWorkflowExecutionsResponse page = fake.listOpenWorkflowExecutions(request);
      time.advanceBy(takes);
      return page.toBuilder().nextPageToken("page-2").build();
    }).when(swf).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
    return swf;
  }

  @Test
  void aLookUpPageThatCouldNotEndByTheDeadlineIsNotSentAndNothingIsStarted() {
    SwfClient swf = slowFirstListing(Duration.ofSeconds(6));
    try (WorkflowLauncher launcher = launcher(swf)) {
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k").build()))
          .isInstanceOfSatisfying(BackendUnavailableException.class, e -> {
            assertThat(e.outcomeUnknown()).as("no start was sent").isFalse();
            assertThat(e.getMessage()).contains("startTimeout");
          });

      verify(swf, times(1)).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
      verify(swf, never()).listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class));
      verify(swf, never()).startWorkflowExecution(any(StartWorkflowExecutionRequest.class));
      assertThat(fake.executionsOf("payments")).isEmpty();
    }
  }

  @Test
  void aLookUpWhosePagesFitBeforeTheDeadlineReadsThemAllAndStarts() {
    SwfClient swf = slowFirstListing(Duration.ofSeconds(4));
    try (WorkflowLauncher launcher = launcher(swf)) {
      RunHandle handle = launcher.start(StartRunRequest.builder(SETTLE).idempotencyKey("k").build());

      verify(swf, times(2)).listOpenWorkflowExecutions(any(ListOpenWorkflowExecutionsRequest.class));
      verify(swf).listClosedWorkflowExecutions(any(ListClosedWorkflowExecutionsRequest.class));
      verify(swf).startWorkflowExecution(any(StartWorkflowExecutionRequest.class));
      assertThat(fake.executionsOf("payments")).singleElement()
          .satisfies(info -> assertThat(info.execution().runId()).isEqualTo(handle.runId()));
    }
  }
}
