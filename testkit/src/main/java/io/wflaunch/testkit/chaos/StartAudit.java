package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Starts many runs through a launcher whose SDK clients sit on a {@link ChaosHttpClient} and checks,
 * against what the service really holds and what the chaos layer forwarded, that every start happened
 * exactly once and that every failure told the truth about whether a run may exist.
 *
 * <p>The audit makes calls in two rounds, each on several threads. Round one starts every keyed group
 * once and every keyless group (one call each); round two starts every keyed group again. After each
 * round it takes a census of the service's runs per group (read past the chaos layer) and checks:
 *
 * <ul>
 *   <li><b>no duplicates</b>: no group has more than one run;
 *   <li><b>nothing lost</b>: every handle a call returned is its group's run;
 *   <li><b>truthful failures</b>: a failure with {@code outcomeUnknown() == false} left the group's
 *       runs as they were before the call, and one with {@code outcomeUnknown() == true} came from a
 *       call that put at least one start request on the wire for its group (forwarded or not).
 * </ul>
 *
 * <p>The test supplies how to build each group's request, how to count the service's runs per group,
 * and how to tell a start request of a group in the {@link ChaosLog}. {@link Report#toString()} gives
 * the figures; {@link Report#assertClean()} fails with every offending call.
 */
public final class StartAudit {

  /**
   * One call the audit made.
   *
   * @param group the key of a keyed group (two calls share it) or the id of a keyless call
   * @param keyed whether the group has an idempotency key
   * @param round 1 or 2
   */
  public record Call(String group, boolean keyed, int round) {}

  /**
   * What a call got: a handle or a failure.
   *
   * @param call the call
   * @param handle the handle it returned, or null
   * @param failure the failure it threw, or null
   * @param firstSequence the chaos log's last sequence number before the round began
   * @param lastSequence the chaos log's last sequence number when the round ended
   */
  public record Outcome(Call call, RunHandle handle, RuntimeException failure, long firstSequence, long lastSequence) {
    /**
     * Whether the call failed saying a run may exist.
     *
     * @return true for a failure whose outcome is unknown
     */
    public boolean outcomeUnknown() {
      return failure instanceof WorkflowLaunchException launch && launch.outcomeUnknown();
    }
  }

  private final WorkflowLauncher launcher;
  private final ChaosLog log;
  private final String startOperation;
  private final int keys;
  private final int keyless;
  private final int threads;
  private final boolean async;
  private final BiFunction<String, Boolean, StartRunRequest> request;
  private final Supplier<Map<String, Set<RunHandle>>> census;
  private final BiPredicate<ChaosLog.Entry, String> startOf;

  private StartAudit(Builder builder) {
    this.launcher = builder.launcher;
    this.log = builder.log;
    this.startOperation = Objects.requireNonNull(builder.startOperation, "startOperation");
    this.keys = builder.keys;
    this.keyless = builder.keyless;
    this.threads = builder.threads;
    this.async = builder.async;
    this.request = Objects.requireNonNull(builder.request, "request");
    this.census = Objects.requireNonNull(builder.census, "census");
    this.startOf = Objects.requireNonNull(builder.startOf, "startOf");
  }

  /**
   * The chaos of the project's own audits: about 30% of requests faulted (6% answers dropped after
   * forwarding, 4% 502 after forwarding, 6% the service's 500 and 8% its throttling without
   * forwarding, 4% resets, 2% answers held 500 ms, past an SDK attempt timeout of 300 ms) and a listing
   * lag of two reads. The seed is {@code -Dwflaunch.chaos.seed}, 20261124 unless set.
   *
   * @return a new plan
   */
  public static ChaosPlan standardPlan() {
    return ChaosPlan.builder().seed(Long.getLong("wflaunch.chaos.seed", 20261124L))
        .fault(Fault.DROP_RESPONSE, 0.06).fault(Fault.BAD_GATEWAY, 0.04).fault(Fault.SERVER_ERROR, 0.06)
        .fault(Fault.THROTTLE, 0.08).fault(Fault.RESET, 0.04).fault(Fault.DELAY, 0.02)
        .delay(Duration.ofMillis(500)).listingLag(2).build();
  }

  /**
   * The default policy's counts (3 attempts, 5 look-up reads) with pauses of milliseconds, so that an
   * audit of a thousand starts takes seconds (the chaos layer's listing lag counts reads, not time), and
   * a request timeout of 300 ms, so that the standard plan's delayed answers (500 ms) time out: a start's
   * requests carry the policy's timeout in place of the client's own.
   *
   * @return the policy
   */
  public static StartPolicy standardPolicy() {
    return StartPolicy.builder().retryPause(Duration.ofMillis(2), Duration.ofMillis(20))
        .lookUps(StartPolicy.DEFAULT.lookUps(), Duration.ofMillis(2)).requestTimeout(Duration.ofMillis(300)).build();
  }

  /**
   * Starts describing an audit.
   *
   * @param launcher the launcher under test, over SDK clients on a chaos layer
   * @param log the chaos layer's log
   * @return a builder
   */
  public static Builder builder(WorkflowLauncher launcher, ChaosLog log) {
    return new Builder(launcher, log);
  }

  /**
   * The name of an audit's {@code i}-th workflow (whatever the service calls the thing an audit
   * spreads its starts over): {@code chaos-00}, {@code chaos-01}, ...
   *
   * @param i the workflow's number
   * @return its name
   */
  public static String workflowName(int i) {
    return String.format("chaos-%02d", i);
  }

  /**
   * The workflow of {@code count} that a group's starts go to, the same in every run.
   *
   * @param group the group
   * @param count how many workflows the audit spreads its starts over
   * @return the workflow's name, as {@link #workflowName(int)} gives it
   */
  public static String workflowOf(String group, int count) {
    return workflowName(Math.floorMod(group.hashCode(), count));
  }

  /** The group name of keyed group {@code i}. */
  static String key(int i) {
    return String.format("key-%05d", i);
  }

  /** The group name of keyless call {@code i}. */
  static String call(int i) {
    return String.format("call-%05d", i);
  }

  /**
   * Makes both rounds of calls and checks them.
   *
   * @return the report
   * @throws InterruptedException if interrupted while waiting for the calls
   */
  public Report run() throws InterruptedException {
    List<Call> first = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      first.add(new Call(key(i), true, 1));
    }
    for (int i = 0; i < keyless; i++) {
      first.add(new Call(call(i), false, 1));
    }
    List<Call> second = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      second.add(new Call(key(i), true, 2));
    }
    Report report = new Report(log);
    Map<String, Set<RunHandle>> before = Map.of();
    for (List<Call> round : List.of(first, second)) {
      List<Outcome> outcomes = round(round);
      Map<String, Set<RunHandle>> after = census.get();
      report.check(outcomes, before, after, startOperation, startOf);
      before = after;
    }
    report.finish(before);
    return report;
  }

  private List<Outcome> round(List<Call> calls) throws InterruptedException {
    long firstSequence = lastSequence();
    List<Call> shuffled = new ArrayList<>(calls);
    Collections.shuffle(shuffled, new java.util.Random(calls.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (Call call : shuffled) {
        results.add(pool.submit(() -> {
          StartRunRequest start = request.apply(call.group(), call.keyed());
          try {
            return async ? launcher.startAsync(start).join() : launcher.start(start);
          } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof RuntimeException cause ? cause : e;
          } catch (RuntimeException e) {
            return e;
          }
        }));
      }
      List<Object> answers = new ArrayList<>();
      for (Future<Object> result : results) {
        try {
          answers.add(result.get());
        } catch (ExecutionException e) {
          answers.add(e.getCause());
        }
      }
      long lastSequence = lastSequence();
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        Object answer = answers.get(i);
        outcomes.add(answer instanceof RunHandle handle
            ? new Outcome(shuffled.get(i), handle, null, firstSequence, lastSequence)
            : new Outcome(shuffled.get(i), null, (RuntimeException) answer, firstSequence, lastSequence));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private long lastSequence() {
    List<ChaosLog.Entry> entries = log.entries();
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
  }

  /** What the audit found, with the figures to print. */
  public static final class Report {
    private final ChaosLog log;
    private int calls;
    private int keyedCalls;
    private int keylessCalls;
    private int returned;
    private int failedUnknown;
    private int failedKnown;
    private final Map<String, Integer> failureKinds = new TreeMap<>();
    private final List<String> unclassified = new ArrayList<>();
    private final List<String> duplicates = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();
    private final List<String> untruthful = new ArrayList<>();
    private int runs;
    private int groups;

    private Report(ChaosLog log) {
      this.log = log;
    }

    private void check(List<Outcome> outcomes, Map<String, Set<RunHandle>> before, Map<String, Set<RunHandle>> after,
        String startOperation, BiPredicate<ChaosLog.Entry, String> startOf) {
      List<ChaosLog.Entry> starts = log.entries(startOperation);
      for (Outcome outcome : outcomes) {
        calls++;
        if (outcome.call().keyed()) {
          keyedCalls++;
        } else {
          keylessCalls++;
        }
        String group = outcome.call().group();
        Set<RunHandle> runsNow = after.getOrDefault(group, Set.of());
        Set<RunHandle> runsBefore = before.getOrDefault(group, Set.of());
        if (runsNow.size() > 1 && !duplicates.contains(group)) {
          duplicates.add(group + " has " + runsNow.size() + " runs: " + runsNow);
        }
        if (outcome.handle() != null) {
          returned++;
          if (!runsNow.contains(outcome.handle())) {
            lost.add(describe(outcome) + " returned " + outcome.handle() + ", which the service does not hold "
                + "for its group (it holds " + runsNow + ")");
          }
          continue;
        }
        RuntimeException failure = outcome.failure();
        failureKinds.merge(failure.getClass().getSimpleName() + (outcome.outcomeUnknown() ? " (outcome unknown)" : ""),
            1, Integer::sum);
        if (!(failure instanceof WorkflowLaunchException)) {
          untruthful.add(describe(outcome) + " threw " + failure + ", not a WorkflowLaunchException");
          continue;
        }
        if (failure.getClass() == WorkflowLaunchException.class) {
          unclassified.add(describe(outcome) + ": " + failure.getMessage()
              + (failure.getCause() == null ? "" : " (cause " + failure.getCause() + ")"));
        }
        if (outcome.outcomeUnknown()) {
          failedUnknown++;
          boolean sent = starts.stream().anyMatch(entry -> entry.sequence() > outcome.firstSequence()
              && entry.sequence() <= outcome.lastSequence() && startOf.test(entry, group));
          if (!sent) {
            untruthful.add(describe(outcome) + " said a run may exist, but no start of its group was sent: " + failure);
          }
        } else {
          failedKnown++;
          if (!runsNow.equals(runsBefore)) {
            untruthful.add(describe(outcome) + " said nothing was started, but its group went from " + runsBefore
                + " to " + runsNow + ": " + failure.getMessage());
          }
        }
      }
    }

    private void finish(Map<String, Set<RunHandle>> census) {
      groups = census.size();
      runs = census.values().stream().mapToInt(Set::size).sum();
    }

    private static String describe(Outcome outcome) {
      return "round " + outcome.call().round() + " call of " + outcome.call().group();
    }

    /**
     * Groups with more than one run.
     *
     * @return one line per duplicate
     */
    public List<String> duplicates() {
      return List.copyOf(duplicates);
    }

    /**
     * Calls that returned a handle the service does not hold for their group.
     *
     * @return one line per lost run
     */
    public List<String> lost() {
      return List.copyOf(lost);
    }

    /**
     * Failures whose outcome flag did not match what happened.
     *
     * @return one line per untruthful failure
     */
    public List<String> untruthful() {
      return List.copyOf(untruthful);
    }

    /**
     * How many calls failed with an unknown outcome.
     *
     * @return the count
     */
    public int failedWithUnknownOutcome() {
      return failedUnknown;
    }

    /**
     * How many calls returned a handle.
     *
     * @return the count
     */
    public int returned() {
      return returned;
    }

    /**
     * How many calls the audit made.
     *
     * @return the count
     */
    public int calls() {
      return calls;
    }

    /**
     * Failures reported as the root {@link WorkflowLaunchException} itself, which no subtype describes.
     *
     * @return one line per such failure
     */
    public List<String> unclassified() {
      return List.copyOf(unclassified);
    }

    /**
     * Fails, listing every offending call, unless there were no duplicates, no lost runs, no
     * untruthful failures and no failure that no subtype describes.
     */
    public void assertClean() {
      assertThat(duplicates).as("groups with more than one run").isEmpty();
      assertThat(lost).as("handles the service does not hold").isEmpty();
      assertThat(untruthful).as("failures whose outcome flag was wrong").isEmpty();
      assertThat(unclassified).as("failures no WorkflowLaunchException subtype describes").isEmpty();
    }

    /** The figures: calls, requests and faults on the wire, outcomes and findings, on one block of lines. */
    @Override
    public String toString() {
      List<ChaosLog.Entry> entries = log.entries();
      Map<Fault, Long> faults = new EnumMap<>(Fault.class);
      entries.forEach(entry -> faults.merge(entry.fault(), 1L, Long::sum));
      long faulted = entries.size() - faults.getOrDefault(Fault.NONE, 0L);
      Map<String, Long> byOperation = entries.stream()
          .collect(Collectors.groupingBy(ChaosLog.Entry::operation, TreeMap::new, Collectors.counting()));
      Map<Fault, Long> shown = new LinkedHashMap<>(faults);
      shown.remove(Fault.NONE);
      return String.format("%,d starts (%,d keyed: every key twice; %,d keyless) -> %,d handles, %,d failed "
              + "(%,d with outcome unknown, %,d known) %s%n"
              + "%,d requests on the wire %s, %,d faulted (%.1f%%: %s)%n"
              + "%,d runs for %,d groups; duplicates %d, lost %d, untruthful outcome flags %d",
          calls, keyedCalls, keylessCalls, returned, failedKnown + failedUnknown, failedUnknown, failedKnown,
          failureKinds, entries.size(), byOperation, faulted, entries.isEmpty() ? 0.0 : 100.0 * faulted / entries.size(),
          shown, runs, groups, duplicates.size(), lost.size(), untruthful.size());
    }
  }

  /** Builds a {@link StartAudit}. */
  public static final class Builder {
    private final WorkflowLauncher launcher;
    private final ChaosLog log;
    private String startOperation;
    private int keys = Integer.getInteger("wflaunch.chaos.keys", 400);
    private int keyless = Integer.getInteger("wflaunch.chaos.keyless", 400);
    private int threads = 4;
    private boolean async;
    private BiFunction<String, Boolean, StartRunRequest> request;
    private Supplier<Map<String, Set<RunHandle>>> census;
    private BiPredicate<ChaosLog.Entry, String> startOf;

    private Builder(WorkflowLauncher launcher, ChaosLog log) {
      this.launcher = Objects.requireNonNull(launcher, "launcher");
      this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Sets how many keyed groups (each started twice) and keyless calls to make (by default
     * {@code -Dwflaunch.chaos.keys} and {@code -Dwflaunch.chaos.keyless}, 400 each unless set).
     *
     * @param keys keyed groups, named {@code key-00000} on
     * @param keyless keyless calls, named {@code call-00000} on
     * @return this builder
     */
    public Builder calls(int keys, int keyless) {
      this.keys = keys;
      this.keyless = keyless;
      return this;
    }

    /**
     * Sets how many calls run at once (default 4).
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Makes each call with {@code startAsync} (and waits for its future) instead of {@code start}.
     *
     * @param async whether to start asynchronously
     * @return this builder
     */
    public Builder async(boolean async) {
      this.async = async;
      return this;
    }

    /**
     * Sets how to build a group's start request; a keyed group's request must carry the group name as
     * its idempotency key, and a keyless one must let {@code census} and {@code startOf} recognise its
     * group (a parameter or tag carrying the name, say).
     *
     * @param request makes the request from the group name and whether it is keyed
     * @return this builder
     */
    public Builder request(BiFunction<String, Boolean, StartRunRequest> request) {
      this.request = request;
      return this;
    }

    /**
     * Sets how to read the service's runs per group, past the chaos layer.
     *
     * @param census the runs the service holds, by group name
     * @return this builder
     */
    public Builder census(Supplier<Map<String, Set<RunHandle>>> census) {
      this.census = census;
      return this;
    }

    /**
     * Sets the start operation's name and how to tell which group a start request in the log is for.
     *
     * @param operation the start operation, such as {@code StartRun}
     * @param startOf whether a logged start request belongs to a group
     * @return this builder
     */
    public Builder starts(String operation, BiPredicate<ChaosLog.Entry, String> startOf) {
      this.startOperation = operation;
      this.startOf = startOf;
      return this;
    }

    /**
     * Builds the audit.
     *
     * @return the audit
     */
    public StartAudit build() {
      return new StartAudit(this);
    }
  }
}
