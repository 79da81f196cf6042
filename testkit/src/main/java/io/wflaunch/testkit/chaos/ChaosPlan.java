package io.wflaunch.testkit.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Which requests meet which {@link Fault}, for one or more {@link ChaosHttpClient}s and
 * {@link ChaosAsyncHttpClient}s. Each request meets, in this order:
 *
 * <ol>
 *   <li>the next fault {@linkplain #script scripted} for its operation, if there is one left;
 *   <li>else a fault drawn at random with the operation's probabilities (see {@link Builder#fault(Fault, double)}
 *       and {@link Builder#fault(String, Fault, double)}), or {@link Fault#NONE}.
 * </ol>
 *
 * <p>Chance comes from a {@link Random} with a {@linkplain Builder#seed(long) seed}, and every request
 * draws exactly one number, scripted or not: given the same seed and the same order of requests, a run
 * meets the same faults. A plan built without a seed picks one; {@link #seed()} tells which, so that a
 * failing run can be repeated.
 *
 * <pre>{@code
 * ChaosPlan plan = ChaosPlan.builder()
 *     .seed(7)
 *     .fault(Fault.DROP_RESPONSE, 0.05)
 *     .fault(Fault.THROTTLE, 0.1)
 *     .onlyFor("StartRun", "ListRuns")
 *     .fault("GetRun", Fault.SERVER_ERROR, 0.2)
 *     .delay(Duration.ofMillis(300))
 *     .listingLag(2)
 *     .build();
 * plan.script("StartRun", Fault.DROP_RESPONSE, Fault.THROTTLE);
 * // your service's client, over the chaos layer with your service's profile
 * OrdersClient client = OrdersClient.builder()
 *     .httpClient(ChaosHttpClient.wrap(UrlConnectionHttpClient.create(), plan, ordersProfile))
 *     ...
 * }</pre>
 *
 * <p><b>Listing lag.</b> With {@link Builder#listingLag(int) listingLag(n)}, each run that a forwarded
 * start created (its id read from the service's answer, also when the caller then sees a dropped
 * connection or a 502 instead) is removed from the next {@code n} listing answers that contain it and
 * reach the caller; after that it shows normally. This models a run that list calls see only after
 * {@code n} reads. Listing answers the caller does not get (dropped, replaced by a 502) do not count, and
 * a run is lagged once, from the first start answer that names it (a start repeated with the same client
 * token, answered with the same run, does not hide it again). Where the {@link ServiceProfile} declares
 * {@linkplain ServiceProfile.LaggedGet lagged gets} (a describe call of one run), the lag covers them
 * too: a get of a hidden run is answered with the service's not-found answer and counts as one of the
 * run's {@code n} reads.
 *
 * <p><b>Listing lag in time.</b> With {@link Builder#listingLag(ServiceProfile, Duration) listingLag(profile,
 * lag)}, each run that a forwarded start of that service created is removed from every listing answer (and
 * answered as absent by every lagged get) of that service until {@code lag} has passed on the plan's
 * {@linkplain Builder#clock(Clock) clock} since the start's answer came through the layer (also when the
 * caller then saw a dropped connection or a 502). This models a service whose list calls show a new run
 * some time after its start, however often they are read; the time comes from the clock, so a test on a
 * clock of its own moves it instead of waiting. Both lags may be set: a run is hidden while either hides it,
 * and every listing answer that contains it counts as one of its {@code n} reads.
 *
 * <p><b>Held answers.</b> A request that meets {@link Fault#HOLD} goes to the service, and its answer waits
 * until the test {@linkplain #release() releases} it; {@link #awaitHeld(int, Duration)} tells when it is
 * held. A test can so act (start the same key elsewhere, move a clock) while a caller waits for an answer
 * the service has already given.
 *
 * <p>The plan keeps the {@link #log()} of every request its clients saw. Safe for use by several threads
 * at once.
 */
public final class ChaosPlan {

  /** The delay of {@link Fault#DELAY} unless {@link Builder#delay(Duration)} says otherwise. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

  private final long seed;
  private final Random random;
  private final Map<Fault, Double> rates;
  private final Set<String> onlyFor;
  private final Map<String, Map<Fault, Double>> operationRates;
  private final Duration delay;
  private final int listingLag;
  private final Map<String, Duration> listingLagTimes;
  private final Clock clock;
  private final Map<String, Deque<Fault>> scripts = new HashMap<>();
  private final Map<String, Integer> hiddenReadsLeft = new HashMap<>();
  private final Map<String, Instant> hiddenUntil = new HashMap<>();
  /** When the last run hidden by time shows again: no listing need be read before then. */
  private Instant lastHiddenUntil = Instant.MIN;
  private final Set<String> knownRuns = new HashSet<>();
  private final ChaosLog log = new ChaosLog();
  private long requests;
  private int held;
  private CompletableFuture<Void> gate = new CompletableFuture<>();

  private ChaosPlan(Builder builder) {
    this.seed = builder.seed == null ? new Random().nextLong() : builder.seed;
    this.random = new Random(seed);
    this.rates = Map.copyOf(builder.rates);
    this.onlyFor = Set.copyOf(builder.onlyFor);
    Map<String, Map<Fault, Double>> perOperation = new HashMap<>();
    builder.operationRates.forEach((operation, table) -> perOperation.put(operation, Map.copyOf(table)));
    this.operationRates = Map.copyOf(perOperation);
    this.delay = builder.delay;
    this.listingLag = builder.listingLag;
    this.listingLagTimes = Map.copyOf(builder.listingLagTimes);
    this.clock = builder.clock;
    builder.scripts.forEach((operation, faults) -> scripts.put(operation, new ArrayDeque<>(faults)));
  }

  /**
   * Starts a plan.
   *
   * @return a builder with no faults, no listing lag, {@link #DEFAULT_DELAY} and the system clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A plan that lets everything through until faults are {@linkplain #script scripted}.
   *
   * @return a new plan
   */
  public static ChaosPlan none() {
    return builder().seed(0).build();
  }

  /**
   * Makes the next requests of an operation meet the given faults, in order, before any drawn at random.
   * Adds to what is still scripted for the operation. {@link Fault#NONE} lets one request through.
   *
   * @param operation the operation's name, such as {@code StartRun}
   * @param faults the faults, in order
   * @return this plan
   */
  public ChaosPlan script(String operation, Fault... faults) {
    Objects.requireNonNull(operation, "operation");
    List<Fault> list = List.of(faults);
    synchronized (this) {
      scripts.computeIfAbsent(operation, k -> new ArrayDeque<>()).addAll(list);
    }
    return this;
  }

  /**
   * The faults still scripted for an operation.
   *
   * @param operation the operation's name
   * @return the faults its next requests will meet, in order
   */
  public synchronized List<Fault> scripted(String operation) {
    return List.copyOf(scripts.getOrDefault(operation, new ArrayDeque<>()));
  }

  /**
   * The chance that a request of an operation meets a fault when nothing is scripted for it.
   *
   * @param operation the operation's name
   * @param fault the fault
   * @return the probability, 0 to 1; for {@link Fault#NONE}, what remains
   */
  public double probability(String operation, Fault fault) {
    Map<Fault, Double> table = table(operation);
    if (fault == Fault.NONE) {
      return Math.max(0, 1 - table.values().stream().mapToDouble(Double::doubleValue).sum());
    }
    return table.getOrDefault(fault, 0.0);
  }

  /**
   * The seed of this plan's chance.
   *
   * @return the seed given to the builder, or the one the plan picked
   */
  public long seed() {
    return seed;
  }

  /**
   * How long {@link Fault#DELAY} holds an answer.
   *
   * @return the delay
   */
  public Duration delay() {
    return delay;
  }

  /**
   * How many listing answers a new run is kept out of.
   *
   * @return the listing lag in reads, 0 when off
   */
  public int listingLag() {
    return listingLag;
  }

  /**
   * How long a new run of a service is kept out of its listings.
   *
   * @param profile the service
   * @return the time lag set for it, {@link Duration#ZERO} when none
   */
  public Duration listingLag(ServiceProfile profile) {
    return listingLagTimes.getOrDefault(profile.name(), Duration.ZERO);
  }

  /**
   * The clock that times the listing lag.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Waits until {@code count} answers in all have met {@link Fault#HOLD} and been held, since the plan was
   * built (those released meanwhile count too).
   *
   * @param count how many held answers to wait for
   * @param timeout how long to wait at most
   * @return whether that many were held in time
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (held < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * How many answers have been held so far.
   *
   * @return the count, released ones included
   */
  public synchronized int heldCount() {
    return held;
  }

  /**
   * Lets every answer held now go on to its caller. Answers that meet {@link Fault#HOLD} later are held
   * until the next release.
   *
   * @return this plan
   */
  public ChaosPlan release() {
    CompletableFuture<Void> open;
    synchronized (this) {
      open = gate;
      gate = new CompletableFuture<>();
    }
    open.complete(null);
    return this;
  }

  /**
   * The requests this plan's clients saw.
   *
   * @return the log
   */
  public ChaosLog log() {
    return log;
  }

  @Override
  public String toString() {
    return "ChaosPlan[seed=" + seed + ", rates=" + rates + (onlyFor.isEmpty() ? "" : " for " + onlyFor)
        + ", operationRates=" + operationRates + ", delay=" + delay + ", listingLag=" + listingLag
        + (listingLagTimes.isEmpty() ? "" : ", listingLagTimes=" + listingLagTimes) + "]";
  }

  // ---- used by the clients ----

  /** The fate of one request, written to the log. */
  synchronized ChaosLog.Entry decide(ServiceProfile profile, String operation, String method, String path, String body) {
    long sequence = ++requests;
    double draw = random.nextDouble();
    Deque<Fault> script = scripts.get(operation);
    Fault fault;
    boolean scripted = script != null && !script.isEmpty();
    if (scripted) {
      fault = script.poll();
    } else {
      fault = Fault.NONE;
      double cumulative = 0;
      for (Map.Entry<Fault, Double> rate : table(operation).entrySet()) {
        cumulative += rate.getValue();
        if (draw < cumulative) {
          fault = rate.getKey();
          break;
        }
      }
    }
    ChaosLog.Entry entry = new ChaosLog.Entry(sequence, profile.name(), operation, method, path, fault, scripted, false,
        OptionalInt.empty(), body, Optional.empty(), List.of());
    log.add(entry);
    return entry;
  }

  /**
   * Notes a run a forwarded start's answer named, for the listing lag. Only the first answer naming a run
   * counts: a repeated start answered with an existing run (a client token) does not hide it again.
   */
  synchronized void runCreated(ServiceProfile profile, String runId) {
    String key = profile.name() + "\n" + runId;
    if (!knownRuns.add(key)) {
      return;
    }
    if (listingLag > 0) {
      hiddenReadsLeft.put(key, listingLag);
    }
    Duration lag = listingLagTimes.get(profile.name());
    if (lag != null) {
      Instant until = clock.instant().plus(lag);
      hiddenUntil.put(key, until);
      if (until.isAfter(lastHiddenUntil)) {
        lastHiddenUntil = until;
      }
    }
  }

  /** Whether to take a run out of a listing answer that reaches the caller; counts the read. */
  synchronized boolean hide(ServiceProfile profile, String runId) {
    String key = profile.name() + "\n" + runId;
    boolean byTime = false;
    Instant until = hiddenUntil.get(key);
    if (until != null) {
      byTime = clock.instant().isBefore(until);
      if (!byTime) {
        hiddenUntil.remove(key);
      }
    }
    Integer left = hiddenReadsLeft.get(key);
    if (left == null) {
      return byTime;
    }
    if (left <= 1) {
      hiddenReadsLeft.remove(key);
    } else {
      hiddenReadsLeft.put(key, left - 1);
    }
    return true;
  }

  /** Whether some run may still be kept out of listings. */
  synchronized boolean hidesRuns() {
    if (!hiddenUntil.isEmpty() && !clock.instant().isBefore(lastHiddenUntil)) {
      // Every run hidden by time shows again: forget them all at once rather than one listing at a time.
      hiddenUntil.clear();
    }
    return !hiddenReadsLeft.isEmpty() || !hiddenUntil.isEmpty();
  }

  /** Counts an answer that met {@link Fault#HOLD}; the future completes when the test releases it. */
  synchronized CompletableFuture<Void> hold() {
    held++;
    notifyAll();
    return gate;
  }

  private Map<Fault, Double> table(String operation) {
    Map<Fault, Double> table = new EnumMap<>(Fault.class);
    if (onlyFor.isEmpty() || onlyFor.contains(operation)) {
      table.putAll(rates);
    }
    table.putAll(operationRates.getOrDefault(operation, Map.of()));
    return table;
  }

  /** Builds a {@link ChaosPlan}. */
  public static final class Builder {
    private Long seed;
    private final Map<Fault, Double> rates = new EnumMap<>(Fault.class);
    private final Set<String> onlyFor = new LinkedHashSet<>();
    private final Map<String, Map<Fault, Double>> operationRates = new HashMap<>();
    private final Map<String, List<Fault>> scripts = new HashMap<>();
    private Duration delay = DEFAULT_DELAY;
    private int listingLag;
    private final Map<String, Duration> listingLagTimes = new HashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Seeds the plan's chance, so that the same order of requests meets the same faults.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the chance that a request of any operation (or of the {@link #onlyFor} operations) meets a
     * fault. The chances of one operation add up to at most 1.
     *
     * @param fault the fault, not {@link Fault#NONE}
     * @param probability 0 to 1
     * @return this builder
     */
    public Builder fault(Fault fault, double probability) {
      rates.put(checkedFault(fault), checkedProbability(probability));
      return this;
    }

    /**
     * Restricts the chances set with {@link #fault(Fault, double)} to these operations; the others meet
     * only their own chances ({@link #fault(String, Fault, double)}) and scripts. Adds to earlier calls.
     *
     * @param operations operation names, such as {@code StartRun}
     * @return this builder
     */
    public Builder onlyFor(String... operations) {
      Arrays.stream(operations).map(op -> Objects.requireNonNull(op, "operation")).forEach(onlyFor::add);
      return this;
    }

    /**
     * Sets the chance that a request of one operation meets a fault, over the chance set for every
     * operation.
     *
     * @param operation the operation's name
     * @param fault the fault, not {@link Fault#NONE}
     * @param probability 0 to 1
     * @return this builder
     */
    public Builder fault(String operation, Fault fault, double probability) {
      operationRates.computeIfAbsent(Objects.requireNonNull(operation, "operation"), k -> new EnumMap<>(Fault.class))
          .put(checkedFault(fault), checkedProbability(probability));
      return this;
    }

    /**
     * Scripts the first requests of an operation, as {@link ChaosPlan#script} does on the built plan.
     *
     * @param operation the operation's name
     * @param faults the faults, in order
     * @return this builder
     */
    public Builder script(String operation, Fault... faults) {
      scripts.computeIfAbsent(Objects.requireNonNull(operation, "operation"), k -> new ArrayList<>())
          .addAll(List.of(faults));
      return this;
    }

    /**
     * Sets how long {@link Fault#DELAY} holds the service's answer.
     *
     * @param delay positive
     * @return this builder
     */
    public Builder delay(Duration delay) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("delay must be positive, found " + delay);
      }
      this.delay = delay;
      return this;
    }

    /**
     * Keeps each run a forwarded start created out of the next {@code reads} listing answers that contain
     * it (see the class comment).
     *
     * @param reads not negative; 0 turns the lag off
     * @return this builder
     */
    public Builder listingLag(int reads) {
      if (reads < 0) {
        throw new IllegalArgumentException("reads must not be negative, found " + reads);
      }
      this.listingLag = reads;
      return this;
    }

    /**
     * Keeps each run a forwarded start of one service created out of that service's listings (and
     * lagged gets) until {@code lag} after its start answer came through the layer, on the plan's
     * {@linkplain #clock(Clock) clock} (see the class comment). Replaces an earlier lag for the service.
     *
     * @param profile the service, told apart from others by its {@link ServiceProfile#name()}
     * @param lag not negative; zero turns the lag off for the service
     * @return this builder
     */
    public Builder listingLag(ServiceProfile profile, Duration lag) {
      Objects.requireNonNull(profile, "profile");
      if (lag.isNegative()) {
        throw new IllegalArgumentException("lag must not be negative, found " + lag);
      }
      if (lag.isZero()) {
        listingLagTimes.remove(profile.name());
      } else {
        listingLagTimes.put(profile.name(), lag);
      }
      return this;
    }

    /**
     * Sets the clock that times the listing lag of {@link #listingLag(ServiceProfile, Duration)}.
     *
     * @param clock the clock; {@link Clock#systemUTC()} unless set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     * @throws IllegalArgumentException when the chances of some operation add up to more than 1
     */
    public ChaosPlan build() {
      check("every operation", rates);
      operationRates.forEach((operation, table) -> {
        Map<Fault, Double> merged = new EnumMap<>(Fault.class);
        if (onlyFor.isEmpty() || onlyFor.contains(operation)) {
          merged.putAll(rates);
        }
        merged.putAll(table);
        check(operation, merged);
      });
      return new ChaosPlan(this);
    }

    private static void check(String what, Map<Fault, Double> table) {
      double sum = table.values().stream().mapToDouble(Double::doubleValue).sum();
      if (sum > 1 + 1e-9) {
        throw new IllegalArgumentException("the fault chances of " + what + " add up to " + sum + ", more than 1");
      }
    }

    private static Fault checkedFault(Fault fault) {
      if (Objects.requireNonNull(fault, "fault") == Fault.NONE) {
        throw new IllegalArgumentException("NONE has no chance of its own: it is what the other faults leave");
      }
      return fault;
    }

    private static double checkedProbability(double probability) {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("a probability is 0 to 1, found " + probability);
      }
      return probability;
    }
  }
}
