package io.wflaunch.spi;

import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowTarget;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One type of backend (such as {@code memory}), found on the class path with {@link java.util.ServiceLoader}:
 * the backend's module names its provider in
 * {@code META-INF/services/io.wflaunch.spi.BackendProvider}. Tools (the command line, the Spring Boot
 * starter, local mode) build backends through their providers and so know no backend by name; code
 * that builds its launcher itself keeps registering backends directly
 * (passing {@code .backend(...)} a backend from its adapter's own factory or builder).
 *
 * <p>The provider names its type, the grammar of its targets and handles ({@link #scheme()}, which
 * {@link RunHandle#parse} and {@link WorkflowTarget#parse} check for the type's default id), the options
 * it accepts, and builds a backend from plain settings. A fake of the type, for demos, local mode and
 * tests, comes from a {@link FakeBackendProvider} of the same type, usually in the backend's testkit
 * module.
 *
 * <p>Implementations need a public no-argument constructor and must be safe for use by several threads.
 */
public interface BackendProvider {

  /**
   * The type's name, also the default id of its backends: lower-case letters and digits, such as
   * {@code memory}.
   *
   * @return the type
   */
  String type();

  /**
   * What the type runs, in a few words, such as {@code in-memory workflows, kept in the process}.
   *
   * @return the description
   */
  String description();

  /**
   * The names of the type's target and handle parts; its {@link IdentifierScheme#backendId()} is
   * {@link #type()}.
   *
   * @return the scheme
   */
  IdentifierScheme scheme();

  /**
   * The options {@link #create} accepts in {@link BackendSettings#options()}; any other is refused.
   * The default is none.
   *
   * @return the options
   */
  default List<BackendOption> options() {
    return List.of();
  }

  /**
   * The options a start request of this type can carry, for tools: the command line's
   * {@code --option NAME=VALUE} and a request file's {@code "options"}. The default is none.
   *
   * @return the options, by the names {@link #parseStartOptions} takes
   */
  default List<BackendOption> startOptions() {
    return List.of();
  }

  /**
   * A start request's options from text: each name {@link #startOptions()} lists, with its values (more
   * than one only for an option that takes several, such as a list of tags).
   *
   * @param target the request's target
   * @param values the values by option name, only names {@link #startOptions()} lists, each with at
   *     least one value
   * @return the options, or empty when {@code values} is empty
   * @throws io.wflaunch.InvalidRequestException naming the option ({@code options.<name>}) whose value
   *     is wrong
   */
  default java.util.Optional<io.wflaunch.BackendOptions> parseStartOptions(WorkflowTarget target,
      java.util.Map<String, List<String>> values) {
    if (values.isEmpty()) {
      return java.util.Optional.empty();
    }
    throw new io.wflaunch.InvalidRequestException(io.wflaunch.ErrorContext.of(target), "options",
        type() + " targets take no options");
  }

  /**
   * Builds a backend from settings. Settings the backend cannot use (an option it does not know, a
   * region beside a client given as a component) are refused before anything is built.
   *
   * @param settings the id, where and as whom to connect, given components and options
   * @return the backend, owning what it built (closed with it); given components stay the caller's
   * @throws io.wflaunch.ConfigurationException naming the setting in error ({@code region},
   *     {@code options.<name>}, ...)
   */
  io.wflaunch.spi.WorkflowBackend create(BackendSettings settings);

  /**
   * The form of the type's targets, such as {@code memory:<workflow>}.
   *
   * @return the form
   */
  default String targetForm() {
    return type() + ":" + scheme().targetParts().stream().map(part -> "<" + part + ">")
        .collect(Collectors.joining("/"));
  }

  /**
   * The form of the type's handles, such as {@code memory:<workflow>/<runId>}.
   *
   * @return the form
   */
  default String handleForm() {
    return type() + ":" + scheme().handleParts().stream().map(part -> "<" + part + ">")
        .collect(Collectors.joining("/"));
  }

  /**
   * How the type's engine tells of its runs' state changes on an event bus, if it does: a launcher given
   * a {@link io.wflaunch.spi.events.RunEventSource} then ends waits on events (read once to confirm) and
   * polls the type's runs only on the source's safety interval. The default is none: the type's runs are
   * polled as their waits ask.
   *
   * @return the event format, or empty when the engine publishes no state-change events
   */
  default java.util.Optional<io.wflaunch.spi.events.RunEventFormat> runEvents() {
    return java.util.Optional.empty();
  }
}
