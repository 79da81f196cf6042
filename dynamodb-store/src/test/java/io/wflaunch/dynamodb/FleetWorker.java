package io.wflaunch.dynamodb;

import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.glue.GlueOptions;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.testkit.ForwardingIdempotencyStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;

/**
 * One launcher process of a fleet, run by the fleet tests in a JVM of its own. Arguments:
 *
 * <ul>
 *   <li>{@code race GLUE_ENDPOINT DYNAMODB_ENDPOINT|none TABLE WORKFLOWS KEYS REPEATS THREADS DIR INDEX}
 *       starts keys {@code order-0 .. order-(KEYS-1)} (key {@code i} on workflow {@code fleet-(i % WORKFLOWS)}),
 *       each {@code REPEATS} times, on {@code THREADS} threads, once the file {@code DIR/go} exists, and prints
 *       {@code RESULT key handle} or {@code ERROR key type message} per start;
 *   <li>{@code stop GLUE_ENDPOINT DYNAMODB_ENDPOINT TABLE POINT POLICIES WORKFLOW/KEY...} starts each key on a
 *       thread of its own and holds each start at {@code POINT} (a {@link Point}, in lower case): it prints
 *       {@code REACHED point key} ({@code REACHED answered key handle} after the answer) and then waits, to be
 *       killed; an orderly exit would print {@code SHUTDOWN} (a shutdown hook, which SIGKILL never runs);
 *   <li>{@code start GLUE_ENDPOINT DYNAMODB_ENDPOINT TABLE POLICIES WORKFLOW/KEY...} starts each key on a thread
 *       of its own and prints {@code RESULT key handle returnedAt} or {@code ERROR key type message} per key.
 * </ul>
 *
 * <p>{@code POLICIES} is {@code default} ({@link StartPolicy#DEFAULT}, {@link IdempotencyPolicy#DEFAULT}) or
 * {@code short} ({@link #SHORT_START}, {@link #SHORT_LEASE}).
 */
public final class FleetWorker {

  /**
   * Start requests answered within 2 s and a start within 6 s, so that {@link #SHORT_LEASE} can be short.
   * The two look-up reads 200 ms apart are enough for moto, whose listing does not lag.
   */
  static final StartPolicy SHORT_START = StartPolicy.builder().requestTimeout(Duration.ofSeconds(2))
      .startTimeout(Duration.ofSeconds(6)).lookUps(2, Duration.ofMillis(200)).build();

  /**
   * A 10 s lease with a 3 s margin (the least {@link #SHORT_START} allows, rounded up), so that a start
   * after a killed claimant waits seconds for its lease, not minutes; and a 20 s wait for a claim in flight,
   * so that such a start waits for the lease instead of failing.
   */
  static final IdempotencyPolicy SHORT_LEASE = IdempotencyPolicy.DEFAULT.withLeaseMargin(Duration.ofSeconds(3))
      .withLease(Duration.ofSeconds(10)).withInFlightWait(Duration.ofSeconds(20));

  /** Where a {@code stop} worker holds its starts. */
  enum Point {
    /** Once the store applied the start's claim, before any Glue request. */
    CLAIMED,
    /** Once moto answered StartWorkflowRun, before the SDK hands the answer to the launcher. */
    SENT,
    /** Once the launcher has the run's handle, before it writes the handle to the store. */
    ANSWERED;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Point of(String word) {
      return valueOf(word.toUpperCase(Locale.ROOT));
    }
  }

  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private FleetWorker() {}

