package io.wflaunch.cli;

import java.net.URI;

/** The options every command takes, before or after the command name. */
public final class GlobalOptions {

  String region;
  String profile;
  URI endpoint;
  boolean fake;
  boolean json;
  boolean showValues;
  boolean quiet;
  boolean verbose;
  String idempotencyTable;

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
   * Whether to use the in-memory fakes instead of AWS.
   *
   * @return true for {@code --fake}
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
}
