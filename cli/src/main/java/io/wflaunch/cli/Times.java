package io.wflaunch.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How the command line writes every instant it prints. JSON (statuses, lists) always has milliseconds,
 * in one fixed form, {@code 2026-12-07T07:32:08.985Z} (truncated, never finer), so that a program reads
 * one form and one run's time prints the same in every command. Text (progress lines on stderr, status
 * lines, tables) is ISO-8601 in UTC to the second, {@code 2026-12-07T07:32:08Z}, or to the millisecond
 * where it shares its second with a neighbour: the progress line printed before it, or another time of
 * the same status (started, ended, updated).
 */
final class Times {

  private Times() {}

  /**
   * The instant to the second, or to the millisecond when {@code neighbour} falls in the same second.
   *
   * @param at the instant
   * @param neighbour the instant printed beside it (the previous progress line's), or null
   * @return its text
   */
  static String text(Instant at, Instant neighbour) {
    return neighbour != null && sameSecond(at, neighbour) ? millis(at) : seconds(at);
  }

  /**
   * One time of a status, to the second, or to the millisecond when another of the status's times
   * falls in the same second.
   *
   * @param at the time
   * @param others the status's other times, each possibly empty
   * @return its text
   */
  @SafeVarargs
  static String ofStatus(Instant at, Optional<Instant>... others) {
    for (Optional<Instant> other : others) {
      if (other.isPresent() && sameSecond(at, other.get())) {
        return millis(at);
      }
    }
    return seconds(at);
  }

  /**
   * The instant as JSON writes it: always to the millisecond, truncated.
   *
   * @param at the instant
   * @return its text, such as {@code 2026-12-07T07:32:08.985Z}
   */
  static String json(Instant at) {
    return millis(at);
  }

  static boolean sameSecond(Instant a, Instant b) {
    return a.getEpochSecond() == b.getEpochSecond();
  }

  private static String seconds(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Always three digits of milliseconds, which {@link Instant#toString()} leaves out when they are zero. */
  private static String millis(Instant at) {
    String text = at.truncatedTo(ChronoUnit.MILLIS).toString();
    if (at.truncatedTo(ChronoUnit.MILLIS).getNano() == 0) {
      return text.substring(0, text.length() - 1) + ".000Z";
    }
    return text;
  }

  /** A progress stream's clock reading: each line's time to the second, or millisecond within one second. */
  static final class Stamps {
    private Instant last;

    /**
     * The text of {@code now}, to the millisecond when the line before it was in the same second.
     *
     * @param now the time of the line
     * @return its text
     */
    synchronized String next(Instant now) {
      String text = text(now, last);
      last = now;
      return text;
    }
  }
}
