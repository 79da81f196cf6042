package io.wflaunch.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time of the whole benchmark JVM per operation, {@code cpu.process.norm} in ns/op: the process
 * CPU time ({@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}) an iteration took,
 * divided by the operations it ran. It counts every thread, not only the benchmark's: the SDK's timer
 * that times an API-call timeout, the collector, the JIT compiler (so warm up until compiling has
 * settled) and JMH's own, which is little. Use it as {@code -prof io.wflaunch.benchmarks.ProcessCpuProfiler}
 * next to {@code -prof gc}, whose {@code gc.alloc.rate.norm} is the allocation per operation.
 */
public final class ProcessCpuProfiler implements InternalProfiler {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long before;

  /** Used by JMH's {@code -prof}. */
  public ProcessCpuProfiler() {}

  @Override
  public String getDescription() {
    return "Process CPU time (all threads) per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long after = os.getProcessCpuTime();
    long ops = result.getMetadata().getAllOps();
    double perOp = before < 0 || after < 0 || ops == 0 ? Double.NaN : (double) (after - before) / ops;
    return List.of(new ScalarResult("cpu.process.norm", perOp, "ns/op", AggregationPolicy.AVG));
  }
}
