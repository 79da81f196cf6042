package io.wflaunch.cli;

import java.net.URI;

/** The options every command takes, before or after the command name. */
public final class GlobalOptions {

  String region;
  String profile;
  URI endpoint;
  boolean fake;
  boolean json;
  boolean table;
  boolean showValues;
  boolean quiet;
  boolean verbose;
  String idempotencyTable;
  java.nio.file.Path localDir;
  /** The SQS queue URL waits receive run events from ({@code --events-queue}), or null. */
  java.net.URI eventsQueue;
  /** How often runs on engines with events are still read while events arrive, or null for the default. */
  java.time.Duration safetyInterval;
  /** Prints a note on stderr unless --quiet; set by the command line when a session is opened. */
  java.util.function.Consumer<String> notes = text -> {};

  /**
   * The region, or null for the SDK's default chain.
   *
   * @return the region
   */
  public String region() {
    return region;
  }

  /**
   * The named profile, or null for the default.
   *
   * @return the profile
   */
  public String profile() {
    return profile;
  }

  /**
   * The endpoint override for every client, or null.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Whether to use local mode instead of AWS.
   *
   * @return true for {@code --local} or {@code --fake}
   */
  public boolean fake() {
    return fake;
  }

  /**
   * The DynamoDB table keyed starts claim their keys in, or null for none.
   *
   * @return the table name
   */
  public String idempotencyTable() {
    return idempotencyTable;
  }

  /**
   * The directory local mode keeps its runs in, if {@code --local-dir} gave one.
   *
   * @return the directory, or null
   */
  public java.nio.file.Path localDir() {
    return localDir;
  }

  /**
   * Where a session says something worth a note on stderr (nothing under {@code --quiet}).
   *
   * @return the notes' consumer
   */
  public java.util.function.Consumer<String> notes() {
    return notes;
  }

  /**
   * The SQS queue URL waits receive run events from ({@code --events-queue} of {@code wait},
   * {@code start --wait} and {@code retry --wait}), or null to poll only.
   *
   * @return the queue URL, or null
   */
  public java.net.URI eventsQueue() {
    return eventsQueue;
  }

  /**
   * With {@link #eventsQueue()}: how often runs on engines with events are still read while events
   * arrive ({@code --safety-interval}), or null for the command line's default (a wait's longest poll interval, 30 seconds).
   *
   * @return the safety interval, or null
   */
  public java.time.Duration safetyInterval() {
    return safetyInterval;
  }
}
