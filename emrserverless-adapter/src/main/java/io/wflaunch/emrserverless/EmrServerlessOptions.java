package io.wflaunch.emrserverless;

import io.wflaunch.BackendOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * EMR Serverless start options, for a request to an {@code emrserverless} backend:
 * {@code StartRunRequest.builder(target).options(EmrServerlessOptions.builder()...build())}. A field left
 * unset takes the backend's default ({@link EmrServerlessBackend.Builder#defaults}); the execution role and
 * a job driver (Spark submit or Hive, exactly one) must come from one or the other. Values are checked
 * against the service's model when the request is validated, before anything is sent.
 *
 * @param executionRoleArn the IAM role the job run assumes
 * @param sparkSubmit a Spark job driver
 * @param hive a Hive job driver
 * @param applicationConfiguration configuration classifications that override the application's
 * @param s3LogUri where the job run's logs go in S3 (S3 monitoring configuration)
 * @param cloudWatchLogGroup the CloudWatch log group the job run logs to (enables CloudWatch logging)
 * @param name the job run's name, which need not be unique
 * @param tags the job run's tags, in order
 * @param executionTimeoutMinutes after how many minutes the service cancels the job run (0 for none)
 */
public record EmrServerlessOptions(Optional<String> executionRoleArn, Optional<SparkSubmit> sparkSubmit,
    Optional<Hive> hive, List<Classification> applicationConfiguration, Optional<String> s3LogUri,
    Optional<String> cloudWatchLogGroup, Optional<String> name, Map<String, String> tags,
    Optional<Long> executionTimeoutMinutes) implements BackendOptions {

  /** No options. */
  public static final EmrServerlessOptions NONE = builder().build();

  /**
   * Checks and copies the values (the tags in their order).
   *
   * @throws NullPointerException if an argument or an element is null
   */
  public EmrServerlessOptions {
    Objects.requireNonNull(executionRoleArn, "executionRoleArn");
    Objects.requireNonNull(sparkSubmit, "sparkSubmit");
    Objects.requireNonNull(hive, "hive");
    applicationConfiguration = List.copyOf(applicationConfiguration);
    Objects.requireNonNull(s3LogUri, "s3LogUri");
    Objects.requireNonNull(cloudWatchLogGroup, "cloudWatchLogGroup");
    Objects.requireNonNull(name, "name");
    tags = orderedCopy(tags, "tags");
    Objects.requireNonNull(executionTimeoutMinutes, "executionTimeoutMinutes");
  }

  /**
   * A Spark job driver.
   *
   * @param entryPoint the script or jar the job runs, such as {@code s3://bucket/job.py}
   * @param entryPointArguments its arguments, in order (the request's parameters follow them)
   * @param sparkSubmitParameters further {@code spark-submit} parameters, such as {@code --conf spark.executor.cores=2}
   */
  public record SparkSubmit(String entryPoint, List<String> entryPointArguments,
      Optional<String> sparkSubmitParameters) {
    /** Checks and copies the values. */
    public SparkSubmit {
      Objects.requireNonNull(entryPoint, "entryPoint");
      entryPointArguments = List.copyOf(entryPointArguments);
      Objects.requireNonNull(sparkSubmitParameters, "sparkSubmitParameters");
    }

    /**
     * A Spark job of an entry point alone.
     *
     * @param entryPoint the script or jar
     * @return the driver
     */
    public static SparkSubmit of(String entryPoint) {
      return new SparkSubmit(entryPoint, List.of(), Optional.empty());
    }
  }

  /**
   * A Hive job driver.
   *
   * @param query the query, or the S3 location of a query file
   * @param initQueryFile the S3 location of a file run before the query
   * @param parameters further Hive parameters, such as {@code --hiveconf hive.exec.scratchdir=s3://...}
   *     (the request's parameters follow them as {@code --hivevar name=value})
   */
  public record Hive(String query, Optional<String> initQueryFile, Optional<String> parameters) {
    /** Checks the values. */
    public Hive {
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(initQueryFile, "initQueryFile");
      Objects.requireNonNull(parameters, "parameters");
    }

    /**
     * A Hive job of a query alone.
     *
     * @param query the query or the query file's S3 location
     * @return the driver
     */
    public static Hive of(String query) {
      return new Hive(query, Optional.empty(), Optional.empty());
    }
  }

  /**
   * A configuration classification, such as {@code spark-defaults} with its properties.
   *
   * @param classification the classification's name
   * @param properties its properties, in order
   * @param configurations nested classifications
   */
  public record Classification(String classification, Map<String, String> properties,
      List<Classification> configurations) {
    /** Checks and copies the values. */
    public Classification {
      Objects.requireNonNull(classification, "classification");
      properties = orderedCopy(properties, "properties");
      configurations = List.copyOf(configurations);
    }

    /**
     * A classification with properties and no nested ones.
     *
     * @param classification the name
     * @param properties the properties
     * @return the classification
     */
    public static Classification of(String classification, Map<String, String> properties) {
      return new Classification(classification, properties, List.of());
    }
  }

  /**
   * A builder with nothing set.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.executionRoleArn = executionRoleArn.orElse(null);
    builder.sparkSubmit = sparkSubmit.orElse(null);
    builder.hive = hive.orElse(null);
    builder.applicationConfiguration.addAll(applicationConfiguration);
    builder.s3LogUri = s3LogUri.orElse(null);
    builder.cloudWatchLogGroup = cloudWatchLogGroup.orElse(null);
    builder.name = name.orElse(null);
    builder.tags.putAll(tags);
    builder.executionTimeoutMinutes = executionTimeoutMinutes.orElse(null);
    return builder;
  }

  /**
   * These options over {@code defaults}: each field set here, else the default's. Tags and
   * classifications are the defaults' followed by these (a tag set here wins). A job driver set here
   * replaces the default's, whichever kind either is.
   *
   * @param defaults the backend's defaults
   * @return the merged options
   */
  public EmrServerlessOptions over(EmrServerlessOptions defaults) {
    Builder merged = defaults.toBuilder();
    executionRoleArn.ifPresent(merged::executionRoleArn);
    if (sparkSubmit.isPresent() || hive.isPresent()) {
      merged.sparkSubmit = sparkSubmit.orElse(null);
      merged.hive = hive.orElse(null);
    }
    merged.applicationConfiguration.addAll(applicationConfiguration);
    s3LogUri.ifPresent(merged::s3LogUri);
    cloudWatchLogGroup.ifPresent(merged::cloudWatchLogGroup);
    name.ifPresent(merged::name);
    merged.tags.putAll(tags);
    executionTimeoutMinutes.ifPresent(merged::executionTimeoutMinutes);
    return merged.build();
  }

  private static Map<String, String> orderedCopy(Map<String, String> map, String what) {
    Map<String, String> copy = new LinkedHashMap<>();
    Objects.requireNonNull(map, what).forEach((key, value) -> copy.put(Objects.requireNonNull(key, what + " key"),
        Objects.requireNonNull(value, what + " value")));
    return Collections.unmodifiableMap(copy);
  }

  /** Builds {@link EmrServerlessOptions}. */
  public static final class Builder {
    private String executionRoleArn;
    private SparkSubmit sparkSubmit;
    private Hive hive;
    private final List<Classification> applicationConfiguration = new ArrayList<>();
    private String s3LogUri;
    private String cloudWatchLogGroup;
    private String name;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Long executionTimeoutMinutes;

    private Builder() {}

    /**
     * Sets the execution role's ARN ({@code arn:aws:iam::<account>:role/<name>}).
     *
     * @param executionRoleArn the ARN, or null for the backend's default
     * @return this builder
     */
    public Builder executionRoleArn(String executionRoleArn) {
      this.executionRoleArn = executionRoleArn;
      return this;
    }

    /**
     * Sets a Spark job driver.
     *
     * @param sparkSubmit the driver, or null
     * @return this builder
     */
    public Builder sparkSubmit(SparkSubmit sparkSubmit) {
      this.sparkSubmit = sparkSubmit;
      return this;
    }

    /**
     * Sets a Spark job driver of an entry point and its arguments.
     *
     * @param entryPoint the script or jar
     * @param entryPointArguments its arguments
     * @return this builder
     */
    public Builder sparkSubmit(String entryPoint, String... entryPointArguments) {
      return sparkSubmit(new SparkSubmit(entryPoint, List.of(entryPointArguments), Optional.empty()));
    }

    /**
     * Sets a Hive job driver.
     *
     * @param hive the driver, or null
     * @return this builder
     */
    public Builder hive(Hive hive) {
      this.hive = hive;
      return this;
    }

    /**
     * Adds a configuration classification.
     *
     * @param classification the classification
     * @return this builder
     */
    public Builder classification(Classification classification) {
      applicationConfiguration.add(Objects.requireNonNull(classification, "classification"));
      return this;
    }

    /**
     * Sets the S3 location of the job run's logs.
     *
     * @param s3LogUri such as {@code s3://bucket/logs/}, or null
     * @return this builder
     */
    public Builder s3LogUri(String s3LogUri) {
      this.s3LogUri = s3LogUri;
      return this;
    }

    /**
     * Sets the CloudWatch log group the job run logs to.
     *
     * @param cloudWatchLogGroup the group's name, or null
     * @return this builder
     */
    public Builder cloudWatchLogGroup(String cloudWatchLogGroup) {
      this.cloudWatchLogGroup = cloudWatchLogGroup;
      return this;
    }

    /**
     * Sets the job run's name.
     *
     * @param name 1 to 256 characters, or null
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets after how many minutes the service cancels the job run.
     *
     * @param minutes 0 to 1,000,000, or null for the service's default
     * @return this builder
     */
    public Builder executionTimeoutMinutes(Long minutes) {
      this.executionTimeoutMinutes = minutes;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public EmrServerlessOptions build() {
      return new EmrServerlessOptions(Optional.ofNullable(executionRoleArn), Optional.ofNullable(sparkSubmit),
          Optional.ofNullable(hive), applicationConfiguration, Optional.ofNullable(s3LogUri),
          Optional.ofNullable(cloudWatchLogGroup), Optional.ofNullable(name), tags,
          Optional.ofNullable(executionTimeoutMinutes));
    }
  }
}
