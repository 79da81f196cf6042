package io.wflaunch.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without a {@code DateTimeFormatter}: run statuses carry several times as
 * details, and formatting them was the largest part of building a status. Same text for every instant;
 * years outside 0000 to 9999 fall back to {@code toString()}.
 */
public final class InstantText {

  private static final long FIRST = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
  private static final long LAST = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * 86_400 - 1;

  private InstantText() {}

  /**
   * The instant as ISO-8601 in UTC, exactly as {@link Instant#toString()} writes it.
   *
   * @param instant the instant
   * @return its text
   */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST || seconds > LAST) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    int nano = instant.getNano();
    char[] text = new char[30];
    int end = digits(text, 0, date.getYear(), 4);
    text[end++] = '-';
    end = digits(text, end, date.getMonthValue(), 2);
    text[end++] = '-';
    end = digits(text, end, date.getDayOfMonth(), 2);
    text[end++] = 'T';
    end = digits(text, end, secondOfDay / 3600, 2);
    text[end++] = ':';
    end = digits(text, end, secondOfDay / 60 % 60, 2);
    text[end++] = ':';
    end = digits(text, end, secondOfDay % 60, 2);
    if (nano > 0) {
      text[end++] = '.';
      if (nano % 1_000_000 == 0) {
        end = digits(text, end, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        end = digits(text, end, nano / 1_000, 6);
      } else {
        end = digits(text, end, nano, 9);
      }
    }
    text[end++] = 'Z';
    return new String(text, 0, end);
  }

  /** Writes {@code value} as {@code width} digits from {@code at}; returns the index after them. */
  private static int digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }
}
