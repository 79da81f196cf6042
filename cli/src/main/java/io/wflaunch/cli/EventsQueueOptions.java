package io.wflaunch.cli;

import io.wflaunch.spi.support.UserText;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --events-queue URL} and {@code --safety-interval DURATION} of the commands that wait ({@code wait},
 * {@code start --wait}, {@code retry --wait}): the wait ends on the run events of the queue that
 * {@code wflaunch events init} set up, and runs on engines with events are read only on the safety interval
 * while events arrive.
 */
final class EventsQueueOptions {

  @Option(names = "--events-queue", paramLabel = "URL",
      description = "Receive run events from this SQS queue (its URL, as 'wflaunch events init' prints it), so "
          + "that the wait ends within about a second of a run's end; runs on engines that publish events are then "
          + "read only every --safety-interval while events arrive, and as usual otherwise.")
  private String queue;

  @Option(names = "--safety-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --events-queue: how often runs on engines with events are still read while events "
          + "arrive, in case one is lost (30s, 5m, 1h or ISO-8601); default 30s, a wait's longest poll interval, so "
          + "that a queue another consumer also reads, or that no rule feeds, never makes a wait slower than polling.")
  private Duration safetyInterval;

  /** Whether {@code --events-queue} or {@code --safety-interval} was given. */
  boolean given() {
    return queue != null || safetyInterval != null;
  }

  /** The option that was given, for a message saying it does not apply. */
  String name() {
    return queue != null ? "--events-queue" : "--safety-interval";
  }

  /**
   * Checks the options and puts them in the global options the session is opened with.
   *
   * @param commandLine the command, for usage errors
   * @param globals the global options
   * @throws CommandLine.ParameterException if {@code --safety-interval} comes without {@code --events-queue},
   *     or the URL is not an http or https URL with a host and a path
   */
  void apply(CommandLine commandLine, GlobalOptions globals) {
    if (safetyInterval != null && queue == null) {
      throw new CommandLine.ParameterException(commandLine, "--safety-interval applies only with --events-queue");
    }
    if (queue == null) {
      return;
    }
    URI url;
    try {
      url = new URI(queue);
    } catch (java.net.URISyntaxException e) {
      url = null;
    }
    if (url == null || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
        || url.getHost() == null || url.getPath() == null || url.getPath().length() <= 1) {
      throw new CommandLine.ParameterException(commandLine, "--events-queue must be an SQS queue URL such as "
          + "https://sqs.eu-west-1.amazonaws.com/123456789012/wflaunch-events, found " + UserText.quote(queue));
    }
    globals.eventsQueue = url;
    globals.safetyInterval = safetyInterval;
  }
}
