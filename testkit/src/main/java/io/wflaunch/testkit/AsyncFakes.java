package io.wflaunch.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The async form of a blocking fake: a dynamic proxy of an SDK async client interface that answers each
 * call with the blocking fake's method of the same name and parameter types, over the fake's own state.
 *
 * <pre>{@code
 * YourServiceAsyncClient async = AsyncFakes.of(YourServiceAsyncClient.class, fakeClient);
 * }</pre>
 *
 * <p>How the proxy answers a method of the async interface:
 * <ul>
 *   <li>An operation ({@code CompletableFuture<R> op(Req)}, or any method returning a
 *       {@code CompletableFuture}) that the fake's class implements itself: the fake's method runs with
 *       the same arguments. Without an executor it runs on the caller's thread and the returned future is
 *       already complete, with the result or with the exception the fake threw (an {@link Error} is
 *       thrown as it is); with one, it runs on the executor and the future completes there.
 *   <li>A default method of the interface that the fake does not implement (the overloads taking a
 *       {@code Consumer} of the request's builder, the paginators, the operations the fake does not serve):
 *       the interface's own code runs on the proxy, so an overload builds its request and calls the
 *       operation above, and an operation the fake does not serve throws
 *       {@link UnsupportedOperationException} as the SDK's default does.
 *   <li>{@code serviceName()}: the interface's {@code SERVICE_NAME}, else the fake's {@code serviceName()}.
 *   <li>{@code close()}: nothing; the fake and its state stay open.
 *   <li>{@code equals}, {@code hashCode} and {@code toString}: those of the proxy itself.
 *   <li>Any other method: the fake's public method of the same name and parameter types, if it has one;
 *       else {@link UnsupportedOperationException}.
 * </ul>
 */
public final class AsyncFakes {

  private AsyncFakes() {}

  /**
   * An async client over a blocking fake whose calls complete before they return.
   *
   * @param asyncInterface the SDK async client interface, such as {@code YourServiceAsyncClient.class}
   * @param syncFake the blocking fake whose methods answer the calls
   * @param <A> the interface's type
   * @return the async client
   * @throws IllegalArgumentException if {@code asyncInterface} is not an interface
   */
  public static <A> A of(Class<A> asyncInterface, Object syncFake) {
    return create(asyncInterface, syncFake, null);
  }

  /**
   * An async client over a blocking fake whose operations run on an executor: each returns at once, and
   * its future completes on the executor's thread (or fails with the executor's refusal).
   *
   * @param asyncInterface the SDK async client interface
   * @param syncFake the blocking fake whose methods answer the calls
   * @param executor where the fake's operations run
   * @param <A> the interface's type
   * @return the async client
   * @throws IllegalArgumentException if {@code asyncInterface} is not an interface
   */
  public static <A> A of(Class<A> asyncInterface, Object syncFake, Executor executor) {
    return create(asyncInterface, syncFake, Objects.requireNonNull(executor, "executor"));
  }

  private static <A> A create(Class<A> asyncInterface, Object syncFake, Executor executor) {
    Objects.requireNonNull(asyncInterface, "asyncInterface");
    Objects.requireNonNull(syncFake, "syncFake");
    if (!asyncInterface.isInterface()) {
      throw new IllegalArgumentException(asyncInterface.getName() + " is not an interface");
    }
    Object proxy = Proxy.newProxyInstance(asyncInterface.getClassLoader(), new Class<?>[] {asyncInterface},
        new Handler(asyncInterface, syncFake, executor));
    return asyncInterface.cast(proxy);
  }

  /** Answers the proxy's calls; finds each method's counterpart once. */
  private static final class Handler implements InvocationHandler {

    private final Class<?> asyncInterface;
    private final Object syncFake;
    private final Executor executor;
    private final Map<Method, Optional<Method>> counterparts = new ConcurrentHashMap<>();

    Handler(Class<?> asyncInterface, Object syncFake, Executor executor) {
      this.asyncInterface = asyncInterface;
      this.syncFake = syncFake;
      this.executor = executor;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      int arity = method.getParameterCount();
      if (method.getDeclaringClass() == Object.class) {
        return switch (name) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> asyncInterface.getSimpleName() + " over " + syncFake;
        };
      }
      if (name.equals("close") && arity == 0) {
        return null;
      }
      if (name.equals("serviceName") && arity == 0) {
        Optional<Object> serviceName = serviceNameConstant();
        if (serviceName.isPresent()) {
          return serviceName.get();
        }
      }
      Optional<Method> counterpart = counterparts.computeIfAbsent(method, this::counterpart);
      boolean operation = CompletableFuture.class.isAssignableFrom(method.getReturnType());
      if (counterpart.isPresent() && operation) {
        return executor == null ? callNow(counterpart.get(), args) : callOnExecutor(counterpart.get(), args);
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      if (counterpart.isPresent()) {
        return unwrapped(counterpart.get(), args);
      }
      throw new UnsupportedOperationException(asyncInterface.getSimpleName() + "." + name + " has no counterpart in "
          + syncFake.getClass().getName());
    }

    private Optional<Object> serviceNameConstant() {
      try {
        Object value = asyncInterface.getField("SERVICE_NAME").get(null);
        return Optional.ofNullable(value);
      } catch (NoSuchFieldException | IllegalAccessException e) {
        return Optional.empty();
      }
    }

    /**
     * The fake's public method of the same name and parameter types, when the fake's class (not an
     * interface's default) implements it.
     */
    private Optional<Method> counterpart(Method method) {
      Method found;
      try {
        found = syncFake.getClass().getMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException e) {
        return Optional.empty();
      }
      if (found.getDeclaringClass().isInterface() || Modifier.isAbstract(found.getModifiers())) {
        return Optional.empty();
      }
      if (!Modifier.isPublic(found.getDeclaringClass().getModifiers())) {
        found.trySetAccessible();
      }
      return Optional.of(found);
    }

    private CompletableFuture<Object> callNow(Method target, Object[] args) {
      try {
        return CompletableFuture.completedFuture(unwrapped(target, args));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private CompletableFuture<Object> callOnExecutor(Method target, Object[] args) {
      CompletableFuture<Object> future = new CompletableFuture<>();
      try {
        executor.execute(() -> {
          try {
            future.complete(unwrapped(target, args));
          } catch (Throwable e) {
            future.completeExceptionally(e);
          }
        });
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
      return future;
    }

    /** Calls the fake's method; throws what it threw, not wrapped. */
    private Object unwrapped(Method target, Object[] args) throws Throwable {
      try {
        return target.invoke(syncFake, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
