package io.wflaunch.spi;

import io.wflaunch.spi.support.AsyncSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class AsyncSupportTest {

  private static final RunNotFoundException GONE =
      new RunNotFoundException(ErrorContext.of(RunHandle.of("glue", "etl", "wr_1")), "gone", null);

  @Test
  void aBlockingCallBecomesACompletedFuture() {
    assertThat(AsyncSupport.call(() -> "done")).isCompletedWithValue("done");
    assertThat(AsyncSupport.call(() -> {
      throw GONE;
    })).isCompletedExceptionally();
  }

  @Test
  void joinRethrowsTheFailureUnwrapped() {
    assertThatThrownBy(() -> AsyncSupport.join(CompletableFuture.failedFuture(GONE))).isSameAs(GONE);
    assertThatThrownBy(() -> AsyncSupport.join(CompletableFuture.supplyAsync(() -> {
      throw GONE;
    }))).isSameAs(GONE);
  }

  @Test
  void mapFailureReplacesOnlyFailures() {
    assertThat(AsyncSupport.mapFailure(CompletableFuture.completedFuture(1), e -> GONE)).isCompletedWithValue(1);
    assertThatThrownBy(() -> AsyncSupport.mapFailure(
        CompletableFuture.<Integer>failedFuture(new IllegalStateException()), e -> GONE).join())
        .isInstanceOf(CompletionException.class).hasCause(GONE);
  }

  @Test
  void aZeroPauseIsDoneAtOnceAndAnInterruptedOneIsCancelled() {
    assertThat(AsyncSupport.pause(Duration.ZERO, true)).isCompleted();
    assertThat(AsyncSupport.pause(Duration.ZERO, false)).isCompleted();

    Thread.currentThread().interrupt();
    CompletableFuture<Void> pause = AsyncSupport.pause(Duration.ofSeconds(30), true);

    assertThat(Thread.interrupted()).as("the interrupt flag stays set").isTrue();
    assertThatThrownBy(() -> AsyncSupport.join(pause)).isInstanceOf(CancellationException.class)
        .hasMessageContaining("interrupted");
  }
}
