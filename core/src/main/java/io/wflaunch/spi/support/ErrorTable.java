package io.wflaunch.spi.support;

import io.wflaunch.spi.Operation;

import io.wflaunch.ErrorContext;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.spi.support.Futures;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * An adapter's error mapping as data: rows that map the service's own exception types, checked in
 * order, and for everything else the common mapping of {@link Failures#unclassified}. The adapter says
 * how to read its client's exceptions (HTTP status, request id, message, throttling) with a
 * {@link Reader}; core never sees the client's types.
 *
 * @param <E> the client's base exception type, such as the AWS SDK's {@code SdkException}
 */
public final class ErrorTable<E extends Exception> {

  /**
   * Maps one exception type.
   *
   * @param <E> the client's base exception type
   */
  @FunctionalInterface
  public interface Mapper<E> {
    /**
     * Makes the wflaunch exception.
     *
     * @param context what the call was about, with the HTTP status and request id
     * @param operation the operation that failed
     * @param detail the service's error code and message, shortened
     * @param cause the client's exception
     * @return the exception to report
     */
    WorkflowLaunchException map(ErrorContext context, Operation operation, String detail, E cause);
  }

  /**
   * One row: an exception type, optionally narrowed by a test, and what it becomes.
   *
   * @param type the client's exception type this row matches (and its subtypes)
   * @param when which exceptions of that type the row matches (such as a message the client uses for
   *     one kind of failure); always true for rows built with the two-argument constructor
   * @param mapper makes the wflaunch exception
   * @param <E> the client's base exception type
   */
  public record Row<E>(Class<? extends E> type, Predicate<? super E> when, Mapper<E> mapper) {
    /**
     * Checks the values.
     *
     * @param type the exception type
     * @param when the test
     * @param mapper the mapper
     */
    public Row {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(when, "when");
      Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * A row matching every exception of a type.
     *
     * @param type the exception type
     * @param mapper the mapper
     */
    public Row(Class<? extends E> type, Mapper<E> mapper) {
      this(type, e -> true, mapper);
    }

    /**
     * Whether this row maps {@code exception}.
     *
     * @param exception a client exception
     * @return true when its type and test match
     */
    public boolean matches(E exception) {
      return type.isInstance(exception) && when.test(exception);
    }
  }

  /**
   * Reads what a client exception says.
   *
   * @param httpStatus the HTTP status, or 0 when no response was received
   * @param requestId the service request id, or null
   * @param detail the error code and message
   * @param throttling whether the client classifies it as throttling
   * @param <E> the client's base exception type
   */
  public record Reader<E>(ToIntFunction<E> httpStatus, Function<E, String> requestId, Function<E, String> detail,
      Predicate<E> throttling) {
    /**
     * Checks the values.
     *
     * @param httpStatus reads the HTTP status
     * @param requestId reads the request id
     * @param detail reads the error code and message
     * @param throttling tells throttling
     */
    public Reader {
      Objects.requireNonNull(httpStatus, "httpStatus");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(throttling, "throttling");
    }
  }

  private static final int MAX_DETAIL = 300;

  private final Class<E> base;
  private final Reader<E> reader;
  private final List<Row<E>> rows;

  private ErrorTable(Class<E> base, Reader<E> reader, List<Row<E>> rows) {
    this.base = Objects.requireNonNull(base, "base");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.rows = List.copyOf(rows);
  }

  /**
   * A table.
   *
   * @param base the client's base exception type; other failures pass through
   * @param reader reads the client's exceptions
   * @param rows the service-specific rows, in the order they are checked
   * @param <E> the client's base exception type
   * @return the table
   */
  public static <E extends Exception> ErrorTable<E> of(Class<E> base, Reader<E> reader, List<Row<E>> rows) {
    return new ErrorTable<>(base, reader, rows);
  }

  /**
   * The service-specific rows, in order.
   *
   * @return the rows
   */
  public List<Row<E>> rows() {
    return rows;
  }

  /**
   * Maps a failure of a call: wflaunch exceptions and other runtime exceptions that are not the
   * client's pass through; the client's are mapped by the first matching row, or else by
   * {@link Failures#unclassified}.
   *
   * @param failure the failure, possibly wrapped by a future
   * @param context what the call was about
   * @param operation the operation that failed
   * @return the exception to report
   */
  public RuntimeException map(Throwable failure, ErrorContext context, Operation operation) {
    Throwable error = Futures.unwrap(failure);
    if (!base.isInstance(error)) {
      return error instanceof RuntimeException runtime
          ? runtime
          : new WorkflowLaunchException(context, String.valueOf(error), false, error);
    }
    E exception = base.cast(error);
    ErrorContext withResponse = context.withHttpStatus(reader.httpStatus().applyAsInt(exception))
        .withRequestId(reader.requestId().apply(exception));
    String detail = shorten(reader.detail().apply(exception));
    for (Row<E> row : rows) {
      if (row.matches(exception)) {
        return row.mapper().map(withResponse, operation, detail, exception);
      }
    }
    return Failures.unclassified(withResponse, operation, detail, reader.throttling().test(exception), exception);
  }

  /** The text on one line, cut at a word boundary near {@value #MAX_DETAIL} characters. */
  static String shorten(String text) {
    String flat = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    if (flat.length() <= MAX_DETAIL) {
      return flat;
    }
    int cut = flat.lastIndexOf(' ', MAX_DETAIL);
    return flat.substring(0, cut > MAX_DETAIL / 2 ? cut : MAX_DETAIL) + " ...";
  }
}
