package io.wflaunch.testkit.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.AsyncFakes;
import io.wflaunch.testkit.ContractScripting;
import io.wflaunch.testkit.FakeService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CloudWatchEventsExecutionDataDetails;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.EncryptionType;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionRequest;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionResponse;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * An in-memory AWS Step Functions for tests: an {@link SfnClient} that keeps state machines and their
 * executions on an injectable clock and answers the calls wflaunch (and a test's setup) makes the way
 * Step Functions does, in region {@value #REGION} of account {@value #ACCOUNT}.
 *
 * <ul>
 *   <li>State machines come from CreateStateMachine (STANDARD unless the request says EXPRESS; their
 *       executions follow the default script, {@link SfnRunScript#runsUntilStopped()} unless
 *       {@link #defaultScript} says otherwise; a repeated create with the same definition and type answers
 *       the existing machine, another one {@code StateMachineAlreadyExists}) or from
 *       {@link #addStateMachine}, with an {@link SfnRunScript} per machine. DescribeStateMachine and
 *       ListStateMachines (by name, paged) read them. Versions and aliases are not modelled: a qualified
 *       state machine ARN names no machine.
 *   <li>StartExecution checks what the service model constrains ({@code ValidationException}: a name of
 *       1 to 80 characters, an input of at most 262,144 characters, a trace header of at most 256 ASCII
 *       characters) and then what the service checks itself: the name's characters
 *       ({@code InvalidName}), the input as JSON of at most 262,144 UTF-8 bytes
 *       ({@code InvalidExecutionInput}). Without a name the execution is named with a UUID; without an
 *       input its input is {@code {}}.
 *   <li>STANDARD executions are named uniquely per machine: a start with the name of an open (RUNNING or
 *       PENDING_REDRIVE) execution and the same input answers that execution again; with another input,
 *       or once that execution has closed, it is refused with {@code ExecutionAlreadyExists}. A closed
 *       execution is forgotten {@link #HISTORY_RETENTION} after it closed, and its name can then be used
 *       again. EXPRESS starts are never deduplicated: each makes a new execution with an
 *       {@code ...:express:<machine>:<name>:<uuid>} ARN, which DescribeExecution, StopExecution and
 *       ListExecutions do not serve (Step Functions keeps no history of EXPRESS executions), but
 *       {@link #executionsOf} shows.
 *   <li>Executions follow their script on the fake's clock: RUNNING, then SUCCEEDED (with output),
 *       FAILED, TIMED_OUT or ABORTED (with error and cause), then perhaps PENDING_REDRIVE and RUNNING again
 *       after a redrive, with {@code redriveCount}, {@code redriveDate}, {@code redriveStatus} and
 *       {@code redriveStatusReason} as the service reports them. StopExecution makes an open execution
 *       ABORTED at once with the request's error and cause; a closed one stays as it is. RedriveExecution
 *       redrives a FAILED, TIMED_OUT or ABORTED execution within 14 days of its stop, once per client
 *       token ({@link #redriveExecution}, {@link #redrivesRun}).
 *   <li>ListExecutions lists one STANDARD machine's executions newest first, filtered by status and
 *       redrive, paged with a next token (maxResults 0 to 1000, 0 meaning the default of 100); for an
 *       EXPRESS machine it answers {@code StateMachineTypeNotSupported}.
 *   <li>ARNs are checked: a malformed one, or one of the wrong resource type (an EXPRESS execution's for
 *       DescribeExecution), is {@code InvalidArn}; a well-formed one the fake does not hold is
 *       {@code StateMachineDoesNotExist} or {@code ExecutionDoesNotExist}.
 *   <li>{@link #faults()} throttles (a 400 {@link SfnException} with the code {@code ThrottlingException},
 *       as the SDK reads Step Functions' throttling), fails (HTTP 500), denies ({@code AccessDeniedException})
 *       or creates the next executions and loses the response (an {@link SdkClientException} with a read
 *       timeout as cause).
 *   <li>A listing lag models the eventual consistency of ListExecutions and DescribeExecution (both
 *       documented as eventually consistent): with {@link #listingLag(int)} a new STANDARD execution is
 *       left out of the next ListExecutions calls of its machine whose filters match it (any page), and
 *       DescribeExecution of it answers {@code ExecutionDoesNotExist}, until that many such reads have
 *       missed it; with {@link #listingLag(Duration)} it is hidden until that long after its start on the
 *       fake's clock. With both, both must have passed. StartExecution's name check and StopExecution see
 *       it at once. The lag applies to executions started after it is set.
 *   <li>The two reads can also lag one behind the other, as two eventually consistent reads may:
 *       {@link #describeLag(int)} (or {@link #describeLag(Duration)}) hides a new execution from
 *       DescribeExecution only, while ListExecutions shows it; {@link #listExecutionsLag(int)} (or
 *       {@link #listExecutionsLag(Duration)}) hides it from ListExecutions only, while DescribeExecution
 *       shows it. Every lag counts the reads it covers, and an execution is shown once all of its lags
 *       have passed.
 * </ul>
 *
 * <p>It implements {@link ContractScripting} for the wflaunch contract suite. Other operations throw
 * {@link UnsupportedOperationException}. Safe for use by several threads at once; {@link #asyncClient()}
 * gives an {@code SfnAsyncClient} over the same state.
 */
public final class FakeSfnClient extends FakeService<FakeSfnClient> implements SfnClient {

  /** The region of every ARN the fake makes. */
  public static final String REGION = "us-east-1";

  /** The account of every ARN the fake makes. */
  public static final String ACCOUNT = "123456789012";

  /** How long Step Functions keeps a closed STANDARD execution, and so holds its name. */
  public static final Duration HISTORY_RETENTION = Duration.ofDays(90);

  /** The most UTF-8 bytes an execution's input may have. */
  public static final int MAX_INPUT_BYTES = 262_144;

  /** The role of machines made by {@link #addStateMachine}. */
  public static final String DEFAULT_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/wflaunch-fake-sfn";

  /** The definition of machines made by {@link #addStateMachine}: one Pass state (the script decides). */
  public static final String DEFAULT_DEFINITION =
      "{\"StartAt\":\"Run\",\"States\":{\"Run\":{\"Type\":\"Pass\",\"End\":true}}}";

  private static final String ARN_PREFIX = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":";
  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
  /** How long an execution redriven through RedriveExecution is PENDING_REDRIVE before it runs again. */
  public static final Duration API_REDRIVE_PENDING = Duration.ofSeconds(1);
  /** RedriveExecution's client tokens: 1 to 64 printable ASCII characters without spaces. */
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[!-~]{1,64}");
  private static final String FORBIDDEN_IN_NAMES = "<>{}[]?*\"#%\\^|~`$&,;:/";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Map<String, Machine> machines = new LinkedHashMap<>();
  private final List<Execution> executions = new ArrayList<>();
  private final LagSetting describeLag = new LagSetting();
  private final LagSetting listExecutionsLag = new LagSetting();
  private final java.util.concurrent.atomic.AtomicInteger stateMachineListings =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile Runnable beforeListStateMachines = () -> { };
  private long sequence;
  private SfnRunScript defaultScript = SfnRunScript.runsUntilStopped();
  private SfnRunScript redriveScript;
  private int redriveRequests;

  private FakeSfnClient(Clock clock) {
    super(clock, SERVICE_NAME, Duration.ZERO); // StopExecution aborts at once
  }

  /**
   * A fake on the system clock.
   *
   * @return the fake
   */
  public static FakeSfnClient create() {
    return create(Clock.systemUTC());
  }

  /**
   * A fake on the given clock, such as a {@link io.wflaunch.testkit.VirtualScheduler}'s.
   *
   * @param clock the clock executions unfold on
   * @return the fake
   */
  public static FakeSfnClient create(Clock clock) {
    return new FakeSfnClient(clock);
  }

  private record Machine(String name, String arn, StateMachineType type, String definition, String roleArn,
      Instant creationDate, SfnRunScript script) {}

  private static final class Execution {
    final Machine machine;
    final String name;
    final String arn;
    final String input;
    final String traceHeader;
    final Instant start;
    final long sequence;
    final SfnRunScript script;
    /** Hides it from both reads. */
    final Lag listingLag;
    /** Hides it from DescribeExecution only. */
    final Lag describeLag;
    /** Hides it from ListExecutions only. */
    final Lag listExecutionsLag;
    /** StopExecution calls that stopped it, in order. */
    final List<Stop> stops = new ArrayList<>();
    /** RedriveExecution calls that redrove it, in order. */
    final List<Redriven> redrives = new ArrayList<>();
    /** The redrive each client token made, by token. */
    final Map<String, Redriven> redrivesByToken = new HashMap<>();

    Execution(Machine machine, String name, String arn, String input, String traceHeader, Instant start, long sequence,
        Lag listingLag, Lag describeLag, Lag listExecutionsLag) {
      this.machine = machine;
      this.name = name;
      this.arn = arn;
      this.input = input;
      this.traceHeader = traceHeader;
      this.start = start;
      this.sequence = sequence;
      this.script = machine.script();
      this.listingLag = listingLag;
      this.describeLag = describeLag;
      this.listExecutionsLag = listExecutionsLag;
    }

    boolean express() {
      return machine.type() == StateMachineType.EXPRESS;
    }
  }

  /** A StopExecution that stopped an open execution. */
  private record Stop(Instant at, String error, String cause, long seq) {}

  /** A RedriveExecution that redrove a closed execution: from {@code at} it runs {@code then}. */
  private record Redriven(Instant at, SfnRunScript then, long seq) {}

  /**
   * Where an execution's script has brought it now.
   *
   * @param closed whether it is closed for good (no redrive to come), so that its history can expire
   */
  private record State(ExecutionStatus status, Instant stopDate, String output, String error, String cause,
      int redriveCount, Instant redriveDate, boolean closed) {

    boolean open() {
      return status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE;
    }
  }

  /**
   * Hides each STANDARD execution started from now on from its next {@code reads} DescribeExecution
   * calls, which answer {@code ExecutionDoesNotExist}, while ListExecutions shows it: DescribeExecution
   * lagging behind the listing.
   *
   * @param reads how many DescribeExecution calls miss a new execution, not negative; 0 for none
   * @return this fake
   */
  public synchronized FakeSfnClient describeLag(int reads) {
    describeLag.reads(reads);
    return this;
  }

  /**
   * Hides each STANDARD execution started from now on from DescribeExecution until {@code lag} after its
   * start, on the fake's clock, while ListExecutions shows it.
   *
   * @param lag how long DescribeExecution misses a new execution, not negative; zero for no lag
   * @return this fake
   */
  public synchronized FakeSfnClient describeLag(Duration lag) {
    describeLag.time(lag);
    return this;
  }

  /**
   * Hides each STANDARD execution started from now on from its machine's next {@code reads}
   * ListExecutions calls whose filters match it, while DescribeExecution shows it: the listing lagging
   * behind DescribeExecution.
   *
   * @param reads how many listings miss a new execution, not negative; 0 for none
   * @return this fake
   */
  public synchronized FakeSfnClient listExecutionsLag(int reads) {
    listExecutionsLag.reads(reads);
    return this;
  }

  /**
   * Hides each STANDARD execution started from now on from ListExecutions until {@code lag} after its
   * start, on the fake's clock, while DescribeExecution shows it.
   *
   * @param lag how long listings miss a new execution, not negative; zero for no lag
   * @return this fake
   */
  public synchronized FakeSfnClient listExecutionsLag(Duration lag) {
    listExecutionsLag.time(lag);
    return this;
  }

  /**
   * Sets the script of machines created through {@link #createStateMachine(CreateStateMachineRequest)}
   * from now on; an EXPRESS machine takes it without its redrive.
   *
   * @param script the script
   * @return this fake
   */
  public synchronized FakeSfnClient defaultScript(SfnRunScript script) {
    this.defaultScript = Objects.requireNonNull(script, "script");
    return this;
  }

  /**
   * Adds (or replaces) a STANDARD state machine. Executions already started keep the script they started
   * with.
   *
   * @param name the machine's name
   * @param script how its executions unfold
   * @return the machine's ARN, {@code arn:aws:states:us-east-1:123456789012:stateMachine:<name>}
   * @throws ValidationException when the name is not 1 to 80 characters
   * @throws InvalidNameException when the name holds a character Step Functions refuses
   */
  public String addStateMachine(String name, SfnRunScript script) {
    return addStateMachine(name, StateMachineType.STANDARD, script);
  }

  /**
   * Adds (or replaces) a state machine of the given type. Executions already started keep the script they
   * started with.
   *
   * @param name the machine's name
   * @param type STANDARD or EXPRESS
   * @param script how its executions unfold; an EXPRESS machine's executions are never redriven
   * @return the machine's ARN, {@code arn:aws:states:us-east-1:123456789012:stateMachine:<name>}
   * @throws ValidationException when the name is not 1 to 80 characters
   * @throws InvalidNameException when the name holds a character Step Functions refuses
   * @throws IllegalArgumentException when the type is neither STANDARD nor EXPRESS, or an EXPRESS
   *     machine's script has a redrive
   */
  public synchronized String addStateMachine(String name, StateMachineType type, SfnRunScript script) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    if (type != StateMachineType.STANDARD && type != StateMachineType.EXPRESS) {
      throw new IllegalArgumentException("a state machine is STANDARD or EXPRESS, found " + type);
    }
    if (type == StateMachineType.EXPRESS && script.redrive().isPresent()) {
      throw new IllegalArgumentException("the executions of an EXPRESS state machine are not redriven");
    }
    checkLength("name", name, false, 1, 80);
    checkName(name);
    Machine machine = new Machine(name, stateMachineArn(name), type, DEFAULT_DEFINITION, DEFAULT_ROLE_ARN,
        now(), script);
    machines.put(name, machine);
    return machine.arn();
  }

  /**
   * Whether a state machine exists.
   *
   * @param name the machine's name
   * @return true when it was created or added
   */
  public synchronized boolean hasStateMachine(String name) {
    return machines.containsKey(name);
  }

  /**
   * An {@code SfnAsyncClient} over this fake's state, whose calls complete before they return (the
   * future is already done, or already failed with the exception this fake throws). The SDK's paginators
   * ({@code listExecutionsPaginator}, {@code listStateMachinesPaginator}) work over it.
   *
   * @return the async client
   */
  public SfnAsyncClient asyncClient() {
    return AsyncFakes.of(SfnAsyncClient.class, this);
  }

  /**
   * Every execution of a state machine the fake holds, STANDARD and EXPRESS, as DescribeExecution would
   * describe it now, oldest first; the listing lag does not apply (and is not counted).
   *
   * @param machineName the machine's name
   * @return the executions
   */
  public synchronized List<DescribeExecutionResponse> executionsOf(String machineName) {
    expire();
    return executions.stream().filter(e -> e.machine.name().equals(machineName)).map(this::describe).toList();
  }

  /**
   * Sets what an execution redriven through RedriveExecution runs from then on (after
   * {@link #API_REDRIVE_PENDING} of PENDING_REDRIVE); by default its state machine's script again, without
   * that script's own redrive, so that a failing machine's execution fails again and can be redriven again.
   *
   * @param script the script, or null for the default
   * @return this fake
   */
  public synchronized FakeSfnClient redrivesRun(SfnRunScript script) {
    this.redriveScript = script;
    return this;
  }

  /**
   * How many RedriveExecution requests the fake has received, refused ones included.
   *
   * @return the count
   */
  public synchronized int redriveRequests() {
    return redriveRequests;
  }

  /**
   * Redrives a FAILED, TIMED_OUT or ABORTED STANDARD execution within {@link SfnRunScript#REDRIVABLE_PERIOD}
   * of its stop: it is PENDING_REDRIVE, then runs again ({@link #redrivesRun}). A repeated client token
   * answers the redrive it made, whatever the execution's state now. An open or succeeded execution, or one
   * past the period, is refused with {@code ExecutionNotRedrivable}.
   */
  @Override
  public synchronized RedriveExecutionResponse redriveExecution(RedriveExecutionRequest request) {
    redriveRequests++;
    serve();
    expire();
    if (request.clientToken() != null && !CLIENT_TOKEN.matcher(request.clientToken()).matches()) {
      throw validation("Value at 'clientToken' failed to satisfy constraint: Member must have length less than or "
          + "equal to 64 and match pattern [!-~]+");
    }
    Execution execution = execution(request.executionArn());
    if (request.clientToken() != null && execution.redrivesByToken.containsKey(request.clientToken())) {
      return RedriveExecutionResponse.builder().redriveDate(execution.redrivesByToken.get(request.clientToken()).at())
          .build();
    }
    State state = state(execution);
    if (state.open() || state.status() == ExecutionStatus.SUCCEEDED) {
      throw notRedrivable("Execution is " + state.status() + " and cannot be redriven");
    }
    if (!now().isBefore(state.stopDate().plus(SfnRunScript.REDRIVABLE_PERIOD))) {
      throw notRedrivable("Execution redrivable period exceeded");
    }
    Redriven redriven = new Redriven(now(), redriveScript != null ? redriveScript : withoutRedrive(execution.script),
        ++sequence);
    execution.redrives.add(redriven);
    if (request.clientToken() != null) {
      execution.redrivesByToken.put(request.clientToken(), redriven);
    }
    return RedriveExecutionResponse.builder().redriveDate(redriven.at()).build();
  }

  @Override
  public synchronized CreateStateMachineResponse createStateMachine(CreateStateMachineRequest request) {
    serve();
    expire();
    checkLength("name", request.name(), false, 1, 80);
    checkLength("definition", request.definition(), true, 1, 1_048_576);
    checkLength("roleArn", request.roleArn(), false, 1, 256);
    StateMachineType type = request.type() == null ? StateMachineType.STANDARD : request.type();
    if (type == StateMachineType.UNKNOWN_TO_SDK_VERSION) {
      throw validation("Value '" + request.typeAsString() + "' at 'type' failed to satisfy constraint: Member must "
          + "satisfy enum value set: [STANDARD, EXPRESS]");
    }
    checkName(request.name());
    checkDefinition(request.definition());
    if (!ROLE_ARN.matcher(request.roleArn()).matches()) {
      throw error(InvalidArnException.builder(), "InvalidArn", "Invalid Arn: '" + request.roleArn() + "'");
    }
    Machine existing = machines.get(request.name());
    if (existing != null) {
      // CreateStateMachine is idempotent on name, definition and type; the role may differ.
      if (existing.definition().equals(request.definition()) && existing.type() == type) {
        return CreateStateMachineResponse.builder().stateMachineArn(existing.arn())
            .creationDate(existing.creationDate()).build();
      }
      throw error(StateMachineAlreadyExistsException.builder(), "StateMachineAlreadyExists",
          "State Machine Already Exists: '" + existing.arn() + "'");
    }
    Machine machine = new Machine(request.name(), stateMachineArn(request.name()), type, request.definition(),
        request.roleArn(), now(), type == StateMachineType.EXPRESS ? withoutRedrive(defaultScript)
            : defaultScript);
    machines.put(machine.name(), machine);
    return CreateStateMachineResponse.builder().stateMachineArn(machine.arn()).creationDate(machine.creationDate())
        .build();
  }

  @Override
  public synchronized DescribeStateMachineResponse describeStateMachine(DescribeStateMachineRequest request) {
    serve();
    expire();
    Machine machine = machine(request.stateMachineArn());
    return DescribeStateMachineResponse.builder()
        .stateMachineArn(machine.arn())
        .name(machine.name())
        .status(StateMachineStatus.ACTIVE)
        .definition(machine.definition())
        .roleArn(machine.roleArn())
        .type(machine.type())
        .creationDate(machine.creationDate())
        .loggingConfiguration(logging -> logging.level(LogLevel.OFF).includeExecutionData(false))
        .tracingConfiguration(tracing -> tracing.enabled(false))
        .encryptionConfiguration(encryption -> encryption.type(EncryptionType.AWS_OWNED_KEY))
        .build();
  }

  /**
   * How many ListStateMachines requests (pages) the fake was sent, those throttled or failed by its
   * fault plan too.
   *
   * @return the count
   */
  public int listStateMachinesRequests() {
    return stateMachineListings.get();
  }

  /**
   * Runs {@code hook} before each ListStateMachines request is served, on the calling thread and outside
   * the fake's lock, so that the other calls go on meanwhile: a test can count the requests there, or
   * hold one back to see which callers wait for it.
   *
   * @param hook what to run; {@code () -> { }} for nothing
   * @return this fake
   */
  public FakeSfnClient beforeListStateMachines(Runnable hook) {
    beforeListStateMachines = java.util.Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** Lists the machines in the order of their names. */
  @Override
  public ListStateMachinesResponse listStateMachines(ListStateMachinesRequest request) {
    stateMachineListings.incrementAndGet();
    beforeListStateMachines.run();
    return listStateMachinesNow(request);
  }

  private synchronized ListStateMachinesResponse listStateMachinesNow(ListStateMachinesRequest request) {
    serve();
    expire();
    int pageSize = pageSize(request.maxResults());
    if (request.nextToken() != null) {
      checkLength("nextToken", request.nextToken(), false, 1, 1024);
    }
    List<Machine> byName = machines.values().stream().sorted(Comparator.comparing(Machine::name)).toList();
    int from = 0;
    if (request.nextToken() != null) {
      String after = decodeToken(request.nextToken(), "stateMachines");
      from = (int) byName.stream().filter(m -> m.name().compareTo(after) <= 0).count();
    }
    int to = Math.min(byName.size(), from + pageSize);
    List<StateMachineListItem> page = byName.subList(from, to).stream()
        .map(m -> StateMachineListItem.builder().stateMachineArn(m.arn()).name(m.name()).type(m.type())
            .creationDate(m.creationDate()).build())
        .toList();
    return ListStateMachinesResponse.builder()
        .stateMachines(page)
        .nextToken(to < byName.size() ? encodeToken("stateMachines", byName.get(to - 1).name()) : null)
        .build();
  }

  @Override
  public synchronized StartExecutionResponse startExecution(StartExecutionRequest request) {
    serve();
    expire();
    checkLength("stateMachineArn", request.stateMachineArn(), false, 1, 256);
    if (request.name() != null) {
      checkLength("name", request.name(), false, 1, 80);
    }
    if (request.input() != null) {
      checkLength("input", request.input(), true, 0, MAX_INPUT_BYTES);
    }
    if (request.traceHeader() != null) {
      checkLength("traceHeader", request.traceHeader(), false, 0, 256);
      if (!request.traceHeader().chars().allMatch(c -> c < 0x80)) {
        throw validation("Value '" + request.traceHeader() + "' at 'traceHeader' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: \\p{ASCII}*");
      }
    }
    Machine machine = machine(request.stateMachineArn());
    String name = request.name() == null ? UUID.randomUUID().toString() : request.name();
    checkName(name);
    String input = request.input() == null ? "{}" : request.input();
    checkInput(input);
    Execution execution;
    if (machine.type() == StateMachineType.EXPRESS) {
      execution = add(machine, name, ARN_PREFIX + "express:" + machine.name() + ":" + name + ":" + UUID.randomUUID(),
          input, request.traceHeader());
    } else {
      String arn = executionArn(machine.name(), name);
      Optional<Execution> existing = executions.stream().filter(e -> e.arn.equals(arn)).findFirst();
      if (existing.isPresent()) {
        if (!state(existing.get()).open() || !existing.get().input.equals(input)) {
          throw error(ExecutionAlreadyExistsException.builder(), "ExecutionAlreadyExists",
              "Execution Already Exists: '" + arn + "'");
        }
        execution = existing.get();
      } else {
        execution = add(machine, name, arn, input, request.traceHeader());
      }
    }
    loseStartResponseIfPlanned();
    return StartExecutionResponse.builder().executionArn(execution.arn).startDate(execution.start).build();
  }

  @Override
  public synchronized DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
    serve();
    expire();
    Execution execution = execution(request.executionArn());
    if (!shown(execution, execution.describeLag)) {
      throw doesNotExist(execution.arn);
    }
    return describe(execution);
  }

  /**
   * Makes an open execution ABORTED at once, with the request's error and cause; a closed execution
   * stays as it is, and the answer carries the date it closed.
   */
  @Override
  public synchronized StopExecutionResponse stopExecution(StopExecutionRequest request) {
    serve();
    expire();
    if (request.error() != null) {
      checkLength("error", request.error(), true, 0, 256);
    }
    if (request.cause() != null) {
      checkLength("cause", request.cause(), true, 0, 32_768);
    }
    Execution execution = execution(request.executionArn());
    State state = state(execution);
    if (!state.open()) {
      return StopExecutionResponse.builder().stopDate(state.stopDate()).build();
    }
    Stop stop = new Stop(now(), request.error(), request.cause(), ++sequence);
    execution.stops.add(stop);
    return StopExecutionResponse.builder().stopDate(stop.at()).build();
  }

  @Override
  public synchronized ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
    serve();
    expire();
    if (request.mapRunArn() != null && request.stateMachineArn() != null) {
      throw validation("Specify either a stateMachineArn or a mapRunArn, not both");
    }
    if (request.mapRunArn() != null) {
      throw error(ResourceNotFoundException.builder(), "ResourceNotFound",
          "Resource not found: '" + request.mapRunArn() + "'");
    }
    if (request.stateMachineArn() == null) {
      throw validation("Must provide a StateMachine ARN or MapRun ARN");
    }
    checkLength("stateMachineArn", request.stateMachineArn(), false, 1, 256);
    int pageSize = pageSize(request.maxResults());
    if (request.nextToken() != null) {
      checkLength("nextToken", request.nextToken(), false, 1, 3096);
    }
    if (request.statusFilter() == ExecutionStatus.UNKNOWN_TO_SDK_VERSION) {
      throw validation("Value '" + request.statusFilterAsString() + "' at 'statusFilter' failed to satisfy "
          + "constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, "
          + "PENDING_REDRIVE]");
    }
    if (request.redriveFilter() == ExecutionRedriveFilter.UNKNOWN_TO_SDK_VERSION) {
      throw validation("Value '" + request.redriveFilterAsString() + "' at 'redriveFilter' failed to satisfy "
          + "constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]");
    }
    Machine machine = machine(request.stateMachineArn());
    if (machine.type() != StateMachineType.STANDARD) {
      throw error(StateMachineTypeNotSupportedException.builder(), "StateMachineTypeNotSupported",
          "This operation is not supported by this type of state machine");
    }
    long before = Long.MAX_VALUE;
    if (request.nextToken() != null) {
      String token = decodeToken(request.nextToken(), machine.arn());
      try {
        before = Long.parseLong(token);
      } catch (NumberFormatException e) {
        throw invalidToken(request.nextToken());
      }
    }
    Predicate<State> matches = state -> (request.statusFilter() == null || state.status() == request.statusFilter())
        && (request.redriveFilter() == null
            || (request.redriveFilter() == ExecutionRedriveFilter.REDRIVEN) == (state.redriveCount() > 0));
    List<Execution> listed = new ArrayList<>();
    for (int i = executions.size() - 1; i >= 0; i--) {
      Execution execution = executions.get(i);
      if (execution.machine.name().equals(machine.name()) && matches.test(state(execution))
          && shown(execution, execution.listExecutionsLag)) {
        listed.add(execution);
      }
    }
    long after = before;
    List<Execution> rest = listed.stream().filter(e -> e.sequence < after).toList();
    List<Execution> page = rest.subList(0, Math.min(pageSize, rest.size()));
    return ListExecutionsResponse.builder()
        .executions(page.stream().map(this::item).toList())
        .nextToken(page.size() < rest.size()
            ? encodeToken(machine.arn(), Long.toString(page.get(page.size() - 1).sequence)) : null)
        .build();
  }

  // ---- ContractScripting ----

  @Override
  public synchronized WorkflowTarget createWorkflow(Outcome outcome, Duration runFor) {
    String name = "contract-machine-" + nextContractWorkflow();
    addStateMachine(name, switch (outcome) {
      case SUCCEED -> SfnRunScript.succeedsAfter(runFor);
      case FAIL -> SfnRunScript.failsAfter(runFor, "States.TaskFailed", "scripted failure");
      case STOPPED -> SfnRunScript.abortedAfter(runFor);
      case RUN_UNTIL_STOPPED -> SfnRunScript.runsUntilStopped();
    });
    return WorkflowTarget.of("sfn", name);
  }

  @Override
  public WorkflowTarget missingWorkflow() {
    return WorkflowTarget.of("sfn", "no-such-machine");
  }

  @Override
  public RunHandle missingRun(WorkflowTarget workflow) {
    return RunHandle.of("sfn", executionArn(workflow.part(0), "no-such-execution"));
  }

  @Override
  public List<InvalidStart> invalidStarts(WorkflowTarget workflow) {
    return List.of(
        new InvalidStart(StartRunRequest.builder(workflow).input("not json").build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).input("\"" + "x".repeat(262_143) + "\"").build(), "input"),
        new InvalidStart(StartRunRequest.builder(workflow).input("{}").parameter("a", "b").build(), "input"),
        foreignOptions(workflow),
        new InvalidStart(StartRunRequest.builder(WorkflowTarget.of("sfn", "bad name")).build(), "stateMachine"));
  }

  @Override
  public synchronized int runCount(WorkflowTarget workflow) {
    return (int) executions.stream().filter(e -> e.machine.name().equals(workflow.part(0))).count();
  }

  // ---- inside ----

  @Override
  protected AwsServiceException throttlingError() {
    return error(SfnException.builder(), 400, "ThrottlingException", "Rate exceeded");
  }

  @Override
  protected AwsServiceException serverError() {
    return error(SfnException.builder(), 500, "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.");
  }

  @Override
  protected AwsServiceException accessDenied() {
    return error(SfnException.builder(), 400, "AccessDeniedException",
        "User is not authorized to perform this operation");
  }

  /** Forgets the executions that closed more than {@link #HISTORY_RETENTION} ago. */
  private void expire() {
    Instant now = now();
    executions.removeIf(execution -> {
      State state = state(execution);
      return state.closed() && !now.isBefore(state.stopDate().plus(HISTORY_RETENTION));
    });
  }

  private Execution add(Machine machine, String name, String arn, String input, String traceHeader) {
    Instant now = now();
    Execution execution = new Execution(machine, name, arn, input, traceHeader, now, ++sequence,
        listingLagFrom(now), describeLag.from(now), listExecutionsLag.from(now));
    executions.add(execution);
    return execution;
  }

  /**
   * Whether a read shows the execution now: past the listing lag, which covers both reads, and past the
   * read's own lag. The read counts toward both.
   */
  private boolean shown(Execution execution, Lag ownLag) {
    Instant now = now();
    boolean missedByBoth = execution.listingLag.misses(now);
    boolean missedByThisRead = ownLag.misses(now);
    return !missedByBoth && !missedByThisRead;
  }

  private State state(Execution e) {
    Instant now = now();
    SfnRunScript script = e.script;
    Instant activeFrom = e.start;
    Instant runsFrom = e.start;
    int redrives = 0;
    Instant redriveDate = null;
    long after = 0; // stops and redrives before the last redrive taken belong to earlier segments
    while (true) {
      Instant endsAt = script.end() == SfnRunScript.End.NONE ? null : runsFrom.plus(script.runFor());
      Instant from = activeFrom;
      Instant until = endsAt;
      long since = after;
      Optional<Stop> stoppedNow = e.stops.stream().filter(stop -> stop.seq() > since)
          .filter(stop -> !stop.at().isBefore(from) && (until == null || stop.at().isBefore(until))).findFirst();
      Instant closedAt = stoppedNow.map(Stop::at).orElse(endsAt);
      Optional<Redriven> redriven = closedAt == null || now.isBefore(closedAt) ? Optional.empty()
          : e.redrives.stream().filter(r -> r.seq() > since && stoppedNow.map(stop -> r.seq() > stop.seq()).orElse(true))
              .filter(r -> !r.at().isBefore(closedAt) && !now.isBefore(r.at())).findFirst();
      if (redriven.isPresent()) {
        // Redriven through the API after this segment closed: it runs the redrive's script from then on.
        after = redriven.get().seq();
        redrives++;
        redriveDate = redriven.get().at();
        activeFrom = redriveDate;
        runsFrom = redriveDate.plus(API_REDRIVE_PENDING);
        script = redriven.get().then();
        continue;
      }
      if (stoppedNow.isPresent()) {
        Stop stop = stoppedNow.get();
        return new State(ExecutionStatus.ABORTED, stop.at(), null, stop.error(), stop.cause(), redrives, redriveDate,
            true);
      }
      if (now.isBefore(runsFrom)) {
        return new State(ExecutionStatus.PENDING_REDRIVE, null, null, null, null, redrives, redriveDate, false);
      }
      if (endsAt == null || now.isBefore(endsAt)) {
        return new State(ExecutionStatus.RUNNING, null, null, null, null, redrives, redriveDate, false);
      }
      Optional<SfnRunScript.Redrive> redrive = script.redrive();
      if (redrive.isPresent() && !now.isBefore(endsAt.plus(redrive.get().after()))) {
        redrives++;
        redriveDate = endsAt.plus(redrive.get().after());
        activeFrom = redriveDate;
        runsFrom = redriveDate.plus(redrive.get().pendingFor());
        script = redrive.get().then();
        continue;
      }
      ExecutionStatus status = switch (script.end()) {
        case SUCCEEDED -> ExecutionStatus.SUCCEEDED;
        case FAILED -> ExecutionStatus.FAILED;
        case TIMED_OUT -> ExecutionStatus.TIMED_OUT;
        default -> ExecutionStatus.ABORTED;
      };
      String output = status == ExecutionStatus.SUCCEEDED ? script.output().orElse(e.input) : null;
      return new State(status, endsAt, output, script.error().orElse(null), script.cause().orElse(null), redrives,
          redriveDate, redrive.isEmpty());
    }
  }

  private DescribeExecutionResponse describe(Execution e) {
    State state = state(e);
    DescribeExecutionResponse.Builder response = DescribeExecutionResponse.builder()
        .executionArn(e.arn)
        .stateMachineArn(e.machine.arn())
        .name(e.name)
        .status(state.status())
        .startDate(e.start)
        .stopDate(state.stopDate())
        .input(e.input)
        .inputDetails(included())
        .output(state.output())
        .outputDetails(state.output() == null ? null : included())
        .traceHeader(e.traceHeader)
        .error(state.error())
        .cause(state.cause());
    if (!e.express()) {
      response.redriveCount(state.redriveCount()).redriveDate(state.redriveDate());
      if (state.open()) {
        response.redriveStatus(ExecutionRedriveStatus.NOT_REDRIVABLE)
            .redriveStatusReason("Execution is RUNNING and cannot be redriven");
      } else if (state.status() == ExecutionStatus.SUCCEEDED) {
        response.redriveStatus(ExecutionRedriveStatus.NOT_REDRIVABLE)
            .redriveStatusReason("Execution is SUCCEEDED and cannot be redriven");
      } else if (now().isBefore(state.stopDate().plus(SfnRunScript.REDRIVABLE_PERIOD))) {
        response.redriveStatus(ExecutionRedriveStatus.REDRIVABLE);
      } else {
        response.redriveStatus(ExecutionRedriveStatus.NOT_REDRIVABLE)
            .redriveStatusReason("Execution redrivable period exceeded");
      }
    }
    return response.build();
  }

  private ExecutionListItem item(Execution e) {
    State state = state(e);
    return ExecutionListItem.builder()
        .executionArn(e.arn)
        .stateMachineArn(e.machine.arn())
        .name(e.name)
        .status(state.status())
        .startDate(e.start)
        .stopDate(state.stopDate())
        .redriveCount(state.redriveCount())
        .redriveDate(state.redriveDate())
        .build();
  }

  private static CloudWatchEventsExecutionDataDetails included() {
    return CloudWatchEventsExecutionDataDetails.builder().included(true).build();
  }

  /** The machine a state machine ARN names. */
  private Machine machine(String arn) {
    checkLength("stateMachineArn", arn, false, 1, 256);
    String[] parts = arnParts(arn);
    if (!parts[5].equals("stateMachine")) {
      throw invalidArn("Resource type not valid in this context: " + parts[5].toLowerCase(Locale.ROOT));
    }
    Machine machine = parts.length == 7 && arn.startsWith(ARN_PREFIX) ? machines.get(parts[6]) : null;
    if (machine == null) {
      throw error(StateMachineDoesNotExistException.builder(), "StateMachineDoesNotExist",
          "State Machine Does Not Exist: '" + arn + "'");
    }
    return machine;
  }

  /** The STANDARD execution an execution ARN names. */
  private Execution execution(String arn) {
    checkLength("executionArn", arn, false, 1, 256);
    String[] parts = arnParts(arn);
    if (!parts[5].equals("execution")) {
      throw invalidArn("Resource type not valid in this context: " + parts[5].toLowerCase(Locale.ROOT));
    }
    if (parts.length != 8) {
      throw invalidArn(arn);
    }
    return executions.stream().filter(e -> e.arn.equals(arn)).findFirst().orElseThrow(() -> doesNotExist(arn));
  }

  /** The parts of a well-formed Step Functions ARN: arn, partition, states, region, account, type, names. */
  private static String[] arnParts(String arn) {
    String[] parts = arn.split(":", -1);
    boolean wellFormed = parts.length >= 7 && parts[0].equals("arn") && parts[1].startsWith("aws")
        && parts[2].equals("states") && !parts[3].isEmpty() && ACCOUNT_ID.matcher(parts[4]).matches();
    for (int i = 5; wellFormed && i < parts.length; i++) {
      wellFormed = !parts[i].isEmpty();
    }
    if (!wellFormed) {
      throw invalidArn(arn);
    }
    return parts;
  }

  private static String stateMachineArn(String name) {
    return ARN_PREFIX + "stateMachine:" + name;
  }

  private static String executionArn(String machine, String name) {
    return ARN_PREFIX + "execution:" + machine + ":" + name;
  }

  private static SfnRunScript withoutRedrive(SfnRunScript script) {
    return new SfnRunScript(script.runFor(), script.end(), script.output(), script.error(), script.cause(),
        Optional.empty());
  }

  private static int pageSize(Integer maxResults) {
    if (maxResults == null || maxResults == 0) {
      return DEFAULT_PAGE_SIZE;
    }
    if (maxResults < 0 || maxResults > 1000) {
      throw validation("Value '" + maxResults + "' at 'maxResults' failed to satisfy constraint: Member must have "
          + (maxResults < 0 ? "value greater than or equal to 0" : "value less than or equal to 1000"));
    }
    return maxResults;
  }

  private static String encodeToken(String scope, String position) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position a token of this scope names; InvalidToken for any other text. */
  private static String decodeToken(String token, String scope) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalidToken(token);
    }
    if (!text.startsWith(scope + "\n")) {
      throw invalidToken(token);
    }
    return text.substring(scope.length() + 1);
  }

  /** The model's length constraints, checked as the service's request validation checks them. */
  private static void checkLength(String field, String value, boolean sensitive, int min, int max) {
    if (value == null) {
      throw validation("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
    }
    int length = value.codePointCount(0, value.length());
    if (length < min || length > max) {
      throw validation((sensitive ? "Value" : "Value '" + value + "'") + " at '" + field
          + "' failed to satisfy constraint: Member must have length "
          + (length < min ? "greater than or equal to " + min : "less than or equal to " + max));
    }
  }

  /** The characters Step Functions refuses in the names of state machines and executions. */
  private static void checkName(String name) {
    boolean ok = name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
        || FORBIDDEN_IN_NAMES.indexOf(c) >= 0 || c <= 0x1f || (c >= 0x7f && c <= 0x9f)
        || c == 0xfffe || c == 0xffff || (c >= 0xd800 && c <= 0xdfff) || c == 0x10ffff);
    if (!ok) {
      throw error(InvalidNameException.builder(), "InvalidName", "Invalid Name: '" + name + "'");
    }
  }

  private static void checkInput(String input) {
    String problem = jsonProblem(input);
    if (problem == null && input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
      problem = "the input is more than " + MAX_INPUT_BYTES + " bytes in UTF-8";
    }
    if (problem != null) {
      throw error(InvalidExecutionInputException.builder(), "InvalidExecutionInput",
          "Invalid State Machine Execution Input: '" + problem + "'");
    }
  }

  private static void checkDefinition(String definition) {
    String problem = jsonProblem(definition);
    if (problem == null) {
      JsonNode root = readJson(definition);
      if (!root.isObject() || !root.path("StartAt").isTextual() || !root.path("States").isObject()) {
        problem = "a definition is a JSON object with StartAt and States";
      }
    }
    if (problem != null) {
      throw error(InvalidDefinitionException.builder(), "InvalidDefinition",
          "Invalid State Machine Definition: '" + problem + "'");
    }
  }

  /** Why the text is not one JSON value, or null when it is. */
  private static String jsonProblem(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? "no JSON value" : null;
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage();
    }
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("checked JSON no longer parses", e);
    }
  }

  private static AwsServiceException notRedrivable(String message) {
    return error(ExecutionNotRedrivableException.builder(), "ExecutionNotRedrivable", message);
  }

  private static AwsServiceException doesNotExist(String arn) {
    return error(ExecutionDoesNotExistException.builder(), "ExecutionDoesNotExist",
        "Execution Does Not Exist: '" + arn + "'");
  }

  private static AwsServiceException invalidArn(String detail) {
    return error(InvalidArnException.builder(), "InvalidArn", "Invalid Arn: '" + detail + "'");
  }

  private static AwsServiceException invalidToken(String token) {
    return error(InvalidTokenException.builder(), "InvalidToken", "Invalid Token: '" + token + "'");
  }

  private static AwsServiceException validation(String problem) {
    return error(ValidationException.builder(), "ValidationException", "1 validation error detected: " + problem);
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, String code, String message) {
    return error(builder, 400, code, message);
  }

  private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code,
      String message) {
    return awsError("SFN", builder, status, code, message);
  }
}
