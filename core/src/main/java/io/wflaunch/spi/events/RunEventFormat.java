package io.wflaunch.spi.events;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one engine's state-change events look, and how to read the run and its state from one. A backend
 * provider whose engine publishes events returns one from {@link io.wflaunch.spi.BackendProvider#runEvents()}.
 *
 * <p>Implementations must be safe for use by several threads at once.
 */
public interface RunEventFormat {

  /**
   * The event's {@code source}, such as the service's {@code aws.<name>}.
   *
   * @return the source
   */
  String source();

  /**
   * The event's {@code detail-type}s that tell of a run's state changing.
   *
   * @return the detail types, at least one
   */
  List<String> detailTypes();

  /**
   * Reads one event of this format.
   *
   * @param event an event whose source and detail type are this format's
   * @return the run it is about (its handle's parts, as the provider's handle form names them) and the
   *     state it tells of
   * @throws IllegalArgumentException if the event lacks what names the run or its state; the message
   *     names the missing or malformed field (never its value, which may be anything)
   */
  RunEvent read(EventEnvelope event);

  /**
   * A format of one detail type, reading events with {@code read}.
   *
   * @param source the events' source
   * @param detailType their detail type
   * @param read reads one event, as {@link #read} says
   * @return the format, named {@code "<source> <detailType>"} by its {@code toString}
   */
  static RunEventFormat of(String source, String detailType, Function<EventEnvelope, RunEvent> read) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detailType, "detailType");
    Objects.requireNonNull(read, "read");
    return new RunEventFormat() {
      @Override
      public String source() {
        return source;
      }

      @Override
      public List<String> detailTypes() {
        return List.of(detailType);
      }

      @Override
      public RunEvent read(EventEnvelope event) {
        return read.apply(event);
      }

      @Override
      public String toString() {
        return source + " " + detailType;
      }
    };
  }
}
