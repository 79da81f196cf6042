package io.wflaunch.eventbridge;

import io.wflaunch.eventbridge.internal.EarlyTimeouts;
import io.wflaunch.spi.events.EventEnvelope;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventSink;
import io.wflaunch.spi.events.RunEventSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Receives run events from an SQS queue that an EventBridge rule (or an SNS topic) feeds, and hands them to
 * the launcher: give it to {@link io.wflaunch.WorkflowLauncher.Builder#runEvents}.
 *
 * <pre>{@code
 * WorkflowLauncher launcher = WorkflowLauncher.builder()
 *     .backend(...)
 *     .runEvents(SqsRunEvents.create(sqs, queueUrl))
 *     .build();
 * }</pre>
 *
 * <p>Once started it runs one daemon thread, {@value #THREAD_NAME}, that long-polls the queue (up to ten
 * messages, {@link Builder#waitTime} long; the first receive, and the first after a failed one, does not
 * wait, so that the launcher learns at once that events come), hands each message's event to the launcher (a body that is no
 * event is reported as malformed), and deletes the batch's messages with one request whatever became of
 * them: events are hints, and a run is still read on the safety interval. A delete that fails is logged;
 * its message comes back after the visibility timeout and is handed over again, which is harmless. A
 * failed receive tells the launcher events are not coming (its runs are polled on their waits' own
 * schedules) and is retried after 1 second, doubling up to 30; the first success tells it they come
 * again. Failures are logged once per streak. Nothing but an {@link Error} ends the thread before
 * {@link #close()}.
 *
 * <p>The SQS client is the caller's: closing this source does not close it.
 */
public final class SqsRunEvents implements RunEventSource {

  /** The receiving thread's name. */
  public static final String THREAD_NAME = "wflaunch-events";

  /** The safety interval unless the builder says otherwise. */
  public static final Duration DEFAULT_SAFETY_INTERVAL = Duration.ofMinutes(5);

  /** The long poll's wait unless the builder says otherwise: SQS's longest. */
  public static final Duration DEFAULT_WAIT_TIME = Duration.ofSeconds(20);

  /** The visibility timeout unless the builder says otherwise. */
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(SqsRunEvents.class);
  private static final int BATCH = 10;
  private static final Pattern REGION_IN_HOST =
      Pattern.compile("(?:sqs\\.([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?");
  private static final Duration CLOSE_JOIN = Duration.ofSeconds(5);
  /** How often close() aborts the receive again while the thread lives. */
  private static final Duration REABORT = Duration.ofMillis(50);
  /** How much longer than the long poll a receive may take before the SDK gives up on it. */
  private static final Duration RECEIVE_MARGIN = Duration.ofSeconds(20);

  /**
   * What the source has done so far.
   *
   * @param receives successful receive calls
   * @param messages messages received
   * @param deleted messages deleted
   * @param malformed messages whose body was no event, or whose event the launcher could not read
   * @param failedReceives receive calls that failed
   * @param receiving whether the last receive succeeded
   */
  public record Stats(long receives, long messages, long deleted, long malformed, long failedReceives,
      boolean receiving) {}

  private final SqsClient sqs;
  private final String queueUrl;
  private final Duration safetyInterval;
  private final Duration waitTime;
  private final Duration visibilityTimeout;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final EarlyTimeouts timeouts = new EarlyTimeouts(THREAD_NAME + "-timeout");
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicLong receives = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong failedReceives = new AtomicLong();
  private volatile boolean receiving;
  /** What the sink was last told, null before the first receive's end (so that a first failure is told too). */
  private Boolean told;
  private volatile boolean closed;
  private Thread thread;
  private RunEventSink sink;

  private SqsRunEvents(Builder builder) {
    this.sqs = Objects.requireNonNull(builder.sqs, "sqsClient");
    this.queueUrl = Objects.requireNonNull(builder.queueUrl, "queueUrl");
    if (queueUrl.isBlank()) {
      throw new IllegalArgumentException("queueUrl must not be blank");
    }
    this.safetyInterval = builder.safetyInterval;
    this.waitTime = builder.waitTime;
    this.visibilityTimeout = builder.visibilityTimeout;
    this.firstRetryDelay = builder.firstRetryDelay;
    this.maxRetryDelay = builder.maxRetryDelay;
  }

  /**
   * A source with the defaults: a five-minute safety interval, 20-second long polls, a 60-second visibility
   * timeout.
   *
   * @param sqs the SQS client, not closed by this source
   * @param queueUrl the queue's URL
   * @return the source
   */
  public static SqsRunEvents create(SqsClient sqs, String queueUrl) {
    return builder().sqsClient(sqs).queueUrl(queueUrl).build();
  }

  /**
   * The region an SQS queue URL names in its host ({@code sqs.<region>.amazonaws.com}, or the older
   * {@code <region>.queue.amazonaws.com}; {@code .com.cn} too): the region an SQS client for the queue needs.
   *
   * @param queueUrl the queue's URL
   * @return the region, or empty when the host names none (an emulator, a VPC endpoint)
   */
  public static Optional<String> regionOf(URI queueUrl) {
    Matcher matcher = REGION_IN_HOST.matcher(String.valueOf(queueUrl.getHost()));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the receiving thread.
   *
   * @param sink the launcher's sink
   * @throws IllegalStateException if this source was started before or is closed
   */
  @Override
  public synchronized void start(RunEventSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (this.sink != null) {
      throw new IllegalStateException("this source was started already; each launcher needs its own");
    }
    if (closed) {
      throw new IllegalStateException("this source is closed");
    }
    this.sink = sink;
    thread = new Thread(this::loop, THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public Duration safetyInterval() {
    return safetyInterval;
  }

  /** The receiving thread, once started; for tests. */
  synchronized Thread thread() {
    return thread;
  }

  /**
   * What this source has done so far.
   *
   * @return the counts
   */
  public Stats stats() {
    return new Stats(receives.get(), messages.get(), deleted.get(), malformed.get(), failedReceives.get(),
        receiving);
  }

  /**
   * Stops receiving: ends a long poll in progress and waits up to five seconds for the thread to end.
   * Messages not yet deleted come back to the queue after their visibility timeout. Does not close the
   * SQS client.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
    }
    closing.countDown();
    // The receive's own timeout timer aborts its HTTP request; the interrupt ends any other wait.
    timeouts.fireAll();
    if (running != null && running != Thread.currentThread()) {
      running.interrupt();
      // A caller closing with its interrupt already set (a shutdown path) still waits for the thread; the
      // interrupt is kept for it.
      boolean interrupted = Thread.interrupted();
      long deadline = System.nanoTime() + CLOSE_JOIN.toNanos();
      try {
        long left;
        while (running.isAlive() && (left = deadline - System.nanoTime()) > 0) {
          running.join(Math.max(1, Math.min(REABORT.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
          // An abort that came while the receive's request was still connecting may have been missed by the
          // HTTP client: abort it again until the thread ends.
          timeouts.fireAll();
        }
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    timeouts.shutdownNow();
  }

  private void loop() {
    try {
      while (!closed) {
        try {
          receiveUntilClosed();
        } catch (RuntimeException e) {
          // Not expected (each step catches its own failures), but the thread must outlive anything short of an
          // Error.
          log.warn("Receiving run events from the queue {} met an unexpected failure ({}); receiving goes on",
              queueUrl, describe(e));
          pause(maxRetryDelay);
        }
      }
    } finally {
      // Closed (also directly, not through the launcher) or ended by an Error: the launcher polls its waits on
      // their own schedules again.
      if (Boolean.TRUE.equals(told)) {
        setReceiving(false);
      }
    }
  }

  private void receiveUntilClosed() {
    Duration delay = firstRetryDelay;
    boolean failing = false;
    long failedDeletes = 0;
    while (!closed) {
      List<Message> batch;
      try {
        // The first receive, and the first after a failure, does not wait: the launcher learns at once that
        // events come, instead of after a long poll of an empty queue.
        batch = sqs.receiveMessage(receiveRequest(told == null || !told)).messages();
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        failedReceives.incrementAndGet();
        setReceiving(false);
        if (!failing) {
          log.warn("Receiving run events from the queue {} failed ({}); waits are polled on their own schedules "
              + "and the receive is retried, from {} up to every {}; logged once until a receive succeeds",
              queueUrl, describe(e), firstRetryDelay, maxRetryDelay);
          failing = true;
        }
        pause(delay);
        delay = delay.multipliedBy(2).compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay.multipliedBy(2);
        continue;
      }
      if (closed) {
        // Closed while the receive was out: the batch goes back to the queue after its visibility timeout,
        // for the next process, rather than to a launcher that no longer tracks anything.
        break;
      }
      receives.incrementAndGet();
      if (failing) {
        log.info("Receiving run events from the queue {} again", queueUrl);
        failing = false;
      }
      delay = firstRetryDelay;
      setReceiving(true);
      if (batch.isEmpty()) {
        continue;
      }
      messages.addAndGet(batch.size());
      for (Message message : batch) {
        hand(message);
      }
      failedDeletes = delete(batch, failedDeletes);
    }
  }

  private ReceiveMessageRequest receiveRequest(boolean probe) {
    return ReceiveMessageRequest.builder().queueUrl(queueUrl).maxNumberOfMessages(BATCH)
        .waitTimeSeconds(probe ? 0 : (int) waitTime.toSeconds())
        .visibilityTimeout((int) visibilityTimeout.toSeconds())
        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)
        .overrideConfiguration(o -> o.apiCallTimeout(waitTime.plus(RECEIVE_MARGIN)).addPlugin(config -> {
          // The call's timeout timer runs on our scheduler, so that close() can fire it at once.
          SqsServiceClientConfiguration.Builder sqsConfig = (SqsServiceClientConfiguration.Builder) config;
          sqsConfig.overrideConfiguration(sqsConfig.overrideConfiguration().toBuilder()
              .scheduledExecutorService(timeouts).build());
        }))
        .build();
  }

  private void hand(Message message) {
    EventEnvelope event;
    try {
      event = EventMessages.read(message.body() == null ? "" : message.body());
    } catch (IllegalArgumentException e) {
      malformed.incrementAndGet();
      try {
        sink.malformed(e.getMessage());
      } catch (RuntimeException failure) {
        log.warn("The launcher failed to count a malformed run event ({})", describe(failure));
      }
      return;
    }
    try {
      if (sink.accept(event) == EventOutcome.MALFORMED) {
        malformed.incrementAndGet();
      }
    } catch (RuntimeException e) {
      // The sink promises not to throw; should it, the event is dropped like a malformed one.
      malformed.incrementAndGet();
      log.warn("The launcher failed to take a run event ({}); the event is dropped", describe(e));
    }
  }

  private long delete(List<Message> batch, long failedBefore) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
          .receiptHandle(batch.get(i).receiptHandle()).build());
    }
    String problem;
    try {
      DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      deleted.addAndGet(response.successful().size());
      if (response.failed().isEmpty()) {
        if (failedBefore > 0) {
          log.info("Deleting run events from the queue {} works again", queueUrl);
        }
        return 0;
      }
      problem = response.failed().size() + " of " + batch.size() + " not deleted: "
          + response.failed().get(0).code();
    } catch (RuntimeException e) {
      problem = describe(e);
    }
    if (closed) {
      log.debug("Deleting run events from the queue {} was cut short by closing ({}); they come back after the "
          + "visibility timeout", queueUrl, problem);
      return failedBefore;
    }
    if (failedBefore == 0) {
      log.warn("Deleting run events from the queue {} failed ({}); they come back after the visibility timeout "
          + "and are handed over again, which is harmless; logged once until a delete succeeds", queueUrl, problem);
    }
    return failedBefore + 1;
  }

  private void setReceiving(boolean now) {
    receiving = now;
    if (told == null || told != now) {
      told = now;
      try {
        sink.receiving(now);
      } catch (RuntimeException e) {
        log.warn("The launcher failed to take whether run events come ({})", describe(e));
      }
    }
  }

  private void pause(Duration delay) {
    try {
      closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // close() interrupts: the loop sees closed.
    }
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Builds an {@link SqsRunEvents}. */
  public static final class Builder {
    private SqsClient sqs;
    private String queueUrl;
    private Duration safetyInterval = DEFAULT_SAFETY_INTERVAL;
    private Duration waitTime = DEFAULT_WAIT_TIME;
    private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
    private Duration firstRetryDelay = Duration.ofSeconds(1);
    private Duration maxRetryDelay = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the SQS client, which the source does not close.
     *
     * @param sqs the client
     * @return this builder
     */
    public Builder sqsClient(SqsClient sqs) {
      this.sqs = Objects.requireNonNull(sqs, "sqsClient");
      return this;
    }

    /**
     * Sets the queue's URL.
     *
     * @param queueUrl the URL, such as {@link SetupResult#queueUrl()}
     * @return this builder
     */
    public Builder queueUrl(String queueUrl) {
      this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
      return this;
    }

    /**
     * Sets how often runs on engines with events are still read while events come: a lost event delays a
     * wait by at most this. Five minutes unless set.
     *
     * @param safetyInterval a positive duration
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder safetyInterval(Duration safetyInterval) {
      Objects.requireNonNull(safetyInterval, "safetyInterval");
      if (safetyInterval.isNegative() || safetyInterval.isZero()) {
        throw new IllegalArgumentException("safetyInterval must be positive, found " + safetyInterval);
      }
      this.safetyInterval = safetyInterval;
      return this;
    }

    /**
     * Sets how long one receive waits for messages (SQS's long poll). 20 seconds unless set.
     *
     * @param waitTime whole seconds from 1 to 20
     * @return this builder
     * @throws IllegalArgumentException if it is out of range or not whole seconds
     */
    public Builder waitTime(Duration waitTime) {
      this.waitTime = seconds("waitTime", waitTime, 1, 20);
      return this;
    }

    /**
     * Sets how long a received message stays hidden from other receives: it must exceed the time from a
     * receive to its batch's delete (handing ten events to the launcher takes moments, as the sink does no
     * I/O). A message whose delete failed comes back after this. 60 seconds unless set.
     *
     * @param visibilityTimeout whole seconds from 1 to 43,200 (12 hours)
     * @return this builder
     * @throws IllegalArgumentException if it is out of range or not whole seconds
     */
    public Builder visibilityTimeout(Duration visibilityTimeout) {
      this.visibilityTimeout = seconds("visibilityTimeout", visibilityTimeout, 1, 43_200);
      return this;
    }

    /** The pause after a failed receive, doubling up to {@code max}; for tests, which cannot wait seconds. */
    Builder retryDelays(Duration first, Duration max) {
      this.firstRetryDelay = Objects.requireNonNull(first, "first");
      this.maxRetryDelay = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source, not started
     * @throws NullPointerException if the client or the queue's URL is not set
     * @throws IllegalArgumentException if the queue's URL is blank
     */
    public SqsRunEvents build() {
      return new SqsRunEvents(this);
    }

    private static Duration seconds(String field, Duration value, long min, long max) {
      Objects.requireNonNull(value, field);
      if (value.toNanos() % 1_000_000_000L != 0 || value.toSeconds() < min || value.toSeconds() > max) {
        throw new IllegalArgumentException(field + " must be whole seconds from " + min + " to " + max
            + ", found " + value);
      }
      return value;
    }
  }
}
