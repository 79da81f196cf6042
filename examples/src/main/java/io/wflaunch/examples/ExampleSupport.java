package io.wflaunch.examples;

import io.wflaunch.RunStatus;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the example programs share: their arguments and how they show progress. */
final class ExampleSupport {

  private ExampleSupport() {}

  /** Whether the program was asked to use real AWS ({@code --aws}) instead of the testkit fakes. */
  static boolean aws(String[] args) {
    return Arrays.asList(args).contains("--aws");
  }

  /** The first argument that is not an option, or {@code fallback}. */
  static String target(String[] args, String fallback) {
    List<String> plain = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
    return plain.isEmpty() ? fallback : plain.get(0);
  }

  /** Polls every 200 ms to 5 s for at most two hours, printing each state change. */
  static WaitOptions printingStateChanges(PrintStream out) {
    return WaitOptions.builder()
        .minInterval(Duration.ofMillis(200))
        .maxInterval(Duration.ofSeconds(5))
        .timeout(Duration.ofHours(2))
        .listener(new WaitListener() {
          @Override
          public void onStateChange(Optional<RunStatus> previous, RunStatus current) {
            out.println("  " + current.handle().backend() + " " + current.state() + " (" + current.rawStatus() + ")");
          }
        })
        .build();
  }

  /** One line for a finished run. */
  static String describe(RunStatus status) {
    return status.handle() + " ended " + status.state() + " (" + status.rawStatus() + ")"
        + status.duration().map(d -> " after " + d.toMillis() + " ms").orElse("")
        + (status.reasons().isEmpty() ? "" : ": " + String.join("; ", status.reasons()));
  }
}
