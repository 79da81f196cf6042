package io.wflaunch.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the parts of a backend's workflow targets and run handles, for example for {@code memory} the
 * target part {@code workflow} and the handle parts {@code workflow}, {@code runId}.
 *
 * <p>Each backend type's {@link BackendProvider} names the scheme of its default backend id, so that
 * {@link io.wflaunch.RunHandle#parse(String)} and {@link io.wflaunch.WorkflowTarget#parse(String)}
 * refuse a string with the wrong number of parts for that backend even before any launcher is built.
 * Backends registered under another id are checked by the launcher through
 * {@link WorkflowBackend#scheme()}. (A scheme registered on its own, in a
 * {@code META-INF/services/io.wflaunch.spi.IdentifierScheme} file, is still honoured.)
 */
public interface IdentifierScheme {

  /**
   * The backend id this scheme describes by default, such as {@code memory}.
   *
   * @return the default backend id
   */
  String backendId();

  /**
   * The names of a target's parts, in order, such as {@code [domain, workflowTypeName,
   * workflowTypeVersion]}.
   *
   * @return the part names, at least one
   */
  List<String> targetParts();

  /**
   * The names of a handle's parts, in order, such as {@code [domain, workflowId, runId]}.
   *
   * @return the part names, at least one
   */
  List<String> handleParts();

  /**
   * Checks that a target's or handle's parts are as many as this scheme names for it.
   *
   * @param kind {@code target} or {@code handle}
   * @param backendId the id of the backend the parts are for, for the message
   * @param parts the parts
   * @throws io.wflaunch.InvalidRequestException (field {@code kind}) naming the parts expected
   */
  default void checkParts(String kind, String backendId, List<String> parts) {
    List<String> names = kind.equals("handle") ? handleParts() : targetParts();
    if (parts.size() != names.size()) {
      throw new io.wflaunch.InvalidRequestException(io.wflaunch.ErrorContext.of(backendId), kind,
          "a " + backendId + " " + kind + " has " + names.size() + (names.size() == 1 ? " part" : " parts")
              + " (" + backendId + ":" + String.join("/", names) + "), found " + parts.size() + hint(kind, parts.size()));
    }
  }

  /**
   * What a wrong number of parts most often means: a target given where a run's handle is asked for, or a
   * part holding a {@code /} written as it is.
   *
   * @param kind {@code target} or {@code handle}
   * @param found the number of parts given
   * @return the hint, starting with {@code "; "}, or empty
   */
  private String hint(String kind, int found) {
    List<String> names = kind.equals("handle") ? handleParts() : targetParts();
    if (kind.equals("handle") && found == targetParts().size() && found < names.size()) {
      return "; that is the form of a target: give the run's handle, as a start prints it";
    }
    if (kind.equals("target") && found == handleParts().size() && found > names.size()) {
      return "; that is the form of a run's handle: give the workflow's target";
    }
    return found > names.size() ? "; a '/' inside a part is written %2F" : "";
  }

  /**
   * A scheme from its values.
   *
   * @param backendId the default backend id
   * @param targetParts the names of a target's parts
   * @param handleParts the names of a handle's parts
   * @return the scheme
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if a list of part names is empty
   */
  static IdentifierScheme of(String backendId, List<String> targetParts, List<String> handleParts) {
    return new SimpleScheme(backendId, targetParts, handleParts);
  }

  /**
   * The scheme of a backend id's installed {@link BackendProvider} (or registered on its own), if any.
   *
   * @param backendId a backend id
   * @return the registered scheme, if one is on the class path
   * @throws NullPointerException if {@code backendId} is null
   */
  static Optional<IdentifierScheme> registered(String backendId) {
    return ProviderRegistry.scheme(Objects.requireNonNull(backendId, "backendId"));
  }
}
