package io.wflaunch.testkit;

import io.wflaunch.BackendOptions;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What the in-memory fakes of AWS services share: the clock their runs unfold on, the {@link Faults}
 * plan and the way a planned fault becomes the service's error, the lost start response, the listing lag
 * of new runs, the delay before a stop takes effect, and the {@link ContractScripting} plumbing. A fake
 * extends it, implements its service's SDK client interface and keeps only what is its service's own:
 * its request shapes, its errors and its rules.
 *
 * <pre>{@code
 * public final class FakeYourServiceClient extends FakeService<FakeYourServiceClient>
 *     implements YourServiceClient {
 *   public synchronized StartJobResponse startJob(StartJobRequest request) {
 *     serve();                          // counts the request, throws a planned fault
 *     Run run = new Run(..., now(), listingLagFrom(now()));
 *     runs.add(run);
 *     loseStartResponseIfPlanned();      // the run exists, the answer is lost
 *     return ...;
 *   }
 * }
 * }</pre>
 *
 * <p>A fake guards its state with its own monitor ({@code synchronized} methods); the settings here use
 * the same monitor, so that a fake is safe for use by several threads at once.
 *
 * @param <F> the fake's own type, which the settings return
 */
public abstract class FakeService<F extends FakeService<F>> implements ContractScripting {

  private final Clock clock;
  private final String serviceName;
  private final Faults faults = new Faults();
  private final LagSetting listingLag = new LagSetting();
  private final AtomicInteger contractWorkflows = new AtomicInteger();
  private Duration stopDelay;

