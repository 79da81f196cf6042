package io.wflaunch.testkit.chaos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * Every request a {@link ChaosPlan}'s clients saw, in the order the plan decided their fate: the
 * operation, the fault, whether the request reached the service (and so whether the service could have
 * acted), the service's HTTP status, the request body, and the id of the run a start created.
 *
 * <pre>{@code
 * assertThat(plan.log().forwardedCount("StartRun")).isEqualTo(2);
 * List<ChaosLog.Entry> call17 = plan.log().entries("StartRun").stream()
 *     .filter(e -> e.requestBody().contains("\"call\":\"17\"")).toList();
 * }</pre>
 *
 * <p>An entry is written when the plan decides the request's fault and completed as the request goes on,
 * so a request still in flight shows what is known so far. Safe for use by several threads at once.
 */
public final class ChaosLog {

  /**
   * One request.
   *
   * @param sequence the request's number, from 1, in the order of the plan's decisions
   * @param service the {@link ServiceProfile#name()} of the client that saw it
   * @param operation the operation's name
   * @param method the HTTP method
   * @param path the encoded request path, followed by {@code ?} and the encoded query when there is one
   * @param fault the fault it met
   * @param scripted whether the fault came from a {@linkplain ChaosPlan#script script} rather than chance
   * @param forwarded whether it was handed to the real HTTP client, that is whether the service could
   *     have acted on it; false also for a lagged get the layer answered itself (see
   *     {@link #answeredAsHidden()})
   * @param serviceStatus the HTTP status the service answered, when it was forwarded and answered
   * @param requestBody the request body as UTF-8 text, empty when there was none
   * @param createdRunId the id of the run named in a forwarded start's successful answer (the run it
   *     created, or, for a start repeated with a client token, the run the token named), read even when
   *     the caller never saw the answer
   * @param hiddenRunIds the ids the listing lag removed from this listing's answer, or, for a
   *     {@linkplain ServiceProfile.LaggedGet lagged get} the layer answered itself with the service's
   *     not-found answer, the one run it asked for
   */
  public record Entry(long sequence, String service, String operation, String method, String path, Fault fault,
      boolean scripted, boolean forwarded, OptionalInt serviceStatus, String requestBody, Optional<String> createdRunId,
      List<String> hiddenRunIds) {

    /** Checks and copies the values. */
    public Entry {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(serviceStatus, "serviceStatus");
      Objects.requireNonNull(requestBody, "requestBody");
      Objects.requireNonNull(createdRunId, "createdRunId");
      hiddenRunIds = List.copyOf(hiddenRunIds);
    }

    /**
     * Whether the chaos layer answered this request itself with the profile's not-found answer, because it
     * was a {@linkplain ServiceProfile.LaggedGet lagged get} of a run the listing lag still hid: the request
     * met a fault that forwards ({@link Fault#NONE} or {@link Fault#DELAY}), was not forwarded, and names
     * the run in {@link #hiddenRunIds()}.
     *
     * @return true for a lagged get answered by the layer
     */
    public boolean answeredAsHidden() {
      return !forwarded && fault.forwards() && !hiddenRunIds.isEmpty();
    }

    Entry markForwarded() {
      return new Entry(sequence, service, operation, method, path, fault, scripted, true, serviceStatus, requestBody,
          createdRunId, hiddenRunIds);
    }

    Entry answered(int status, Optional<String> runId) {
      return new Entry(sequence, service, operation, method, path, fault, scripted, forwarded, OptionalInt.of(status),
          requestBody, runId, hiddenRunIds);
    }

    Entry hid(List<String> runIds) {
      return new Entry(sequence, service, operation, method, path, fault, scripted, forwarded, serviceStatus,
          requestBody, createdRunId, runIds);
    }
  }

  private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();

  ChaosLog() {}

  void add(Entry entry) {
    entries.put(entry.sequence(), entry);
  }

  void update(long sequence, UnaryOperator<Entry> change) {
    entries.computeIfPresent(sequence, (key, entry) -> change.apply(entry));
  }

  /**
   * Every request so far, in order.
   *
   * @return a snapshot
   */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /**
   * The requests of one operation, in order.
   *
   * @param operation the operation's name, such as {@code StartWorkflowRun}
   * @return a snapshot
   */
  public List<Entry> entries(String operation) {
    return entries.values().stream().filter(entry -> entry.operation().equals(operation)).toList();
  }

  /**
   * How many requests of an operation the layer saw.
   *
   * @param operation the operation's name
   * @return the count, forwarded or not
   */
  public int count(String operation) {
    return entries(operation).size();
  }

  /**
   * How many requests of an operation reached the service.
   *
   * @param operation the operation's name
   * @return the count of forwarded requests
   */
  public int forwardedCount(String operation) {
    return (int) entries(operation).stream().filter(Entry::forwarded).count();
  }

  /**
   * The faults the requests of an operation met, in order.
   *
   * @param operation the operation's name
   * @return the faults
   */
  public List<Fault> faults(String operation) {
    return entries(operation).stream().map(Entry::fault).toList();
  }

  /**
   * The ids of the runs that forwarded starts created, in order, whether or not the caller saw them.
   *
   * @return the run ids
   */
  public List<String> createdRunIds() {
    return entries.values().stream().flatMap(entry -> entry.createdRunId().stream()).toList();
  }

  /**
   * How many requests the layer saw.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
  }
}
