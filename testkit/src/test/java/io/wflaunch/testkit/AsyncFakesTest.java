package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AsyncFakesTest {

  /** Shaped as the SDK shapes a blocking client: operations are defaults that throw until implemented. */
  public interface EchoClient {
    String SERVICE_NAME = "echo";

    String serviceName();

    void close();

    default String echo(String request) {
      throw new UnsupportedOperationException();
    }

    default String shout(String request) {
      throw new UnsupportedOperationException();
    }
  }

  /** Shaped as the SDK shapes an async client, with a builder overload that calls the main one. */
  public interface EchoAsyncClient {
    String SERVICE_NAME = "echo";

    String serviceName();

    void close();

    default CompletableFuture<String> echo(String request) {
      throw new UnsupportedOperationException();
    }

    default CompletableFuture<String> echo(Consumer<StringBuilder> request) {
      StringBuilder builder = new StringBuilder();
      request.accept(builder);
      return echo(builder.toString());
    }

    default CompletableFuture<String> shout(String request) {
      throw new UnsupportedOperationException();
    }
  }

  /** Serves echo only; fails on "fail" and "error". */
  public static final class FakeEcho implements EchoClient {
    final List<Thread> callers = new ArrayList<>();
    final IllegalStateException failure = new IllegalStateException("refused");
    boolean closed;

    @Override
    public String serviceName() {
      return "not-the-constant";
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public String echo(String request) {
      callers.add(Thread.currentThread());
      if (request.equals("fail")) {
        throw failure;
      }
      if (request.equals("error")) {
        throw new AssertionError("broken");
      }
      return request + "!";
    }
  }

  private final FakeEcho fake = new FakeEcho();
  private final EchoAsyncClient async = AsyncFakes.of(EchoAsyncClient.class, fake);

  @Test
  void anOperationCompletesWithTheFakesAnswerBeforeItReturns() {
    CompletableFuture<String> answer = async.echo("hi");

    assertThat(answer).isCompletedWithValue("hi!");
    assertThat(fake.callers).containsExactly(Thread.currentThread());
  }

  @Test
  void anOperationFailsWithWhatTheFakeThrewNotWrapped() {
    CompletableFuture<String> answer = async.echo("fail");

    assertThat(answer).isCompletedExceptionally();
    assertThat(answer.handle((value, error) -> error).join()).isSameAs(fake.failure);
    assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class).hasCause(fake.failure);
  }

  @Test
  void anErrorIsThrownAtTheCall() {
    assertThatThrownBy(() -> async.echo("error")).isInstanceOf(AssertionError.class).hasMessage("broken");
  }

  @Test
  void aDefaultOverloadBuildsItsRequestAndCallsTheOperation() {
    assertThat(async.echo(request -> request.append("built"))).isCompletedWithValue("built!");
    assertThat(fake.callers).hasSize(1);
  }

  @Test
  void anOperationTheFakeDoesNotServeThrowsAsTheSdksDefaultDoes() {
    assertThatThrownBy(() -> async.shout("hi")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void serviceNameIsTheInterfacesAndCloseLeavesTheFakeOpen() {
    assertThat(async.serviceName()).isEqualTo("echo");

    async.close();

    assertThat(fake.closed).isFalse();
    assertThat(async.echo("still")).isCompletedWithValue("still!");
  }

  @Test
  void theProxyIsEqualOnlyToItself() {
    EchoAsyncClient other = AsyncFakes.of(EchoAsyncClient.class, fake);

    assertThat(async).isEqualTo(async).isNotEqualTo(other);
    assertThat(async.hashCode()).isEqualTo(System.identityHashCode(async));
    assertThat(async.toString()).startsWith("EchoAsyncClient over ");
  }

  @Test
  void withAnExecutorTheOperationRunsThereAndCompletesThen() {
    List<Runnable> queued = new ArrayList<>();
    EchoAsyncClient queuedAsync = AsyncFakes.of(EchoAsyncClient.class, fake, queued::add);

    CompletableFuture<String> answer = queuedAsync.echo("later");
    CompletableFuture<String> failed = queuedAsync.echo("fail");

    assertThat(answer).isNotDone();
    assertThat(fake.callers).isEmpty();
    queued.forEach(Runnable::run);
    assertThat(answer).isCompletedWithValue("later!");
    assertThat(failed.handle((value, error) -> error).join()).isSameAs(fake.failure);
  }

  @Test
  void aRefusingExecutorFailsTheFuture() {
    RejectedExecutionException refusal = new RejectedExecutionException("full");
    EchoAsyncClient refused = AsyncFakes.of(EchoAsyncClient.class, fake, task -> {
      throw refusal;
    });

    CompletableFuture<String> answer = refused.echo("hi");

    assertThat(answer.handle((value, error) -> error).join()).isSameAs(refusal);
    assertThat(fake.callers).isEmpty();
  }

  @Test
  void onlyAnInterfaceCanBeProxied() {
    assertThatThrownBy(() -> AsyncFakes.of(FakeEcho.class, fake))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface");
  }
}