  /**
   * Starts a fake.
   *
   * @param clock the clock its runs unfold on
   * @param serviceName the SDK client's service name, the interface's {@code SERVICE_NAME}
   * @param stopDelay how long a stop takes to take effect until the fake's setting says otherwise, for a
   *     service whose stops are not immediate
   */
  protected FakeService(Clock clock, String serviceName, Duration stopDelay) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.stopDelay = Objects.requireNonNull(stopDelay, "stopDelay");
  }

  // ---- settings ----

  /**
   * The fault plan for the next calls.
   *
   * @return the fault plan
   */
  public Faults faults() {
    return faults;
  }

  /**
   * Hides each run started from now on from the next {@code reads} listings that would show it, as if
   * the service's eventually consistent listing caught up with it only then. Which reads a listing lag
   * covers is the service's: the fake's own description says.
   *
   * @param reads how many listings miss a new run, not negative; 0 for none
   * @return this fake
   * @throws IllegalArgumentException if {@code reads} is negative
   */
  public synchronized F listingLag(int reads) {
    listingLag.reads(reads);
    return self();
  }

  /**
   * Hides each run started from now on from the listings until {@code lag} after its start, on the
   * fake's clock. With a lag in reads too, both must have passed.
   *
   * @param lag how long a new run stays unlisted, not negative; zero for no lag
   * @return this fake
   * @throws IllegalArgumentException if {@code lag} is negative
   */
  public synchronized F listingLag(Duration lag) {
    listingLag.time(lag);
    return self();
  }

  // ---- the SDK client's ----

  /**
   * The SDK client's service name.
   *
   * @return the name given to the constructor
   */
  public String serviceName() {
    return serviceName;
  }

  /** Releases nothing: the fake holds no resources, and its state stays readable. */
  public void close() {
    // nothing to release
  }

  // ---- ContractScripting ----

  @Override
  public int requestCount() {
    return faults.requestCount();
  }

  @Override
  public void throttleNext(int calls) {
    faults.throttleNext(calls);
  }

  @Override
  public void loseNextStartResponses(int calls) {
    faults.loseNextStartResponses(calls);
  }

  @Override
  public void lagListings(int reads) {
    listingLag(reads);
  }

  // ---- for the fake ----

  /**
   * The clock the fake's runs unfold on.
   *
   * @return the clock
   */
  protected final Clock clock() {
    return clock;
  }

  /**
   * The time now on the fake's clock.
   *
   * @return the instant
   */
  protected final Instant now() {
    return clock.instant();
  }

  /**
   * Counts one request and throws the error its planned fault calls for: {@link #throttlingError()},
   * {@link #serverError()} or {@link #accessDenied()}. Each operation calls it first.
   */
  protected final void serve() {
    switch (faults.onRequest()) {
      case THROTTLE -> throw throttlingError();
      case SERVER_ERROR -> throw serverError();
      case DENY -> throw accessDenied();
      case NONE -> { }
    }
  }

  /**
   * The service's answer to a throttled request.
   *
   * @return the error to throw
   */
  protected abstract RuntimeException throttlingError();

  /**
   * The service's answer to a request that met an internal error (HTTP 500).
   *
   * @return the error to throw
   */
  protected abstract RuntimeException serverError();

  /**
   * The service's answer to a request refused for lack of permission.
   *
   * @return the error to throw
   */
  protected abstract RuntimeException accessDenied();

  /**
   * Called by a start after it created its run: when the plan says to lose this start's response,
   * throws what the SDK reports for a response that never came, an {@link SdkClientException} with a
   * read timeout as its cause.
   *
   * @throws SdkClientException when the response is to be lost
   */
  protected final void loseStartResponseIfPlanned() {
    if (faults.loseStartResponse()) {
      throw SdkClientException.builder()
          .message("Unable to execute HTTP request: Read timed out")
          .cause(new SocketTimeoutException("Read timed out"))
          .build();
    }
  }

  /**
   * The listing lag of a run starting now, or of one whose start is {@code start} (a run that begins
   * where another ended): hidden until the lag in time after {@code start}, and from as many reads as the
   * setting says. Call it under the fake's monitor.
   *
   * @param start the run's start
   * @return the run's lag
   */
  protected final Lag listingLagFrom(Instant start) {
    return listingLag.from(start);
  }

  /**
   * How long a stop takes to take effect.
   *
   * @return the delay
   */
  protected final synchronized Duration stopDelay() {
    return stopDelay;
  }

  /**
   * Sets how long a stop takes to take effect; the fake's own setting, named as its service names stops,
   * calls it.
   *
   * @param stopDelay the delay
   */
  protected final synchronized void setStopDelay(Duration stopDelay) {
    this.stopDelay = Objects.requireNonNull(stopDelay, "stopDelay");
  }

  /**
   * Numbers the workflows {@link #createWorkflow} makes: 1, 2, 3 and so on.
   *
   * @return the next number
   */
  protected final int nextContractWorkflow() {
    return contractWorkflows.incrementAndGet();
  }

  /**
   * The invalid start every backend refuses: options of a type that is not the backend's own.
   *
   * @param workflow an existing workflow
   * @return the invalid start, naming {@code options}
   */
  protected static InvalidStart foreignOptions(WorkflowTarget workflow) {
    return new InvalidStart(StartRunRequest.builder(workflow).options(new BackendOptions() {}).build(), "options");
  }

  /**
   * An error as the SDK reads it from the service's answer.
   *
   * @param service the service's name in the error details, such as the SDK service's own name
   * @param builder the modelled exception's builder, or the service's base exception's
   * @param status the HTTP status
   * @param code the error code
   * @param message the error message
   * @return the error, with a random request id
   */
  protected static AwsServiceException awsError(String service, AwsServiceException.Builder builder, int status,
      String code, String message) {
    return builder
        .message(message)
        .statusCode(status)
        .requestId(UUID.randomUUID().toString())
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(service).build())
        .build();
  }

  @SuppressWarnings("unchecked")
  private F self() {
    return (F) this;
  }

  /**
   * A setting of how long new runs stay hidden from a kind of read: for a number of reads, and until a
   * time after their start. Guarded by the fake's monitor.
   */
  protected static final class LagSetting {
    private int reads;
    private Duration time = Duration.ZERO;

    /** A setting of no lag. */
    public LagSetting() {}

    /**
     * Sets how many reads miss a new run.
     *
     * @param reads not negative; 0 for none
     * @throws IllegalArgumentException if {@code reads} is negative
     */
    public void reads(int reads) {
      if (reads < 0) {
        throw new IllegalArgumentException("reads must not be negative, found " + reads);
      }
      this.reads = reads;
    }

    /**
     * Sets how long after its start a new run stays hidden.
     *
     * @param lag not negative; zero for none
     * @throws IllegalArgumentException if {@code lag} is negative
     */
    public void time(Duration lag) {
      if (lag.isNegative()) {
        throw new IllegalArgumentException("lag must not be negative, found " + lag);
      }
      this.time = lag;
    }

    /**
     * The lag of a run that starts at {@code start}, under the setting as it is now.
     *
     * @param start the run's start
     * @return the run's lag
     */
    public Lag from(Instant start) {
      return new Lag(start.plus(time), reads);
    }
  }

  /** How long reads still miss one run: until a time, and for a number of reads. Guarded by the fake's monitor. */
  protected static final class Lag {
    private final Instant until;
    private int reads;

    private Lag(Instant until, int reads) {
      this.until = until;
      this.reads = reads;
    }

    /**
     * Whether a read at {@code now} misses the run; a read while reads are left uses one up.
     *
     * @param now the read's time
     * @return true when the read does not show the run
     */
    public boolean misses(Instant now) {
      boolean hidden = now.isBefore(until);
      if (reads > 0) {
        reads--;
        hidden = true;
      }
      return hidden;
    }
  }
}
