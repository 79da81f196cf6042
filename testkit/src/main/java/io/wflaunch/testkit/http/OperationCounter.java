package io.wflaunch.testkit.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests an SDK client sends, by operation name, retries included: register it on a
 * client with {@code overrideConfiguration(o -> o.addExecutionInterceptor(counter))}.
 */
public final class OperationCounter implements ExecutionInterceptor {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(operation, name -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * The requests sent of one operation.
   * @param operation the operation name, such as {@code StartRun}
   * @return the count
   */
  public int count(String operation) {
    AtomicInteger count = counts.get(operation);
    return count == null ? 0 : count.get();
  }

  /**
   * Every count, by operation name.
   * @return a sorted copy
   */
  public Map<String, Integer> counts() {
    Map<String, Integer> copy = new TreeMap<>();
    counts.forEach((name, count) -> copy.put(name, count.get()));
    return copy;
  }

  /** Forgets every count. */
  public void reset() {
    counts.clear();
  }
}
