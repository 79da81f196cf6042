package io.wflaunch.cli.local;

import io.wflaunch.ConflictException;
import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.OperationNotSupportedException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunNotFoundException;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.RequestHash;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.UserText;
import io.wflaunch.stepfunctions.StepFunctionsOptions;
import io.wflaunch.spi.WorkflowBackend;
import io.wflaunch.swf.SwfOptions;
import io.wflaunch.swf.internal.SwfStarts;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One backend of local mode: targets and handles exactly as the real adapter checks them (any
 * well-formed target exists), runs kept in a {@link LocalStore} so that every {@code wflaunch} process
 * sees them, and run states that follow the wall clock: running for {@code duration} (20 seconds unless
 * the parameter {@code duration} says otherwise, such as {@code 5s} or {@code 2m}, at most an hour), then
 * succeeded, or failed with the parameter {@code fail=true}; cancelled once stopped. A start with an
 * idempotency key returns the run the key already started for that target.
 */
public final class LocalBackend implements WorkflowBackend {

  /** How long a local run runs unless its parameters say otherwise. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(20);
  private static final Duration MAX_DURATION = Duration.ofHours(1);
  private static final Pattern PLAIN_NAME = Pattern.compile("[0-9A-Za-z_-]{1,80}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The four backends and what their runs look like. */
  enum Kind {
    GLUE("RUNNING", "COMPLETED", "ERROR", "STOPPED"),
    SWF("OPEN", "COMPLETED", "FAILED", "CANCELED"),
    CODECATALYST("IN_PROGRESS", "SUCCEEDED", "FAILED", "STOPPED"),
    SFN("RUNNING", "SUCCEEDED", "FAILED", "ABORTED");

    final String running;
    final String succeeded;
    final String failed;
    final String cancelled;

    Kind(String running, String succeeded, String failed, String cancelled) {
      this.running = running;
      this.succeeded = succeeded;
      this.failed = failed;
      this.cancelled = cancelled;
    }
  }

  private final WorkflowBackend real;
  private final Kind kind;
  private final LocalStore store;
  private final Clock clock;

