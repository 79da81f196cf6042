package io.wflaunch.spi;

import io.wflaunch.spi.support.ErrorTable;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.BackendUnavailableException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.ThrottledException;
import io.wflaunch.WorkflowLaunchException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorTableTest {

  /** A stand-in for a client's exception hierarchy. */
  static class ClientException extends RuntimeException {
    final int status;
    final boolean throttling;

    ClientException(String message, int status, boolean throttling) {
      super(message);
      this.status = status;
      this.throttling = throttling;
    }
  }

  static final class MissingThing extends ClientException {
    MissingThing() {
      super("no such thing", 404, false);
    }
  }

  private static final ErrorContext CONTEXT = ErrorContext.of(RunHandle.of("glue", "etl", "wr_1"));
  private static final ErrorTable<ClientException> TABLE = ErrorTable.of(ClientException.class,
      new ErrorTable.Reader<>(e -> e.status, e -> "req-" + e.status, e -> "Code: " + e.getMessage(), e -> e.throttling),
      List.of(new ErrorTable.Row<>(MissingThing.class, (c, op, d, e) -> new RunNotFoundException(c, d, e))));

  @Test
  void aRowMatchesItsTypeAndGetsTheResponseFacts() {
    MissingThing missing = new MissingThing();

    RuntimeException mapped = TABLE.map(new CompletionException(missing), CONTEXT, Operation.GET_RUN);

    assertThat(mapped).isInstanceOf(RunNotFoundException.class).hasCause(missing);
    WorkflowLaunchException launch = (WorkflowLaunchException) mapped;
    assertThat(launch.httpStatus()).hasValue(404);
    assertThat(launch.requestId()).contains("req-404");
    assertThat(launch.getMessage()).endsWith(": Code: no such thing");
  }

  @Test
  void otherClientExceptionsGetTheCommonMapping() {
    assertThat(TABLE.map(new ClientException("slow down", 400, true), CONTEXT, Operation.GET_RUN))
        .isInstanceOf(ThrottledException.class);
    assertThat(TABLE.map(new ClientException("oops", 502, false), CONTEXT.withOutcomeUnknown(true), Operation.START))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    assertThat(TABLE.map(new ClientException("oops", 502, false), CONTEXT, Operation.LOOK_UP))
        .isInstanceOfSatisfying(BackendUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse());
  }

  @Test
  void longDetailsAreShortenedAndFlattened() {
    String detail = ((WorkflowLaunchException) TABLE.map(
        new ClientException("<html>\n" + "x".repeat(1000) + "</html>", 500, false), CONTEXT, Operation.GET_RUN))
        .getMessage();

    assertThat(detail).doesNotContain("\n").endsWith(" ...").hasSizeLessThan(500);
  }

  @Test
  void foreignFailuresPassThroughOrAreWrapped() {
    IllegalStateException bug = new IllegalStateException("bug");

    assertThat(TABLE.map(bug, CONTEXT, Operation.GET_RUN)).isSameAs(bug);
    assertThat(TABLE.map(new IOException("checked"), CONTEXT, Operation.GET_RUN))
        .isExactlyInstanceOf(WorkflowLaunchException.class).hasCauseInstanceOf(IOException.class);
  }
}
