package io.wflaunch.eventbridge.proof;

import io.wflaunch.RunHandle;
import io.wflaunch.RunStatus;
import io.wflaunch.StartRunRequest;
import io.wflaunch.TrackerOptions;
import io.wflaunch.WaitListener;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.eventbridge.RunEventsSetup;
import io.wflaunch.eventbridge.SetupRequest;
import io.wflaunch.eventbridge.SetupResult;
import io.wflaunch.eventbridge.SqsRunEvents;
import io.wflaunch.spi.events.EventOutcome;
import io.wflaunch.spi.events.RunEventFormat;
import io.wflaunch.stepfunctions.StepFunctionsBackend;
import io.wflaunch.stepfunctions.StepFunctionsProvider;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One process of {@link EventFleetProofTest}'s fleet: sets up its own queue on the fleet's rule and topic
 * ({@link RunEventsSetup#init}), starts its share of the runs, tracks them with events from its queue, and
 * prints what it saw on standard output, one line each:
 * {@code QUEUE <url>}, {@code STARTED <handle>}, {@code TRACKING <runs>}, {@code DONE <handle> <state> <raw status>}
 * (or {@code FAILED <handle> <error>}) for each wait as it ends, and once every run of the fleet has had its
 * event here, {@code SEEN <matched> <stale> <malformed>}, then {@code END}.
 *
 * <p>Arguments: moto's endpoint, the Step Functions endpoint, this process's index, its runs, the fleet's
 * runs, the rule's name, the topic's name.
 */
public final class FleetMember {

  static final String[] MACHINES = {"fleet-succeeds", "fleet-fails", "fleet-aborted"};

  private FleetMember() {}

  public static void main(String[] args) throws Exception {
    URI moto = URI.create(args[0]);
    URI stepFunctions = URI.create(args[1]);
    int index = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    int fleetRuns = Integer.parseInt(args[4]);
    String rule = args[5];
    String topic = args[6];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (SqsClient sqs = ProofAws.sqs(moto); EventBridgeClient bus = ProofAws.events(moto);
        SnsClient sns = ProofAws.sns(moto); SfnClient sfn = ProofAws.sfn(stepFunctions)) {
      RunEventFormat format = new StepFunctionsProvider().runEvents().orElseThrow();
      SetupResult setup = new RunEventsSetup(sqs, bus, sns).init(
          SetupRequest.of("fleet-member-" + index, List.of(format)).withTopicName(topic).withRuleName(rule));
      out.println("QUEUE " + setup.queueUrl());
      CountingEvents source = new CountingEvents(SqsRunEvents.builder().sqsClient(sqs).queueUrl(setup.queueUrl())
          .waitTime(Duration.ofSeconds(1)).build());
      try (WorkflowLauncher launcher = WorkflowLauncher.builder().backend(StepFunctionsBackend.create(sfn))
          .trackerOptions(TrackerOptions.DEFAULT.withRequestsPerSecond(100).withBurst(50)).runEvents(source).build()) {
        source.awaitReceiving(Duration.ofSeconds(30));
        List<RunHandle> handles = new ArrayList<>();
        for (int k = 0; k < runs; k++) {
          RunHandle handle = launcher.start(StartRunRequest.builder(WorkflowTarget.of("sfn", MACHINES[k % 3]))
              .idempotencyKey("member-" + index + "-run-" + k).build());
          handles.add(handle);
          out.println("STARTED " + handle);
        }
        CountDownLatch firstReads = new CountDownLatch(runs);
        List<CompletableFuture<RunStatus>> waits = new ArrayList<>();
        for (RunHandle handle : handles) {
          AtomicBoolean read = new AtomicBoolean();
          WaitOptions options = WaitOptions.DEFAULT.withTimeout(Duration.ofMinutes(5)).withListener(new WaitListener() {
            @Override
            public void onPoll(RunStatus status, Duration nextPollIn) {
              if (read.compareAndSet(false, true)) {
                firstReads.countDown();
              }
            }
          });
          waits.add(launcher.awaitCompletionAsync(handle, options).whenComplete((status, failure) -> {
            synchronized (out) {
              out.println(failure == null ? "DONE " + handle + " " + status.state() + " " + status.rawStatus()
                  : "FAILED " + handle + " " + failure);
            }
          }));
        }
        if (!firstReads.await(120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the runs were not all read within two minutes");
        }
        synchronized (out) {
          out.println("TRACKING " + runs);
        }
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).handle((done, failure) -> null)
            .get(180, TimeUnit.SECONDS);
        source.awaitTotal(fleetRuns, Duration.ofSeconds(60));
        synchronized (out) {
          out.println("SEEN " + source.count(EventOutcome.MATCHED) + " " + source.count(EventOutcome.STALE) + " "
              + source.count(EventOutcome.MALFORMED));
          out.println("END");
        }
      }
    }
  }
}
