package io.wflaunch;

import io.wflaunch.internal.Identifiers;
import java.io.Serializable;
import java.util.List;

/**
 * Which workflow to run: a backend id plus the parts that identify the workflow on that backend.
 *
 * <p>The string form is {@code <backend>:<part>/<part>/...} with every part percent-encoded as in
 * RFC 3986: unreserved characters {@code A-Z a-z 0-9 - . _ ~} and the path characters
 * {@code : @ + , =} stay as they are (so an ARN or a base64 id reads as itself), everything else is
 * written as {@code %XX} bytes of its UTF-8 form ({@code /}, {@code %}, spaces, non-ASCII characters,
 * and {@code ! $ & ' ( ) * ;}, which a shell would read), so names round-trip exactly and a string form
 * pasted unquoted into a shell stays one word. The backend id ends at the first {@code :}. Parsing
 * decodes an escape and the character it stands for alike: {@code memory:a%3Ab}, as earlier
 * versions wrote it, and {@code memory:a:b} are the same target. Each backend type names its parts
 * ({@link io.wflaunch.spi.BackendProvider#targetForm()}): the testkit's in-memory backend, for example,
 * uses {@code memory:<workflow>}, and a backend whose workflows live in a domain or project, or come in
 * versions, has more parts ({@code <domain>/<workflowTypeName>/<workflowTypeVersion>}, say).
 *
 * <p>Immutable; equal when backend and parts are equal.
 *
 * @param backend the backend id, such as {@code memory}
 * @param parts the identifying parts, at least one, none empty
 * @serial exclude
 */
public record WorkflowTarget(String backend, List<String> parts) implements Serializable {

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
  public WorkflowTarget {
    Identifiers.checkBackendId("target", backend);
    parts = Identifiers.checkParts("target", backend, parts);
  }

  /**
   * A target from its backend id and parts.
   *
   * @param backend the backend id, such as {@code memory}
   * @param parts the identifying parts, such as {@code "nightly-etl"}
   * @return the target
   * @throws NullPointerException if an argument or a part is null
   * @throws InvalidRequestException as the canonical constructor does
   */
  public static WorkflowTarget of(String backend, String... parts) {
    return new WorkflowTarget(backend, List.of(parts));
  }

  /**
   * Parses the string form written by {@link #toString()}.
   *
   * @param text the string form, such as {@code memory:nightly%20etl}
   * @return the target
   * @throws NullPointerException if {@code text} is null
   * @throws InvalidRequestException (field {@code target}) if the text has no {@code <backend>:}
   *     prefix, a malformed backend id, an empty part, a bad percent-escape, or a wrong number of
   *     parts for a backend whose scheme is registered
   */
  public static WorkflowTarget parse(String text) {
    Identifiers.Parsed parsed = Identifiers.parse("target", text);
    return new WorkflowTarget(parsed.backend(), parsed.parts());
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
   * The string form, {@code <backend>:<part>/<part>/...} with each part percent-encoded.
   *
   * @return the string form, which {@link #parse(String)} reads back to an equal target
   */
  @Override
  public String toString() {
    return Identifiers.format(backend, parts);
  }
}
