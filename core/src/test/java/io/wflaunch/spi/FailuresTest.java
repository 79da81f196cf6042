package io.wflaunch.spi;

import io.wflaunch.spi.support.Failures;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.AccessDeniedException;
import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {

  private static final ErrorContext CONTEXT = ErrorContext.of(RunHandle.of("glue", "etl", "wr_1"));

  @ParameterizedTest(name = "HTTP {0}, throttling {1} -> {2}")
  @CsvSource({
    "429, false, ThrottledException",
    "400, true,  ThrottledException",
    "401, false, AccessDeniedException",
    "403, false, AccessDeniedException",
    "500, false, BackendUnavailableException",
    "503, false, BackendUnavailableException",
    "0,   false, BackendUnavailableException",
    "400, false, WorkflowLaunchException",
    "404, false, WorkflowLaunchException",
  })
  void theCommonTable(int status, boolean throttling, String expected) {
    WorkflowLaunchException mapped = Failures.unclassified(
        CONTEXT.withHttpStatus(status), Operation.GET_RUN, "detail", throttling, null);

    assertThat(mapped.getClass().getSimpleName()).isEqualTo(expected);
    assertThat(mapped.context().handle()).isEqualTo(CONTEXT.handle());
    assertThat(mapped.getMessage()).endsWith(": detail");
  }

  @Test
  void anUnclassifiedClientErrorIsNotRetryable() {
    assertThat(Failures.unclassified(CONTEXT.withHttpStatus(400), Operation.START, "x", false, null).retryable())
        .isFalse();
  }

  @Test
  void aStopThatMayHaveArrivedHasAnUnknownOutcomeAndAStartOnlyWhenTheProtocolSaysSo() {
    Throwable timeout = new UncheckedIOException(new SocketTimeoutException("Read timed out"));

    BackendUnavailableException stop = (BackendUnavailableException)
        Failures.unclassified(CONTEXT, Operation.STOP, "timeout", false, timeout);
    BackendUnavailableException get = (BackendUnavailableException)
        Failures.unclassified(CONTEXT, Operation.GET_RUN, "timeout", false, timeout);
    BackendUnavailableException lookUp = (BackendUnavailableException)
        Failures.unclassified(CONTEXT, Operation.LOOK_UP, "timeout", false, timeout);
    BackendUnavailableException start = (BackendUnavailableException)
        Failures.unclassified(CONTEXT, Operation.START, "timeout", false, timeout);
    BackendUnavailableException judged = (BackendUnavailableException)
        Failures.unclassified(CONTEXT.withOutcomeUnknown(true), Operation.START, "timeout", false, timeout);

    assertThat(stop.outcomeUnknown()).isTrue();
    assertThat(get.outcomeUnknown()).as("reads change nothing").isFalse();
    assertThat(lookUp.outcomeUnknown()).as("the start protocol's reads change nothing").isFalse();
    assertThat(start.outcomeUnknown()).as("the start protocol decides, through the context").isFalse();
    assertThat(judged.outcomeUnknown()).isTrue();
    assertThat(judged.getMessage()).endsWith("timeout; the request may have taken effect (outcome unknown)");
  }

  @Test
  void aStopThatNeverConnectedHasAKnownOutcome() {
    for (Throwable refused : new Throwable[] {
        new IOException(new ConnectException("Connection refused")), new UnknownHostException("glue.example")}) {
      BackendUnavailableException stop = Failures.unavailable(CONTEXT, Operation.STOP, "down", refused);

      assertThat(stop.outcomeUnknown()).as("%s", refused).isFalse();
      assertThat(stop.getCause()).isSameAs(refused);
    }
  }

  @Test
  void onlyStartAndStopMutate() {
    assertThat(Operation.values()).filteredOn(Operation::mutates).containsExactly(Operation.START, Operation.STOP, Operation.RETRY);
  }
}