  public static void main(String[] args) throws Exception {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    Point point = args[0].equals("stop") ? Point.of(args[4]) : null;
    try (GlueClient glue = GlueClient.builder().endpointOverride(URI.create(args[1])).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> {
          if (point == Point.SENT) {
            c.addExecutionInterceptor(new HoldStartAnswer());
          }
        }).build();
        DynamoDbClient dynamo = args[2].equals("none") ? null : DynamoDbClient.builder()
            .endpointOverride(URI.create(args[2])).region(Region.US_EAST_1).credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      switch (args[0]) {
        case "stop" -> {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> OUT.println("SHUTDOWN")));
          startEach(glue, new HeldStore(DynamoDbIdempotencyStore.create(dynamo, args[3]), point), args[5],
              Arrays.asList(args).subList(6, args.length));
        }
        case "start" -> startEach(glue, DynamoDbIdempotencyStore.create(dynamo, args[3]), args[4],
            Arrays.asList(args).subList(5, args.length));
        case "race" -> race(OUT, glue, dynamo == null ? null : DynamoDbIdempotencyStore.create(dynamo, args[3]),
            Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
            Path.of(args[8]), args[9]);
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    }
  }

  static StartRunRequest request(String workflow, String key) {
    return StartRunRequest.builder(WorkflowTarget.of("glue", workflow)).parameter("order", key).idempotencyKey(key)
        .build();
  }

  private static void race(PrintStream out, GlueClient glue, IdempotencyStore store, int workflows, int keys,
      int repeats, int threads, Path dir, String index) throws Exception {
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(GlueBackend.create(glue));
    if (store != null) {
      // Callers of a key wait for its claimant however slow the shared machine makes it: this fleet measures
      // duplicates, not waits.
      builder.idempotencyStore(store).idempotencyPolicy(IdempotencyPolicy.DEFAULT.withInFlightWait(Duration.ofMinutes(5)));
    }
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    for (int key = 0; key < keys; key++) {
      for (int repeat = 0; repeat < repeats; repeat++) {
        queue.add(key);
      }
    }
    try (WorkflowLauncher launcher = builder.build()) {
      Files.createFile(dir.resolve("ready-" + index));
      while (!Files.exists(dir.resolve("go"))) {
        Thread.sleep(2);
      }
      CountDownLatch done = new CountDownLatch(threads);
      List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        Thread thread = new Thread(() -> {
          try {
            for (Integer key = queue.poll(); key != null; key = queue.poll()) {
              String name = "order-" + key;
              try {
                RunHandle run = launcher.start(request("fleet-" + (key % workflows), name));
                lines.add("RESULT " + name + " " + run);
              } catch (RuntimeException e) {
                lines.add("ERROR " + name + " " + e.getClass().getSimpleName() + " " + e.getMessage());
              }
            }
          } finally {
            done.countDown();
          }
        });
        thread.start();
      }
      done.await();
      lines.forEach(out::println);
    }
  }

  /**
   * Starts each {@code workflow/key} on a thread of its own, all through one launcher over {@code store}, and
   * prints each outcome with the time the call returned.
   */
  private static void startEach(GlueClient glue, IdempotencyStore store, String policies, List<String> keys)
      throws InterruptedException {
    WorkflowLauncher.Builder builder = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .idempotencyStore(store);
    if (policies.equals("short")) {
      builder.startPolicy(SHORT_START).idempotencyPolicy(SHORT_LEASE);
    } else if (!policies.equals("default")) {
      throw new IllegalArgumentException("unknown policies " + policies);
    }
    List<StartRunRequest> requests = keys.stream().map(item -> {
      int slash = item.indexOf('/');
      return request(item.substring(0, slash), item.substring(slash + 1));
    }).toList();
    // A cold JVM's first SDK call spends seconds loading classes on a busy machine: spend them here, so that
    // the short request timeout measures moto and DynamoDB Local, not class loading.
    glue.getWorkflow(r -> r.name(requests.get(0).target().parts().get(0)));
    store.read("warm-up", Clock.systemUTC().instant());
    try (WorkflowLauncher launcher = builder.build()) {
      List<Thread> threads = new ArrayList<>();
      for (StartRunRequest request : requests) {
        String key = request.idempotencyKey().orElseThrow();
        Thread thread = new Thread(() -> {
          try {
            RunHandle run = launcher.start(request);
            OUT.println("RESULT " + key + " " + run + " " + Clock.systemUTC().instant());
          } catch (RuntimeException e) {
            OUT.println("ERROR " + key + " " + e.getClass().getSimpleName() + " " + e.getMessage());
          }
        }, "start-" + key);
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  /** Says that a start reached {@code point}, then holds its thread until the process is killed. */
  private static void reached(Point point, String key, String detail) {
    OUT.println(("REACHED " + point.word() + " " + key + " " + detail).strip());
    CountDownLatch never = new CountDownLatch(1);
    while (true) {
      try {
        never.await();
      } catch (InterruptedException e) {
        // The SDK's API-call timeout interrupts a request thread: the point is to stay here, as a process
        // frozen at this instant would, until the test kills the JVM.
      }
    }
  }

  /** Holds a start after the store applied its claim, or before it records its run. */
  private static final class HeldStore extends ForwardingIdempotencyStore {
    private final Point point;

    HeldStore(IdempotencyStore delegate, Point point) {
      super(delegate);
      this.point = point;
    }

    @Override
    public Write create(IdempotencyRecord claim, Instant now) {
      Write write = super.create(claim, now);
      if (point == Point.CLAIMED && write.applied()) {
        reached(point, callerKey(claim), "");
      }
      return write;
    }

    @Override
    public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
      // Only the write that records a handle: a claim taken over or a lease renewed carries none.
      if (point == Point.ANSWERED && next.handle().isPresent()) {
        reached(point, callerKey(next), next.handle().get().toString());
      }
      return super.replace(expected, next);
    }

    /** The caller's key of a scoped key (the target, a space, the caller's key). */
    private static String callerKey(IdempotencyRecord record) {
      return record.key().substring(record.key().indexOf(' ') + 1);
    }
  }

  /**
   * Holds the thread that sent StartWorkflowRun once moto has answered it, before the SDK reads the answer:
   * the run exists, and the launcher never learns of it.
   */
  private static final class HoldStartAnswer implements ExecutionInterceptor {
    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof StartWorkflowRunRequest start && context.httpResponse().isSuccessful()) {
        reached(Point.SENT, start.runProperties().get(GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY), "");
      }
    }
  }
}
