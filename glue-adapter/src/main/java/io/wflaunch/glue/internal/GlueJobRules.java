package io.wflaunch.glue.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueJobOptions;
import io.wflaunch.spi.support.UserText;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.glue.model.ExecutionClass;
import software.amazon.awssdk.services.glue.model.WorkerType;

/**
 * The Glue model's rules for StartJobRun and the job-run handles, built on {@link GlueRules}' name rule
 * ({@code NameString}, {@code IdString}): the job name and run id, the arguments (names starting with
 * {@code --}, the convention Glue passes to the script), the worker type and execution class among the
 * model's values, and the minimums of NumberOfWorkers, Timeout and NotifyDelayAfter.
 */
public final class GlueJobRules {

  private GlueJobRules() {}

  /**
   * Checks a target's part: the job name.
   *
   * @return the target
   * @throws InvalidRequestException naming {@code jobName} if it breaks the rule
   */
  public static WorkflowTarget checkTarget(WorkflowTarget target) {
    GlueRules.check(ErrorContext.of(target), "jobName", target.part(0));
    return target;
  }

  /**
   * Checks a handle's parts: the job name, then the job run id.
   *
   * @return the handle
   * @throws InvalidRequestException naming the first part that breaks the rule
   */
  public static RunHandle checkHandle(RunHandle handle) {
    ErrorContext context = ErrorContext.of(handle);
    GlueRules.check(context, "jobName", handle.part(0));
    GlueRules.check(context, "jobRunId", handle.part(1));
    return handle;
  }

  /**
   * Checks a start request: no raw input; options, when given, are {@link GlueJobOptions}; every
   * argument name starts with {@code --} and is given once; neither names the key's or the hash's
   * argument; the options' values follow the model.
   *
   * @param request the request, its target checked
   * @param backendId the backend's id, for the message
   * @param defaults the options of a request that carries none
   * @throws InvalidRequestException naming the first offending field and its rule
   */
  public static void checkRequest(StartRunRequest request, String backendId, GlueJobOptions defaults) {
    ErrorContext context = ErrorContext.of(request.target());
    if (request.input().isPresent()) {
      throw new InvalidRequestException(context, "input",
          "must be absent: Glue jobs take no raw input (parameters become job arguments)");
    }
    request.options().filter(options -> !(options instanceof GlueJobOptions)).ifPresent(options -> {
      throw new InvalidRequestException(context, "options", "must be GlueJobOptions for backend " + backendId
          + ", found " + options.getClass().getSimpleName());
    });
    GlueJobOptions options = request.options(GlueJobOptions.class).orElse(defaults);
    String keyArgument = options.idempotencyArgument();
    checkArgumentName(context, "options.idempotencyArgument", keyArgument);
    if (keyArgument.equals(GlueJobOptions.REQUEST_HASH_ARGUMENT)) {
      throw reserved(context, "options.idempotencyArgument", keyArgument);
    }
    for (String name : options.arguments().keySet()) {
      checkArgumentName(context, "options.arguments", name);
      if (name.equals(keyArgument) || name.equals(GlueJobOptions.REQUEST_HASH_ARGUMENT)) {
        throw reserved(context, "options.arguments", name);
      }
    }
    for (String name : request.parameters().keySet()) {
      checkArgumentName(context, "parameters", name);
      if (name.equals(keyArgument) || name.equals(GlueJobOptions.REQUEST_HASH_ARGUMENT)) {
        throw reserved(context, "parameters", name);
      }
      if (options.arguments().containsKey(name)) {
        throw new InvalidRequestException(context, "parameters", "name " + UserText.quote(name)
            + " is also set in GlueJobOptions.arguments; give it once");
      }
    }
    oneOf(context, "options.workerType", options.workerType(), WorkerType.knownValues());
    oneOf(context, "options.executionClass", options.executionClass(), ExecutionClass.knownValues());
    atLeastOne(context, "options.numberOfWorkers", options.numberOfWorkers());
    atLeastOne(context, "options.timeoutMinutes", options.timeoutMinutes());
    atLeastOne(context, "options.notifyDelayAfterMinutes", options.notifyDelayAfterMinutes());
    options.securityConfiguration().ifPresent(name ->
        GlueRules.check(context, "options.securityConfiguration", name));
  }

  /** A job argument's name: {@code --} and at least one more character, then the name rule. */
  static void checkArgumentName(ErrorContext context, String field, String name) {
    if (!name.startsWith("--") || name.length() < 3) {
      throw new InvalidRequestException(context, field, "name " + UserText.quote(name)
          + " must start with '--' and name the argument (Glue passes only such arguments to the job)");
    }
    String problem = GlueRules.problem(name);
    if (problem != null) {
      throw new InvalidRequestException(context, field, "name " + UserText.quote(name) + " " + GlueRules.RULE
          + "; " + problem);
    }
  }

  private static <E extends Enum<E>> void oneOf(ErrorContext context, String field, Optional<String> value,
      Set<E> known) {
    value.ifPresent(v -> {
      if (known.stream().noneMatch(k -> k.toString().equals(v))) {
        throw new InvalidRequestException(context, field, "must be one of " + known.stream().map(Object::toString)
            .sorted().toList() + ", found " + UserText.quote(v));
      }
    });
  }

  private static void atLeastOne(ErrorContext context, String field, Optional<Integer> value) {
    value.filter(v -> v < 1).ifPresent(v -> {
      throw new InvalidRequestException(context, field, "must be at least 1, found " + v);
    });
  }

  private static InvalidRequestException reserved(ErrorContext context, String field, String name) {
    return new InvalidRequestException(context, field, "name " + UserText.quote(name) + " is reserved for "
        + (name.equals(GlueJobOptions.REQUEST_HASH_ARGUMENT) ? "the request's hash (GlueJobOptions.REQUEST_HASH_ARGUMENT)"
            : "the idempotency key (GlueJobOptions.idempotencyArgument)"));
  }
}
