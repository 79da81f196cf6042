package io.wflaunch.dynamodb;

import io.wflaunch.IdempotencyPolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.spi.IdempotencyRecord;
import io.wflaunch.spi.IdempotencyStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * One launcher process of a fleet, run by the fleet tests in a JVM of its own. Arguments:
 * {@code race GLUE_ENDPOINT DYNAMODB_ENDPOINT|none TABLE WORKFLOWS KEYS REPEATS THREADS DIR INDEX}
 * starts keys {@code order-0 .. order-(KEYS-1)} (key {@code i} on workflow {@code fleet-(i % WORKFLOWS)}),
 * each {@code REPEATS} times, on {@code THREADS} threads, once the file {@code DIR/go} exists, and prints
 * {@code RESULT key handle} or {@code ERROR key type message} per start;
 * {@code crash GLUE_ENDPOINT DYNAMODB_ENDPOINT TABLE WORKFLOW KEY} starts one key, prints
 * {@code STARTED handle} when the run was started and before it is recorded, and then hangs, to be killed.
 */
public final class FleetWorker {

  private FleetWorker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    try (GlueClient glue = GlueClient.builder().endpointOverride(URI.create(args[1])).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        DynamoDbClient dynamo = args[2].equals("none") ? null : DynamoDbClient.builder()
            .endpointOverride(URI.create(args[2])).region(Region.US_EAST_1).credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      if (args[0].equals("crash")) {
        crash(out, glue, DynamoDbIdempotencyStore.create(dynamo, args[3]), args[4], args[5]);
      } else {
        race(out, glue, dynamo == null ? null : DynamoDbIdempotencyStore.create(dynamo, args[3]),
            Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
            Path.of(args[8]), args[9]);
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

  /** Starts one key through a store that hangs instead of recording the run, so that it can be killed. */
  private static void crash(PrintStream out, GlueClient glue, IdempotencyStore store, String workflow, String key)
      throws InterruptedException {
    IdempotencyStore hangsBeforeRecording = new IdempotencyStore() {
      @Override
      public Write create(IdempotencyRecord claim, Instant now) {
        return store.create(claim, now);
      }

      @Override
      public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
        if (next.handle().isPresent()) {
          out.println("STARTED " + next.handle().get());
          try {
            Thread.sleep(Duration.ofHours(1).toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return store.replace(expected, next);
      }

      @Override
      public boolean release(IdempotencyRecord claim) {
        return store.release(claim);
      }

      @Override
      public Optional<IdempotencyRecord> read(String key, Instant now) {
        return store.read(key, now);
      }
    };
    try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(GlueBackend.create(glue))
        .idempotencyStore(hangsBeforeRecording).idempotencyPolicy(IdempotencyPolicy.DEFAULT).build()) {
      launcher.start(request(workflow, key));
    }
  }
}
