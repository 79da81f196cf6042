package io.wflaunch.glue.internal;

import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The look-up settings that Glue workflows' and jobs' options share (how many pages, how far back, how
 * many runs a page): their checks, and the provider options that set them.
 */
public final class GlueLookUpSettings {

  /** The most pages a provider's {@code scan-page-limit} accepts. */
  private static final int MAX_SCAN_PAGES = 1000;

  private GlueLookUpSettings() {}

  /**
   * Checks an options record's look-up settings.
   *
   * @param listing the listing's operation, such as {@code GetJobRuns}, named in the message
   * @param maxPageSize its largest MaxResults
   * @throws NullPointerException if {@code lookBack} is null
   * @throws IllegalArgumentException if {@code scanPageLimit} is below 1, {@code lookBack} is not
   *     positive or {@code pageSize} is outside 1 to {@code maxPageSize}
   */
  public static void check(int scanPageLimit, Duration lookBack, int pageSize, String listing, int maxPageSize) {
    Objects.requireNonNull(lookBack, "lookBack");
    if (scanPageLimit < 1) {
      throw new IllegalArgumentException("scanPageLimit must be at least 1, found " + scanPageLimit);
    }
    if (lookBack.isNegative() || lookBack.isZero()) {
      throw new IllegalArgumentException("lookBack must be positive, found " + lookBack);
    }
    if (pageSize < 1 || pageSize > maxPageSize) {
      throw new IllegalArgumentException("pageSize must be 1 to " + maxPageSize + " (" + listing
          + " MaxResults), found " + pageSize);
    }
  }

  /**
   * A provider's options: the key's carrier ({@code keyOption}), then {@code look-back},
   * {@code scan-page-limit} and {@code page-size} with their defaults.
   *
   * @param runsOf whose runs the look-up searches, such as {@code job's}
   * @param listing the listing's operation, such as {@code GetJobRuns}
   */
  public static List<BackendOption> options(BackendOption keyOption, String runsOf, String listing,
      Duration lookBack, int scanPageLimit, int pageSize, int maxPageSize) {
    return List.of(keyOption,
        BackendOption.of("look-back", "How far back the look-up by key searches the " + runsOf + " runs.",
            lookBack.toDays() + "d"),
        BackendOption.of("scan-page-limit", "The most " + listing + " pages a look-up by key reads.",
            Integer.toString(scanPageLimit)),
        BackendOption.of("page-size", "MaxResults of each " + listing + " page, 1 to " + maxPageSize + ".",
            Integer.toString(pageSize)));
  }

  /** Sets {@code look-back}, {@code scan-page-limit} and {@code page-size} where the settings give them. */
  public static void apply(BackendSettings settings, int maxPageSize, Consumer<Duration> lookBack,
      Consumer<Integer> scanPageLimit, Consumer<Integer> pageSize) {
    settings.durationOption("look-back").ifPresent(lookBack);
    settings.intOption("scan-page-limit", 1, MAX_SCAN_PAGES).ifPresent(scanPageLimit);
    settings.intOption("page-size", 1, maxPageSize).ifPresent(pageSize);
  }
}