  /**
   * A local backend.
   *
   * @param real the real adapter (over a fake client), which checks targets, handles and requests
   * @param kind which backend it is
   * @param store where the runs are kept
   * @param clock the wall clock
   */
  LocalBackend(WorkflowBackend real, Kind kind, LocalStore store, Clock clock) {
    this.real = real;
    this.kind = kind;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public String id() {
    return real.id();
  }

  @Override
  public IdentifierScheme scheme() {
    return real.scheme();
  }

  @Override
  public WorkflowTarget parseTarget(WorkflowTarget target) {
    return real.parseTarget(target);
  }

  @Override
  public RunHandle parseHandle(RunHandle handle) {
    return real.parseHandle(handle);
  }

  @Override
  public void validate(StartRunRequest request) {
    // duration and fail are local mode's own parameters: the real adapter checks the rest (CodeCatalyst
    // takes no parameters at all).
    StartRunRequest.Builder withoutLocalParameters = StartRunRequest.builder(request.target())
        .input(request.input().orElse(null)).idempotencyKey(request.idempotencyKey().orElse(null))
        .options(request.options().orElse(null));
    request.parameters().forEach((name, value) -> {
      if (!name.equals("duration") && !name.equals("fail")) {
        withoutLocalParameters.parameter(name, value);
      }
    });
    real.validate(withoutLocalParameters.build());
    if (kind == Kind.SFN && request.options(StepFunctionsOptions.class).flatMap(StepFunctionsOptions::executionName)
        .isPresent()) {
      // Local state machines are Standard ones, whose execution name is the idempotency key.
      throw new InvalidRequestException(ErrorContext.of(request.target()), "options.executionName",
          "must be absent on Standard state machine " + UserText.quote(request.target().part(0))
              + ": there the name makes a start "
              + "idempotent, so it is the idempotency key (local mode's state machines are Standard)");
    }
    duration(request);
    fails(request);
  }

  @Override
  public RunHandle start(StartRunRequest request) {
    validate(request);
    String target = sameTarget(request.target());
    Duration duration = duration(request);
    boolean fails = fails(request);
    // Hashed with the target as local mode names it, so that a state machine's name and ARN ask alike.
    String hash = RequestHash.of(StartRunRequest.builder(WorkflowTarget.parse(target)).parameters(request.parameters())
        .input(request.input().orElse(null)).options(request.options().orElse(null)).build());
    RunHandle fresh = newHandle(request);
    return RunHandle.parse(store.update(runs -> {
      Optional<String> key = request.idempotencyKey();
      if (key.isPresent()) {
        Optional<LocalRun> existing = runs.stream()
            .filter(run -> run.target().equals(target) && key.get().equals(run.idempotencyKey())).findFirst();
        if (existing.isPresent()) {
          if (kind == Kind.SFN && !hash.equals(existing.get().requestHash())) {
            // Step Functions refuses a repeated execution name with other input.
            throw new ConflictException(ErrorContext.of(RunHandle.parse(existing.get().handle())),
                "execution " + UserText.quote(existing.get().handle()) + " already has this name with another input",
                null);
          }
          return LocalStore.Changed.unchanged(existing.get().handle());
        }
      }
      if (kind == Kind.SWF) {
        // SWF keeps one open execution per workflowId in a domain, whatever its type.
        runs.stream().filter(run -> sameWorkflowId(RunHandle.parse(run.handle()), fresh)
            && !status(run).state().isTerminal()).findFirst().ifPresent(open -> {
              throw new ConflictException(ErrorContext.of(RunHandle.parse(open.handle())), "workflowId "
                  + UserText.quote(fresh.part(1)) + " is already open in domain " + UserText.quote(fresh.part(0))
                  + " as " + UserText.quote(open.handle()), null);
            });
      }
      String handle = fresh.toString();
      // Runs that ended more than a week ago are dropped, so that the file does not grow without end.
      long weekAgo = clock.millis() - Duration.ofDays(7).toMillis();
      runs.removeIf(run -> run.startedAt() + run.durationMillis() < weekAgo);
      runs.add(new LocalRun(handle, target, key.orElse(null), clock.millis(), duration.toMillis(), fails, null, hash));
      return new LocalStore.Changed<>(runs, handle);
    }));
  }

  @Override
  public RunStatus getRun(RunHandle handle) {
    return status(find(handle));
  }

  @Override
  public void stop(RunHandle handle) {
    if (kind == Kind.CODECATALYST) {
      throw new OperationNotSupportedException(ErrorContext.of(handle), "stop",
          "CodeCatalyst has no API to stop a workflow run");
    }
    String text = handle.toString();
    RunStatus before = store.update(runs -> {
      for (int i = 0; i < runs.size(); i++) {
        LocalRun run = runs.get(i);
        if (run.handle().equals(text)) {
          RunStatus status = status(run);
          if (status.state().isTerminal()) {
            return LocalStore.Changed.unchanged(status);
          }
          runs.set(i, run.stopped(clock.millis()));
          return new LocalStore.Changed<>(runs, status);
        }
      }
      return LocalStore.Changed.unchanged(null);
    });
    if (before == null) {
      throw notFound(handle);
    }
    if (before.state().isTerminal() && kind != Kind.SFN) {
      // Step Functions accepts a stop of an ended execution and changes nothing; the others refuse it.
      throw new ConflictException(ErrorContext.of(handle), "the run has already ended (" + before.state() + ")", null);
    }
  }

  @Override
  public List<RunStatus> listRuns(WorkflowTarget target, int limit) {
    String text = sameTarget(target);
    List<RunStatus> statuses = new ArrayList<>();
    store.read().stream().filter(run -> run.target().equals(text))
        .sorted(Comparator.comparingLong(LocalRun::startedAt).reversed())
        .limit(limit)
        .forEach(run -> statuses.add(status(run)));
    return statuses;
  }

  // ---- runs ----

  private static boolean sameWorkflowId(RunHandle one, RunHandle other) {
    return one.parts().size() == 3 && one.part(0).equals(other.part(0)) && one.part(1).equals(other.part(1));
  }

  /**
   * The text that names the target's workflow whichever way it was written: a Step Functions state
   * machine by its name or its ARN alike.
   */
  private String sameTarget(WorkflowTarget target) {
    if (kind == Kind.SFN && target.part(0).startsWith("arn:")) {
      return WorkflowTarget.of(id(), target.part(0).substring(target.part(0).lastIndexOf(':') + 1)).toString();
    }
    return target.toString();
  }

  private LocalRun find(RunHandle handle) {
    String text = handle.toString();
    return store.read().stream().filter(run -> run.handle().equals(text)).findFirst()
        .orElseThrow(() -> notFound(handle));
  }

  private RunNotFoundException notFound(RunHandle handle) {
    return new RunNotFoundException(ErrorContext.of(handle), "local mode (" + UserText.quote(store.directory().toString())
        + ") has no such run; start one with --local, or reset with 'wflaunch local reset'", null);
  }

  /**
   * The run's state at the clock's time, with what local mode knows of it as details: the target, the
   * idempotency key, how long it runs for and whether it was started to fail (never parameter values,
   * which local mode does not keep).
   */
  RunStatus status(LocalRun run) {
    RunHandle handle = RunHandle.parse(run.handle());
    Instant started = Instant.ofEpochMilli(run.startedAt());
    Instant end = started.plusMillis(run.durationMillis());
    Instant now = clock.instant();
    RunStatus.Builder status;
    if (run.stopRequestedAt() != null && run.stopRequestedAt() < end.toEpochMilli()) {
      Instant stopped = Instant.ofEpochMilli(run.stopRequestedAt());
      status = RunStatus.builder(handle, RunState.CANCELLED, kind.cancelled).startedAt(started).endedAt(stopped)
          .updatedAt(stopped).reason("stopped");
    } else if (now.isBefore(end)) {
      status = RunStatus.builder(handle, RunState.RUNNING, kind.running).startedAt(started).updatedAt(started);
    } else {
      status = (run.fails()
          ? RunStatus.builder(handle, RunState.FAILED, kind.failed).reason("the run was started with fail=true")
          : RunStatus.builder(handle, RunState.SUCCEEDED, kind.succeeded)).startedAt(started).endedAt(end).updatedAt(end);
    }
    return status.detail("target", run.target()).detail("idempotencyKey", run.idempotencyKey())
        .detail("runsFor", java.time.Duration.ofMillis(run.durationMillis()).toString())
        .detail("startedToFail", Boolean.toString(run.fails())).build();
  }

  private RunHandle newHandle(StartRunRequest request) {
    WorkflowTarget target = request.target();
    Optional<String> key = request.idempotencyKey();
    return switch (kind) {
      case GLUE -> RunHandle.of(id(), target.part(0), "wr_" + hex(32));
      case SWF -> RunHandle.of(id(), target.part(0), request.options(SwfOptions.class)
          .flatMap(SwfOptions::workflowId).orElseGet(() -> key.map(SwfStarts::workflowIdForKey)
              .orElseGet(() -> UUID.randomUUID().toString())), "22" + hex(21));
      case CODECATALYST -> RunHandle.of(id(), target.part(0), target.part(1),
          UUID.nameUUIDFromBytes(target.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
          UUID.randomUUID().toString());
      case SFN -> {
        String[] arn = target.part(0).split(":");
        boolean isArn = target.part(0).startsWith("arn:") && arn.length >= 7;
        String machine = isArn ? arn[6] : target.part(0);
        String prefix = isArn ? "arn:" + arn[1] + ":states:" + arn[3] + ":" + arn[4] : "arn:aws:states:us-east-1:123456789012";
        String name = key.filter(k -> PLAIN_NAME.matcher(k).matches()).orElseGet(() -> UUID.randomUUID().toString());
        yield RunHandle.of(id(), prefix + ":execution:" + machine + ":" + name);
      }
    };
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static Duration duration(StartRunRequest request) {
    String text = request.parameters().get("duration");
    if (text == null) {
      return DEFAULT_DURATION;
    }
    Duration duration;
    try {
      String plain = text.strip().toLowerCase(Locale.ROOT);
      duration = plain.startsWith("p") ? Duration.parse(plain.toUpperCase(Locale.ROOT))
          : plain.endsWith("ms") ? Duration.ofMillis(Long.parseLong(plain.substring(0, plain.length() - 2)))
          : plain.endsWith("s") ? Duration.ofSeconds(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : plain.endsWith("m") ? Duration.ofMinutes(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : plain.endsWith("h") ? Duration.ofHours(Long.parseLong(plain.substring(0, plain.length() - 1)))
          : Duration.ofSeconds(Long.parseLong(plain));
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new InvalidRequestException(ErrorContext.of(request.target()), "parameters.duration",
          "in local mode must be a duration such as 5s, 2m, 1h or PT90S, found " + UserText.quote(text));
    }
    if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
      throw new InvalidRequestException(ErrorContext.of(request.target()), "parameters.duration",
          "in local mode must be 0 to 1 hour, found " + duration);
    }
    return duration;
  }

  private static boolean fails(StartRunRequest request) {
    String text = request.parameters().get("fail");
    if (text == null || text.equalsIgnoreCase("false")) {
      return false;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    throw new InvalidRequestException(ErrorContext.of(request.target()), "parameters.fail",
        "in local mode must be true or false, found " + UserText.quote(text));
  }
}
