package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --events-queue} and {@code --safety-interval} of wait, start --wait and retry --wait: what is refused. */
class EventsQueueOptionTest {

  private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/wflaunch-events";

  private final CliHarness cli = new CliHarness();

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void startAndRetryTakeTheQueueOnlyWithWait() {
    CliHarness.Result start = cli.run("start", "glue:nightly", "--events-queue", QUEUE);
    CliHarness.Result retry = cli.run("retry", "glue:nightly/wr_1", "--safety-interval", "1m");
    CliHarness.Result fromFile = cli.run("start", "--from", "runs.jsonl", "--events-queue", QUEUE);

    assertThat(start.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(start.err()).startsWith("wflaunch: --events-queue applies only with --wait");
    assertThat(retry.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(retry.err()).startsWith("wflaunch: --safety-interval applies only with --wait");
    assertThat(fromFile.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromFile.err()).startsWith("wflaunch: --events-queue applies only with --wait");
    assertThat(cli.glue().requestCount()).as("nothing was sent").isZero();
  }

  @Test
  void theSafetyIntervalNeedsTheQueue() {
    CliHarness.Result result = cli.run("wait", "glue:nightly/wr_1", "--safety-interval", "1m");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("wflaunch: --safety-interval applies only with --events-queue");
  }

  @Test
  void theQueueMustBeAnHttpUrlWithAPath() {
    CliHarness.Result name = cli.run("wait", "glue:nightly/wr_1", "--events-queue", "wflaunch-events");
    CliHarness.Result noPath = cli.run("wait", "glue:nightly/wr_1", "--events-queue", "https://sqs.example.com");
    CliHarness.Result interval = cli.run("wait", "glue:nightly/wr_1", "--events-queue", QUEUE,
        "--safety-interval", "0s");

    assertThat(name.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(name.err()).startsWith("wflaunch: --events-queue must be an SQS queue URL").contains("'wflaunch-events'");
    assertThat(noPath.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noPath.err()).startsWith("wflaunch: --events-queue must be an SQS queue URL");
    assertThat(interval.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(interval.err()).contains("--safety-interval").contains("must be a positive duration");
  }

  @Test
  void localModeRefusesTheQueue() {
    CliHarness.Result result = cli.run("wait", "glue:nightly/wr_1", "--events-queue", QUEUE, "--local");

    assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("wflaunch: --events-queue applies only to AWS, and local mode is on");
  }
}
