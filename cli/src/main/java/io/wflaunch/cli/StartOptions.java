package io.wflaunch.cli;

import io.wflaunch.BackendOptions;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import io.wflaunch.spi.support.UserText;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A start's backend options from text (the {@code --option NAME=VALUE} flags, a request file's
 * {@code "options"}), read by the provider of the target's type, which knows its options' names.
 */
final class StartOptions {

  private StartOptions() {}

  /**
   * The options, checked against the names the target's type takes.
   *
   * @param target the request's target
   * @param values the values by option name, in the order given
   * @param field how the error names where the options were given ({@code --option} or {@code options})
   * @return the options, or empty when none are given
   * @throws InvalidRequestException naming an option the type does not take, or a wrong value
   */
  static Optional<BackendOptions> parse(WorkflowTarget target, Map<String, List<String>> values, String field) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    ErrorContext context = ErrorContext.of(target);
    BackendProvider provider = BackendProviders.find(target.backend()).orElseThrow(() ->
        new InvalidRequestException(context, field, "backend " + target.backend() + " is not an installed type, so its "
            + "options are unknown"));
    List<String> known = provider.startOptions().stream().map(BackendOption::name).toList();
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new InvalidRequestException(context, field, UserText.quote(name) + " is not an option of "
            + provider.type() + " targets; " + (known.isEmpty() ? "they take none"
                : "they take " + known.stream().collect(Collectors.joining(", "))));
      }
    }
    return provider.parseStartOptions(target, values);
  }
}
