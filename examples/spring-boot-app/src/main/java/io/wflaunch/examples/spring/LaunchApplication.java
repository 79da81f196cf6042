package io.wflaunch.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that starts workflow runs from a REST endpoint. The launcher comes from the
 * wflaunch starter and {@code application.properties}; its meters are in {@code /actuator/metrics}. A
 * start answers with the run's status address in {@code Location} (and {@code status}), its handle
 * URL-encoded: a handle may hold {@code +}, which a query string otherwise reads as a space.
 *
 * <pre>
 * curl -X POST localhost:8080/runs -H 'content-type: application/json' \
 *      -d '{"target":"glue:nightly-etl","idempotencyKey":"2026-11-24","parameters":{"date":"2026-11-24"}}'
 * curl localhost:8080/runs --get --data-urlencode 'handle=glue:nightly-etl/wr_...'
 * curl localhost:8080/actuator/metrics/wflaunch.starts
 * </pre>
 */
@SpringBootApplication
public class LaunchApplication {

  /**
   * Runs the service.
   *
   * @param args Spring Boot arguments, such as {@code --wflaunch.backends.glue.endpoint=http://127.0.0.1:5000}
   */
  public static void main(String[] args) {
    SpringApplication.run(LaunchApplication.class, args);
  }
}
