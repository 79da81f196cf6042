package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class WorkflowLaunchExceptionTest {

  private static final WorkflowTarget TARGET = WorkflowTarget.of("glue", "nightly etl");
  private static final RunHandle HANDLE = RunHandle.of("glue", "nightly etl", "wr_1");

  @Test
  void theMessageNamesTheBackendTheRunTheStatusAndTheRequestId() {
    IOException cause = new IOException("connection reset");
    ErrorContext context = ErrorContext.of(HANDLE).withHttpStatus(503).withRequestId("7f3c");

    BackendUnavailableException e = new BackendUnavailableException(context, "Service Unavailable", cause);

    assertThat(e).hasMessage("backend unavailable (backend glue, run glue:nightly%20etl/wr_1, HTTP 503, "
        + "request id 7f3c): Service Unavailable");
    assertThat(e.backendId()).contains("glue");
    assertThat(e.handle()).contains(HANDLE);
    assertThat(e.target()).isEmpty();
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.requestId()).contains("7f3c");
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.retryable()).isTrue();
    assertThat(e.outcomeUnknown()).isFalse();
  }

  @Test
  void aTargetIsNamedAsTheWorkflow() {
    WorkflowNotFoundException e = new WorkflowNotFoundException(ErrorContext.of(TARGET), "no such workflow", null);

    assertThat(e).hasMessage("workflow not found (backend glue, workflow glue:nightly%20etl): no such workflow");
  }

  @Test
  void invalidRequestsNameTheFieldAndTheRule() {
    InvalidRequestException e = new InvalidRequestException(ErrorContext.of(TARGET), "input",
        "must be absent: Glue workflows take no raw input");

    assertThat(e.field()).isEqualTo("input");
    assertThat(e.rule()).isEqualTo("must be absent: Glue workflows take no raw input");
    assertThat(e).hasMessage("invalid request (backend glue, workflow glue:nightly%20etl): field 'input' "
        + "must be absent: Glue workflows take no raw input");
  }

  @Test
  void aContextWithoutBackendLeavesOutTheParentheses() {
    InvalidRequestException e = new InvalidRequestException(ErrorContext.empty(), "handle", "must not be empty");

    assertThat(e).hasMessage("invalid request: field 'handle' must not be empty");
    assertThat(e.backendId()).isEmpty();
  }

  @Test
  void anUnknownOutcomeIsSaid() {
    BackendUnavailableException e = new BackendUnavailableException(ErrorContext.of(TARGET), "timed out", true, null);

    assertThat(e.outcomeUnknown()).isTrue();
    assertThat(e.getMessage()).endsWith("timed out; the request may have taken effect (outcome unknown)");
  }

  @Test
  void everyKindCanSayItsOutcomeIsUnknownAndKeepsItsType() {
    ErrorContext context = ErrorContext.of(TARGET).withHttpStatus(400).withRequestId("r-1");
    List<WorkflowLaunchException> kinds = List.of(
        new AccessDeniedException(context, "no", null),
        new BackendUnavailableException(context, "down", null),
        new CancelledException(context, "interrupted", null),
        new ConfigurationException(context, "region", "set AWS_REGION", null),
        new ConflictException(context, "taken", null),
        new InvalidRequestException(context, "input", "must be JSON"),
        new LimitExceededException(context, "slots", true, null),
        new OperationNotSupportedException(context, "stop", "no API"),
        new RunNotFoundException(context, "gone", null),
        new ThrottledException(context, "slow down", null),
        new WaitTimeoutException(context, java.time.Duration.ofMinutes(5), null),
        new WorkflowNotFoundException(context, "gone", null),
        new WorkflowLaunchException(context, "other", true, null));
    for (WorkflowLaunchException kind : kinds) {
      WorkflowLaunchException unknown = kind.withOutcomeUnknown(true);

      assertThat(unknown).as("%s", kind).isExactlyInstanceOf(kind.getClass());
      assertThat(unknown.outcomeUnknown()).isTrue();
      assertThat(unknown.getMessage()).isEqualTo(kind.getMessage() + "; the request may have taken effect (outcome unknown)");
      assertThat(unknown.retryable()).isEqualTo(kind.retryable());
      assertThat(unknown.context().withOutcomeUnknown(false)).isEqualTo(kind.context());
      assertThat(unknown.withOutcomeUnknown(false).getMessage()).isEqualTo(kind.getMessage());
      assertThat(kind.withOutcomeUnknown(false)).isSameAs(kind);
    }
  }

  @Test
  void controlCharactersInDetailsAreEscapedSoAMessageIsOneLine() {
    WorkflowLaunchException e = new ConflictException(ErrorContext.of(TARGET), "bad\nname\u0000\u001b[31m", null);

    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000").doesNotContain("\u001b")
        .contains("bad\\u000Aname\\u0000\\u001B[31m");
  }

  @Test
  void blankRequestIdsAndMissingStatusesAreLeftOut() {
    ErrorContext context = ErrorContext.of(TARGET).withRequestId(" ").withHttpStatus(0);

    assertThat(context.requestId()).isEmpty();
    assertThat(context.httpStatus()).isEmpty();
  }

  @Test
  void eachSubtypeSaysWhetherRetryingHelps() {
    ErrorContext c = ErrorContext.of(HANDLE);
    record Case(WorkflowLaunchException error, boolean retryable, String summary) {}
    List<Case> cases = List.of(
        new Case(new InvalidRequestException(c, "f", "r"), false, "invalid request"),
        new Case(new WorkflowNotFoundException(c, "", null), false, "workflow not found"),
        new Case(new RunNotFoundException(c, "", null), false, "run not found"),
        new Case(new AccessDeniedException(c, "", null), false, "access denied"),
        new Case(new ConflictException(c, "", null), false, "conflict"),
        new Case(new LimitExceededException(c, "", true, null), true, "limit exceeded"),
        new Case(new LimitExceededException(c, "", false, null), false, "limit exceeded"),
        new Case(new ThrottledException(c, "", null), true, "throttled"),
        new Case(new BackendUnavailableException(c, "", null), true, "backend unavailable"),
        new Case(new OperationNotSupportedException(c, "stop", ""), false, "operation not supported"),
        new Case(new WaitTimeoutException(c, Duration.ofMinutes(5), null), false, "wait timed out"),
        new Case(new WorkflowLaunchException(c, "", false, null), false, "request failed"));
    for (Case each : cases) {
      assertThat(each.error().retryable()).as(each.summary()).isEqualTo(each.retryable());
      assertThat(each.error().getMessage()).startsWith(each.summary() + " (backend glue, run glue:");
    }
  }

  @Test
  void aWaitTimeoutCarriesTheLastStatus() {
    RunStatus last = RunStatus.builder(HANDLE, RunState.RUNNING, "RUNNING").build();

    WaitTimeoutException e = new WaitTimeoutException(ErrorContext.of(HANDLE), Duration.ofMinutes(5), last);

    assertThat(e.lastStatus()).contains(last);
    assertThat(e.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.getMessage()).contains("no terminal state within PT5M, last state RUNNING (RUNNING)");
  }

  @Test
  void aTimeoutSaysWhatBecameOfTheRunOnlyWhenAStopWasAskedFor() {
    RunStatus last = RunStatus.builder(HANDLE, RunState.RUNNING, "RUNNING").build();

    WaitTimeoutException plain = new WaitTimeoutException(ErrorContext.of(HANDLE), Duration.ofMinutes(5), last);

    assertThat(plain.giveUpStop()).isEqualTo(GiveUpStop.NOT_ASKED);
    assertThat(plain.getMessage()).endsWith("last state RUNNING (RUNNING)");
    for (GiveUpStop stop : GiveUpStop.values()) {
      if (stop == GiveUpStop.NOT_ASKED) {
        continue;
      }
      WaitTimeoutException e = new WaitTimeoutException(ErrorContext.of(HANDLE), Duration.ofMinutes(5), last, stop);
      assertThat(e.giveUpStop()).isEqualTo(stop);
      assertThat(e.getMessage()).as("%s", stop).endsWith("last state RUNNING (RUNNING); " + stop.describe());
      assertThat(e.outcomeUnknown()).isFalse();
    }
  }

  @Test
  void whatBecameOfTheRunSurvivesACopy() {
    WaitTimeoutException timeout = new WaitTimeoutException(ErrorContext.of(HANDLE), Duration.ofMinutes(5), null,
        GiveUpStop.NOT_ACKNOWLEDGED);
    IllegalStateException stopFailure = new IllegalStateException("the stop's failure");
    timeout.addSuppressed(stopFailure);
    CancelledException cancelled = new CancelledException(ErrorContext.of(HANDLE), "interrupted while waiting", null,
        GiveUpStop.SENT);

    WorkflowLaunchException timeoutCopy = timeout.withOutcomeUnknown(true);
    WorkflowLaunchException cancelledCopy = cancelled.withOutcomeUnknown(true);

    assertThat(timeoutCopy).isInstanceOfSatisfying(WaitTimeoutException.class,
        e -> assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.NOT_ACKNOWLEDGED));
    assertThat(timeoutCopy.getSuppressed()).containsExactly(stopFailure);
    assertThat(cancelledCopy).isInstanceOfSatisfying(CancelledException.class,
        e -> assertThat(e.giveUpStop()).isEqualTo(GiveUpStop.SENT));
    assertThat(cancelledCopy.getMessage())
        .contains("interrupted while waiting; a stop was sent; its answer goes to the wait's listener")
        .doesNotContain("listener; a stop");
    assertThat(new CancelledException(ErrorContext.of(HANDLE), "interrupted", null).giveUpStop())
        .isEqualTo(GiveUpStop.NOT_ASKED);
  }

  @Test
  void onlyStopsThatWentOutAreSaidToBeSent() {
    assertThat(GiveUpStop.values()).filteredOn(GiveUpStop::sent).containsExactly(
        GiveUpStop.SENT, GiveUpStop.ACKNOWLEDGED, GiveUpStop.REFUSED, GiveUpStop.NOT_ACKNOWLEDGED);
  }

  @Test
  void anUnsupportedOperationIsNamed() {
    BiFunction<String, String, OperationNotSupportedException> make =
        (op, why) -> new OperationNotSupportedException(ErrorContext.of(HANDLE), op, why);

    assertThat(make.apply("stop", "the CodeCatalyst API has no stop").getMessage())
        .endsWith(": 'stop' (the CodeCatalyst API has no stop)");
    assertThat(make.apply("stop", "").operation()).isEqualTo("stop");
  }

  @Test
  void longUserTextInTheContextAndDetailGivesAShortOneLineMessage() {
    String name = "w\u001b[31m\n".repeat(1_255) + "x";
    WorkflowTarget target = WorkflowTarget.of("codecatalyst", "space", "project", name);
    RunHandle handle = RunHandle.of("codecatalyst", "space", "project", name, "run-1");
    String detail = "the workflow " + name + " does not exist";

    for (WorkflowLaunchException e : List.of(
        new WorkflowNotFoundException(ErrorContext.of(target), detail, null),
        new RunNotFoundException(ErrorContext.of(handle).withRequestId(name), detail, null),
        new InvalidRequestException(ErrorContext.of(target), "target", detail))) {
      assertThat(e.getMessage()).as(e.getClass().getSimpleName()).hasSizeLessThan(1_500)
          .doesNotContain("\u001b").doesNotContain("\n").contains("characters)");
    }
  }
}
