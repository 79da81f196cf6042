package io.wflaunch;

import io.wflaunch.internal.Identifiers;
import java.io.Serializable;
import java.util.List;

/**
 * One started run: a backend id plus the parts that identify the run on that backend.
 *
 * <p>A handle is everything needed to find the run again, and nothing more: it carries no credentials
 * and no parameter values, so its string form can be stored (in a database, a file, a job's
 * metadata) and resumed by another process with {@link #parse(String)}. The string form is
 * {@code <backend>:<part>/<part>/...} with every part percent-encoded as described for
 * {@link WorkflowTarget} ({@code : @ + , =} stay readable; {@code /} and shell characters are
 * escaped), and every string form an earlier version wrote still parses to the same handle. Each backend type names its parts
 * ({@link io.wflaunch.spi.BackendProvider#handleForm()}): the testkit's in-memory backend, for
 * example, uses {@code memory:<workflow>/<runId>}, and a backend whose workflows live in a domain or
 * project has those parts first.
 *
 * <p>Immutable; equal when backend and parts are equal.
 *
 * @param backend the backend id, such as {@code memory}
 * @param parts the identifying parts, at least one, none empty
 * @serial exclude
 */
public record RunHandle(String backend, List<String> parts) implements Serializable {

  /**
   * Checks and copies the values.
   *
   * @param backend the backend id
   * @param parts the identifying parts
   * @throws NullPointerException if {@code backend}, {@code parts} or a part is null
   * @throws InvalidRequestException if the backend id is malformed, there are no parts, a part is
   *     empty or not well-formed Unicode, or a scheme registered for the backend id names another
   *     number of parts
   */
  public RunHandle {
    Identifiers.checkBackendId("handle", backend);
    parts = Identifiers.checkParts("handle", backend, parts);
  }

  /**
   * A handle from its backend id and parts.
   *
   * @param backend the backend id, such as {@code memory}
   * @param parts the identifying parts, such as {@code "nightly-etl", "run-000123"}
   * @return the handle
   * @throws NullPointerException if an argument or a part is null
   * @throws InvalidRequestException as the canonical constructor does
   */
  public static RunHandle of(String backend, String... parts) {
    return new RunHandle(backend, List.of(parts));
  }

  /**
   * Parses the string form written by {@link #toString()}.
   *
   * @param text the string form, such as {@code memory:nightly-etl/run-000123}
   * @return the handle
   * @throws NullPointerException if {@code text} is null
   * @throws InvalidRequestException (field {@code handle}) if the text has no {@code <backend>:}
   *     prefix, a malformed backend id, an empty part, a bad percent-escape, or a wrong number of
   *     parts for a backend whose scheme is registered; the message says which
   */
  public static RunHandle parse(String text) {
    Identifiers.Parsed parsed = Identifiers.parse("handle", text);
    return new RunHandle(parsed.backend(), parsed.parts());
  }

  /**
   * One identifying part.
   *
   * @param index zero-based position
   * @return the part, decoded
   * @throws IndexOutOfBoundsException if there is no such part
   */
  public String part(int index) {
    return parts.get(index);
  }

  /**
   * The last part, which for every adapter is the run id.
   *
   * @return the last part
   */
  public String runId() {
    return parts.get(parts.size() - 1);
  }

  /**
   * The string form, {@code <backend>:<part>/<part>/...} with each part percent-encoded.
   *
   * @return the string form, which {@link #parse(String)} reads back to an equal handle
   */
  @Override
  public String toString() {
    return Identifiers.format(backend, parts);
  }
}
