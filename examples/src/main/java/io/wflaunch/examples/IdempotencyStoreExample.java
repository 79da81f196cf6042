package io.wflaunch.examples;

import io.wflaunch.ConflictException;
import io.wflaunch.InMemoryIdempotencyStore;
import io.wflaunch.KeyReusePolicy;
import io.wflaunch.RunHandle;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.dynamodb.DynamoDbIdempotencyStore;
import io.wflaunch.glue.GlueBackend;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.testkit.glue.FakeGlueClient;
import io.wflaunch.testkit.glue.GlueRunScript;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Idempotency keys through a store: eight threads deliver the same event, one Glue run starts; the
 * key reused with another request is refused; after the run failed, a start that allows it runs again.
 *
 * <pre>
 * IdempotencyStoreExample                  # fakes, keys in this process's memory
 * IdempotencyStoreExample --aws TABLE      # real AWS: glue:nightly-etl, keys in DynamoDB table TABLE
 * </pre>
 */
public final class IdempotencyStoreExample {

  private IdempotencyStoreExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code --aws TABLE}
   * @throws Exception if a thread fails
   */
  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static Set<RunHandle> run(String[] args, PrintStream out) throws Exception {
    boolean aws = ExampleSupport.aws(args);
    DynamoDbClient dynamo = aws ? DynamoDbClient.create() : null;
    FakeGlueClient glue = aws ? null : FakeGlueClient.create()
        .addWorkflow("nightly-etl", GlueRunScript.errorsAfter(Duration.ofSeconds(1), "out of disk"));
    IdempotencyStore store;
    if (aws) {
      DynamoDbIdempotencyStore.createTable(dynamo, args[1]);   // once per account and region; harmless again
      store = DynamoDbIdempotencyStore.create(dynamo, args[1]);
    } else {
      store = new InMemoryIdempotencyStore();
    }
    try (WorkflowLauncher launcher = WorkflowLauncher.builder()
        .backend(aws ? GlueBackend.createDefault() : GlueBackend.create(glue))
        .idempotencyStore(store)
        .build()) {
      StartRunRequest event = StartRunRequest.builder(WorkflowTarget.parse("glue:nightly-etl"))
          .parameter("date", "2026-11-24")
          .idempotencyKey("nightly-etl-2026-11-24")
          .build();

      // An at-least-once queue delivers the same event to eight consumers at once: one run.
      Set<RunHandle> handles = ConcurrentHashMap.newKeySet();
      ExecutorService consumers = Executors.newFixedThreadPool(8);
      try {
        List<Future<RunHandle>> starts = IntStream.range(0, 8)
            .mapToObj(i -> consumers.submit(() -> launcher.start(event))).toList();
        for (Future<RunHandle> start : starts) {
          handles.add(start.get());
        }
      } finally {
        consumers.shutdown();
      }
      RunHandle run = handles.iterator().next();
      out.println("8 deliveries, " + handles.size() + " run: " + run);

      // The same key with another date is a mistake the store catches.
      try {
        launcher.start(event.toBuilder().parameter("date", "2026-11-25").build());
      } catch (ConflictException e) {
        out.println("refused: " + e.getMessage());
      }

      // The run fails; a redelivery that allows it starts the key's next run.
      out.println("first run ended " + launcher.awaitCompletion(run, WaitOptions.DEFAULT).state());
      RunHandle again = launcher.start(event.toBuilder().keyReusePolicy(KeyReusePolicy.ALLOW_IF_NOT_SUCCEEDED).build());
      out.println("after the failure, ALLOW_IF_NOT_SUCCEEDED started " + again);
      out.println("and the key now means it: " + launcher.start(event));
      handles.add(again);
      return handles;
    } finally {
      if (dynamo != null) {
        dynamo.close();
      }
    }
  }
}
