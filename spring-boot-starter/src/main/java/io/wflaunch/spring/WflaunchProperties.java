package io.wflaunch.spring;

import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.StartPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wflaunch.*} properties the auto-configuration builds the launcher from.
 *
 * <pre>{@code
 * wflaunch.backends.nightly.type=<type>
 * wflaunch.backends.nightly.region=eu-west-1
 * wflaunch.backends.nightly.options.<option>=<value>
 * wflaunch.backends.local.type=<type>
 * wflaunch.backends.local.endpoint=http://127.0.0.1:5000
 * wflaunch.idempotency.table=wflaunch-keys
 * wflaunch.wait.max-interval=1m
 * wflaunch.events.queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/wflaunch-run-events
 * }</pre>
 *
 * <p>Each {@code <type>} is that of an installed {@link io.wflaunch.spi.BackendProvider} (the testkit's
 * {@code memory}, or an adapter's), and each {@code <option>} one the provider lists.
 */
@ConfigurationProperties(prefix = "wflaunch", ignoreUnknownFields = false)
public class WflaunchProperties {

  /**
   * The backends, by id: the id is the first part of targets and handles (nightly:etl-job). Each has a
   * type (that of an installed provider; required), region, endpoint, profile and the type's options.
   */
  private final Map<String, Backend> backends = new LinkedHashMap<>();

  private final Idempotency idempotency = new Idempotency();

  private final Start start = new Start();

  private final Wait wait = new Wait();

  private final Health health = new Health();

  private final Metrics metrics = new Metrics();

  private final Events events = new Events();

  /**
   * The backends, by id.
   *
   * @return the backends
   */
  public Map<String, Backend> getBackends() {
    return backends;
  }

  /**
   * The idempotency store.
   *
   * @return its properties
   */
  public Idempotency getIdempotency() {
    return idempotency;
  }

  /**
   * The bounds of a start.
   *
   * @return their properties
   */
  public Start getStart() {
    return start;
  }

  /**
   * The waits' defaults.
   *
   * @return their properties
   */
  public Wait getWait() {
    return wait;
  }

  /**
   * The health indicator.
   *
   * @return its properties
   */
  public Health getHealth() {
    return health;
  }

  /**
   * The meters.
   *
   * @return their properties
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * The run events.
   *
   * @return their properties
   */
  public Events getEvents() {
    return events;
  }

  /** Where and as whom an SDK client speaks: what a backend and the idempotency store's table share. */
  public static class Client {

    /** The AWS region; when not set, the type's default if it has one, else the SDK's region chain. */
    private String region;

    /** An endpoint to use instead of the region's (a local emulator, a VPC endpoint). */
    private String endpoint;

    /** The profile of ~/.aws/config and ~/.aws/credentials to take credentials and region from. */
    private String profile;

    /**
     * The region.
     *
     * @return the region, or null for the default chain
     */
    public String getRegion() {
      return region;
    }

    /**
     * Sets the region.
     *
     * @param region the region
     */
    public void setRegion(String region) {
      this.region = region;
    }

    /**
     * The endpoint override.
     *
     * @return the endpoint, or null for the region's
     */
    public String getEndpoint() {
      return endpoint;
    }

    /**
     * Sets the endpoint override.
     *
     * @param endpoint the endpoint
     */
    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    /**
     * The profile.
     *
     * @return the profile, or null for the default chain
     */
    public String getProfile() {
      return profile;
    }

    /**
     * Sets the profile.
     *
     * @param profile the profile
     */
    public void setProfile(String profile) {
      this.profile = profile;
    }
  }

  /** One backend. */
  public static class Backend extends Client {

    /** The backend type, one of those installed (such as memory). Required. */
    private String type;

    /** The type's own options, by the names its provider lists; unknown ones fail startup. */
    private final Map<String, String> options = new LinkedHashMap<>();

    /**
     * The type's own options.
     *
     * @return the options, by name
     */
    public Map<String, String> getOptions() {
      return options;
    }

    /**
     * The service.
     *
     * @return the type, or null when not set
     */
    public String getType() {
      return type;
    }

    /**
     * Sets the service.
     *
     * @param type the type
     */
    public void setType(String type) {
      this.type = type;
    }
  }

  /** The DynamoDB idempotency store (module wflaunch-dynamodb-store): its table, and where it is. */
  public static class Idempotency extends Client {

    /** The DynamoDB table keeping idempotency keys; no store when not set. */
    private String table;

    /**
     * How long a start's claim of its key keeps other starts of the key out; at least
     * wflaunch.start.timeout plus wflaunch.idempotency.lease-margin.
     */
    private Duration lease = IdempotencyPolicy.DEFAULT.lease();

    /** How much of its lease a claim must have left when a start request is sent; else it is renewed first. */
    private Duration leaseMargin = IdempotencyPolicy.DEFAULT.leaseMargin();

    /**
     * The lease.
     *
     * @return the lease
     */
    public Duration getLease() {
      return lease;
    }

    /**
     * Sets the lease.
     *
     * @param lease the lease
     */
    public void setLease(Duration lease) {
      this.lease = lease;
    }

    /**
     * The lease margin.
     *
     * @return the margin
     */
    public Duration getLeaseMargin() {
      return leaseMargin;
    }

    /**
     * Sets the lease margin.
     *
     * @param leaseMargin the margin
     */
    public void setLeaseMargin(Duration leaseMargin) {
      this.leaseMargin = leaseMargin;
    }

    /**
     * The table.
     *
     * @return the table, or null for no store
     */
    public String getTable() {
      return table;
    }

    /**
     * Sets the table.
     *
     * @param table the table
     */
    public void setTable(String table) {
      this.table = table;
    }
  }

  /** The bounds of one start: the launcher's {@code StartPolicy}. */
  public static class Start {

    /** The API-call timeout of each request a start sends. */
    private Duration requestTimeout = StartPolicy.DEFAULT_REQUEST_TIMEOUT;

    /** How long one start may take from its first request to its outcome; at least the request timeout. */
    private Duration timeout = StartPolicy.DEFAULT_START_TIMEOUT;

    /**
     * The request timeout.
     *
     * @return the timeout
     */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the request timeout.
     *
     * @param requestTimeout the timeout
     */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /**
     * The start timeout.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the start timeout.
     *
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** The defaults of waits: the {@code WaitOptions} bean. */
  public static class Wait {

    /** The pause before the first poll of a run; later pauses grow from it. */
    private Duration minInterval = Duration.ofSeconds(1);

    /** The longest pause between polls of a run. */
    private Duration maxInterval = Duration.ofSeconds(30);

    /** How long a wait lasts before it fails with a timeout. */
    private Duration timeout = Duration.ofHours(1);

    /** Whether a run that a wait gives up on (timed out or cancelled) is stopped. */
    private boolean stopOnGiveUp;

    /**
     * The first pause.
     *
     * @return the pause
     */
    public Duration getMinInterval() {
      return minInterval;
    }

    /**
     * Sets the first pause.
     *
     * @param minInterval the pause
     */
    public void setMinInterval(Duration minInterval) {
      this.minInterval = minInterval;
    }

    /**
     * The longest pause.
     *
     * @return the pause
     */
    public Duration getMaxInterval() {
      return maxInterval;
    }

    /**
     * Sets the longest pause.
     *
     * @param maxInterval the pause
     */
    public void setMaxInterval(Duration maxInterval) {
      this.maxInterval = maxInterval;
    }

    /**
     * The timeout.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the timeout.
     *
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * Whether a run a wait gives up on is stopped.
     *
     * @return true to stop it
     */
    public boolean isStopOnGiveUp() {
      return stopOnGiveUp;
    }

    /**
     * Sets whether a run a wait gives up on is stopped.
     *
     * @param stopOnGiveUp true to stop it
     */
    public void setStopOnGiveUp(boolean stopOnGiveUp) {
      this.stopOnGiveUp = stopOnGiveUp;
    }
  }

  /** The health indicator (with Spring Boot Actuator). */
  public static class Health {

    /** How long a probe's answer is reused before the backends are read again. */
    private Duration cacheTtl = Duration.ofSeconds(30);

    /** How long each backend has to answer its probe before it counts as down. */
    private Duration timeout = Duration.ofSeconds(10);

    /**
     * How long a backend has to answer.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets how long a backend has to answer.
     *
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * How long an answer is reused.
     *
     * @return the time to live
     */
    public Duration getCacheTtl() {
      return cacheTtl;
    }

    /**
     * Sets how long an answer is reused.
     *
     * @param cacheTtl the time to live
     */
    public void setCacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }
  }

  /** The meters (with Micrometer and wflaunch-micrometer). */
  public static class Metrics {

    /** Whether wflaunch.calls and wflaunch.starts carry the workflow as a tag (more time series). */
    private boolean workflowTag;

    /**
     * Whether the workflow is a tag.
     *
     * @return true when it is
     */
    public boolean isWorkflowTag() {
      return workflowTag;
    }

    /**
     * Sets whether the workflow is a tag.
     *
     * @param workflowTag true to tag
     */
    public void setWorkflowTag(boolean workflowTag) {
      this.workflowTag = workflowTag;
    }
  }

  /**
   * Run events (module wflaunch-eventbridge): the SQS queue an EventBridge rule feeds with the engines'
   * state-change events, so that waits end on events and runs are polled only on the safety interval.
   * The region, endpoint and profile are those of the SQS client the starter builds when the application
   * defines no SqsClient bean; when not set, the region is taken from the queue URL.
   */
  public static class Events extends Client {

    /** The SQS queue's URL; waits end on the run events it receives. No events when not set. */
    private String queueUrl;

    /**
     * How often runs on engines with events are still read while events come: a lost event delays a
     * wait by at most this.
     */
    private Duration safetyInterval = Duration.ofMinutes(5);

    /** How long one receive waits for messages (SQS long polling): 1s to 20s, whole seconds. */
    private Duration waitTime = Duration.ofSeconds(20);

    /**
     * How long a received message stays hidden from other receivers (whole seconds, up to 12h): longer
     * than handling a batch takes.
     */
    private Duration visibilityTimeout = Duration.ofSeconds(60);

    /**
     * The queue URL.
     *
     * @return the URL, or null for no events
     */
    public String getQueueUrl() {
      return queueUrl;
    }

    /**
     * Sets the queue URL.
     *
     * @param queueUrl the URL
     */
    public void setQueueUrl(String queueUrl) {
      this.queueUrl = queueUrl;
    }

    /**
     * The safety interval.
     *
     * @return the interval
     */
    public Duration getSafetyInterval() {
      return safetyInterval;
    }

    /**
     * Sets the safety interval.
     *
     * @param safetyInterval the interval
     */
    public void setSafetyInterval(Duration safetyInterval) {
      this.safetyInterval = safetyInterval;
    }

    /**
     * The long poll's wait time.
     *
     * @return the wait time
     */
    public Duration getWaitTime() {
      return waitTime;
    }

    /**
     * Sets the long poll's wait time.
     *
     * @param waitTime the wait time
     */
    public void setWaitTime(Duration waitTime) {
      this.waitTime = waitTime;
    }

    /**
     * The visibility timeout.
     *
     * @return the timeout
     */
    public Duration getVisibilityTimeout() {
      return visibilityTimeout;
    }

    /**
     * Sets the visibility timeout.
     *
     * @param visibilityTimeout the timeout
     */
    public void setVisibilityTimeout(Duration visibilityTimeout) {
      this.visibilityTimeout = visibilityTimeout;
    }
  }
}
