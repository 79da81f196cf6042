package io.wflaunch.testkit.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.testkit.ContractScripting.InvalidStart;
import io.wflaunch.testkit.ContractScripting.Outcome;
import io.wflaunch.testkit.VirtualScheduler;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** The Step Functions fake behaves like Step Functions where wflaunch (and its users' tests) rely on it. */
class FakeSfnClientTest {

  private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
  private static final String ROLE = "arn:aws:iam::123456789012:role/r";
  private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeSfnClient sfn = FakeSfnClient.create(time.clock());

  private String start(String machineArn, String name, String input) {
    return sfn.startExecution(r -> r.stateMachineArn(machineArn).name(name).input(input)).executionArn();
  }

  private DescribeExecutionResponse describe(String executionArn) {
    return sfn.describeExecution(r -> r.executionArn(executionArn));
  }

  private List<String> listed(String machineArn) {
    return sfn.listExecutions(r -> r.stateMachineArn(machineArn)).executions().stream()
        .map(ExecutionListItem::executionArn).toList();
  }

  private static ThrowingConsumer<Throwable> status400(String code) {
    return e -> {
      AwsServiceException error = (AwsServiceException) e;
      assertThat(error.statusCode()).isEqualTo(400);
      assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(error.awsErrorDetails().serviceName()).isEqualTo("SFN");
    };
  }

  @Test
  void listStateMachinesRequestsAreCountedThrottledOnesTooAndTheHookRunsOutsideTheLock() throws Exception {
    sfn.addStateMachine("orders", SfnRunScript.runsUntilStopped());
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    sfn.beforeListStateMachines(() -> {
      entered.countDown();
      try {
        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    java.util.concurrent.CompletableFuture<Integer> held = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> sfn.listStateMachines(r -> { }).stateMachines().size());
    assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(sfn.hasStateMachine("orders")).as("the fake answers while a listing is held").isTrue();
    assertThat(sfn.listStateMachinesRequests()).isEqualTo(1);
    release.countDown();
    assertThat(held.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    sfn.beforeListStateMachines(() -> { });
    sfn.throttleNext(1);
    assertThatThrownBy(() -> sfn.listStateMachines(r -> { })).satisfies(status400("ThrottlingException"));
    assertThat(sfn.listStateMachinesRequests()).isEqualTo(2);
  }

  /** Executions unfolding on the clock. */
  @Nested
  class Outcomes {

    @Test
    void executionsFollowTheirScriptOnTheClock() {
      String ok = sfn.addStateMachine("ok", SfnRunScript.succeedsAfter(Duration.ofMinutes(1), "{\"done\":true}"));
      String echo = sfn.addStateMachine("echo", SfnRunScript.succeedsAfter(Duration.ofMinutes(1)));
      String bad = sfn.addStateMachine("bad", SfnRunScript.failsAfter(Duration.ofMinutes(1), "States.TaskFailed", "boom"));
      String slow = sfn.addStateMachine("slow", SfnRunScript.timesOutAfter(Duration.ofMinutes(1)));
      String quit = sfn.addStateMachine("quit", SfnRunScript.abortedAfter(Duration.ofMinutes(1)));
      Instant started = time.now();
      String a = start(ok, "a", null);
      String b = start(echo, "b", "{\"n\":1}");
      String c = start(bad, "c", null);
      String d = start(slow, "d", null);
      String e = start(quit, "e", null);

      assertThat(describe(a).status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(describe(a).stopDate()).isNull();
      assertThat(describe(a).redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
      time.advanceBy(Duration.ofMinutes(1));

      assertThat(describe(a)).satisfies(x -> {
        assertThat(x.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(x.output()).isEqualTo("{\"done\":true}");
        assertThat(x.input()).isEqualTo("{}");
        assertThat(x.startDate()).isEqualTo(started);
        assertThat(x.stopDate()).isEqualTo(time.now());
        assertThat(x.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");
        assertThat(x.error()).isNull();
      });
      assertThat(describe(b).output()).isEqualTo("{\"n\":1}");
      assertThat(describe(c)).satisfies(x -> {
        assertThat(x.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(x.error()).isEqualTo("States.TaskFailed");
        assertThat(x.cause()).isEqualTo("boom");
        assertThat(x.output()).isNull();
        assertThat(x.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        assertThat(x.redriveCount()).isZero();
      });
      assertThat(describe(d).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
      assertThat(describe(d).error()).isEqualTo("States.Timeout");
      assertThat(describe(e).status()).isEqualTo(ExecutionStatus.ABORTED);
      assertThat(describe(e).error()).isNull();
      time.advanceBy(SfnRunScript.REDRIVABLE_PERIOD);
      assertThat(describe(c).redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
      assertThat(describe(c).redriveStatusReason()).isEqualTo("Execution redrivable period exceeded");
    }

    @Test
    void aRedriveByScriptPassesThroughPendingRedriveAndRunsAgain() {
      String m = sfn.addStateMachine("m", SfnRunScript.failsAfter(Duration.ofMinutes(5), "E", "C")
          .redrivenAfter(Duration.ofHours(1), Duration.ofSeconds(10), SfnRunScript.succeedsAfter(Duration.ofMinutes(2))));
      String arn = start(m, "x", null);

      time.advanceBy(Duration.ofMinutes(5));
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).redriveFilter(ExecutionRedriveFilter.REDRIVEN))
          .executions()).isEmpty();
      time.advanceBy(Duration.ofHours(1));
      Instant redriven = time.now();

      assertThat(describe(arn)).satisfies(x -> {
        assertThat(x.status()).isEqualTo(ExecutionStatus.PENDING_REDRIVE);
        assertThat(x.redriveCount()).isEqualTo(1);
        assertThat(x.redriveDate()).isEqualTo(redriven);
        assertThat(x.stopDate()).isNull();
        assertThat(x.error()).isNull();
      });
      time.advanceBy(Duration.ofSeconds(10));
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).redriveFilter(ExecutionRedriveFilter.REDRIVEN))
          .executions()).singleElement().satisfies(item -> {
            assertThat(item.redriveCount()).isEqualTo(1);
            assertThat(item.redriveDate()).isEqualTo(redriven);
          });
      time.advanceBy(Duration.ofMinutes(2));
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(describe(arn).redriveCount()).isEqualTo(1);
    }

    @Test
    void stoppingDuringAPendingRedriveAbortsForGood() {
      String m = sfn.addStateMachine("m", SfnRunScript.timesOutAfter(Duration.ofMinutes(1))
          .redrivenAfter(Duration.ZERO, Duration.ofMinutes(1), SfnRunScript.succeedsAfter(Duration.ofMinutes(1))));
      String arn = start(m, "x", null);
      time.advanceBy(Duration.ofMinutes(1));
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.PENDING_REDRIVE);

      sfn.stopExecution(r -> r.executionArn(arn).error("Operator").cause("not today"));
      time.advanceBy(Duration.ofHours(1));

      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.ABORTED);
      assertThat(describe(arn).error()).isEqualTo("Operator");
      assertThat(describe(arn).redriveCount()).isEqualTo(1);
    }

    @Test
    void scriptsRefuseWhatCannotHappen() {
      assertThatThrownBy(() -> SfnRunScript.succeedsAfter(Duration.ofSeconds(1))
          .redrivenAfter(Duration.ZERO, Duration.ZERO, SfnRunScript.runsUntilStopped()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SfnRunScript.abortedAfter(Duration.ofSeconds(1))
          .redrivenAfter(Duration.ofDays(15), Duration.ZERO, SfnRunScript.runsUntilStopped()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SfnRunScript.succeedsAfter(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sfn.addStateMachine("x", StateMachineType.EXPRESS, SfnRunScript.failsAfter(
          Duration.ZERO, "E", "C").redrivenAfter(Duration.ZERO, Duration.ZERO, SfnRunScript.runsUntilStopped())))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** StartExecution: names, ARNs, idempotency and validation. */
  @Nested
  class Starting {

    @Test
    void arnsLookLikeStepFunctionsAndAnExecutionWithoutANameGetsAUuid() {
      String m = sfn.addStateMachine("orders", SfnRunScript.runsUntilStopped());
      var started = sfn.startExecution(r -> r.stateMachineArn(m));

      assertThat(m).isEqualTo(PREFIX + "stateMachine:orders");
      assertThat(started.executionArn()).matches(PREFIX.replace(".", "\\.")
          + "execution:orders:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(started.startDate()).isEqualTo(time.now());
      assertThat(describe(started.executionArn()).input()).isEqualTo("{}");
      assertThat(start(m, "order-17", "{}")).isEqualTo(PREFIX + "execution:orders:order-17");
      assertThat(describe(PREFIX + "execution:orders:order-17")).satisfies(x -> {
        assertThat(x.name()).isEqualTo("order-17");
        assertThat(x.stateMachineArn()).isEqualTo(m);
        assertThat(x.inputDetails().included()).isTrue();
      });
    }

    @Test
    void theSameNameAndInputWhileRunningIsTheSameExecution() {
      String m = sfn.addStateMachine("m", SfnRunScript.succeedsAfter(Duration.ofMinutes(10)));
      var first = sfn.startExecution(r -> r.stateMachineArn(m).name("k").input("{\"a\":1}"));
      time.advanceBy(Duration.ofMinutes(1));

      var again = sfn.startExecution(r -> r.stateMachineArn(m).name("k").input("{\"a\":1}"));

      assertThat(again).isEqualTo(first);
      assertThat(sfn.executionsOf("m")).hasSize(1);
      assertThatThrownBy(() -> start(m, "k", "{\"a\":2}")).isInstanceOf(ExecutionAlreadyExistsException.class)
          .hasMessageContaining(first.executionArn()).satisfies(status400("ExecutionAlreadyExists"));
    }

    @Test
    void aClosedExecutionsNameIsTakenUntilItsHistoryExpires() {
      String m = sfn.addStateMachine("m", SfnRunScript.succeedsAfter(Duration.ofMinutes(1)));
      String arn = start(m, "k", "{}");
      time.advanceBy(Duration.ofMinutes(1));

      assertThatThrownBy(() -> start(m, "k", "{}")).as("closed, even with the same input")
          .isInstanceOf(ExecutionAlreadyExistsException.class).hasMessageContaining(arn);
      time.advanceBy(FakeSfnClient.HISTORY_RETENTION.minusSeconds(1));
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      time.advanceBy(Duration.ofSeconds(1));

      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(sfn.executionsOf("m")).isEmpty();
      assertThat(start(m, "k", "{\"again\":true}")).isEqualTo(arn);
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void expressStartsAreNeverDeduplicatedAndKeepNoHistory() {
      String x = sfn.addStateMachine("fast", StateMachineType.EXPRESS, SfnRunScript.succeedsAfter(Duration.ofSeconds(3)));

      String one = start(x, "same", "{}");
      String two = start(x, "same", "{}");

      String pattern = PREFIX.replace(".", "\\.") + "express:fast:same:[0-9a-f-]{36}";
      assertThat(one).matches(pattern).isNotEqualTo(two);
      assertThat(two).matches(pattern);
      assertThat(sfn.executionsOf("fast")).extracting(DescribeExecutionResponse::executionArn).containsExactly(one, two);
      assertThat(sfn.runCount(WorkflowTarget.of("sfn", "fast"))).isEqualTo(2);
      assertThatThrownBy(() -> describe(one)).isInstanceOf(InvalidArnException.class)
          .hasMessageContaining("Resource type not valid in this context: express");
      assertThatThrownBy(() -> sfn.stopExecution(r -> r.executionArn(one))).isInstanceOf(InvalidArnException.class);
      assertThatThrownBy(() -> listed(x)).isInstanceOf(StateMachineTypeNotSupportedException.class)
          .satisfies(status400("StateMachineTypeNotSupported"));
    }

    @Test
    void namesAreCheckedForLengthByTheModelAndForCharactersByTheService() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());

      assertThat(start(m, "n".repeat(80), "{}")).endsWith(":" + "n".repeat(80));
      assertThatThrownBy(() -> start(m, "n".repeat(81), "{}")).isInstanceOf(ValidationException.class)
          .hasMessageContaining("Member must have length less than or equal to 80")
          .satisfies(status400("ValidationException"));
      assertThatThrownBy(() -> start(m, "", "{}")).isInstanceOf(ValidationException.class);
      List<String> refused = new ArrayList<>(List.of("a b", "a\tb", "a\u00a0b", "a\u2003b", "a\u0001b", "a\u007fb",
          "a\u009fb", "a\ufffeb", "a\ud800b"));
      "<>{}[]?*\"#%\\^|~`$&,;:/".chars().forEach(c -> refused.add("a" + (char) c + "b"));
      for (String name : refused) {
        assertThatThrownBy(() -> start(m, name, "{}")).as("name %s", name).isInstanceOf(InvalidNameException.class)
            .satisfies(status400("InvalidName"));
      }
      assertThat(start(m, "ok-_.+=@!'()\u00e9\uD83D\uDE00", "{}")).isNotBlank();
      assertThat(sfn.runCount(WorkflowTarget.of("sfn", "m"))).isEqualTo(2);
    }

    @Test
    void inputMustBeJsonOfAtMost256KibInUtf8() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());

      for (String bad : List.of("not json", "{\"a\":1} {}", "{", "", "  ", "{'a':1}", "NaN")) {
        assertThatThrownBy(() -> start(m, null, bad)).as("input %s", bad)
            .isInstanceOf(InvalidExecutionInputException.class).satisfies(status400("InvalidExecutionInput"));
      }
      assertThat(start(m, "string", "\"just a string\"")).isNotBlank();
      assertThat(start(m, "largest", "\"" + "x".repeat(262_142) + "\"")).isNotBlank();
      assertThatThrownBy(() -> start(m, null, "\"" + "x".repeat(262_143) + "\""))
          .as("more characters than the model allows").isInstanceOf(ValidationException.class)
          .hasMessageContaining("'input'").hasMessageNotContaining("xxx");
      String twoByteChars = "\"" + "\u00e9".repeat(131_072) + "\"";
      assertThatThrownBy(() -> start(m, null, twoByteChars)).as("few characters, too many UTF-8 bytes")
          .isInstanceOf(InvalidExecutionInputException.class);
    }

    @Test
    void traceHeadersAreAtMost256AsciiCharacters() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());

      assertThat(sfn.startExecution(r -> r.stateMachineArn(m).traceHeader("t".repeat(256))).executionArn()).isNotBlank();
      assertThat(describe(sfn.executionsOf("m").get(0).executionArn()).traceHeader()).isEqualTo("t".repeat(256));
      assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(m).traceHeader("t".repeat(257))))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(m).traceHeader("caf\u00e9")))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    void machineArnsAreCheckedThenLookedUp() {
      sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());

      assertThatThrownBy(() -> start(PREFIX + "stateMachine:nope", null, null))
          .isInstanceOf(StateMachineDoesNotExistException.class).hasMessageContaining(PREFIX + "stateMachine:nope")
          .satisfies(status400("StateMachineDoesNotExist"));
      assertThatThrownBy(() -> start("arn:aws:states:eu-west-1:123456789012:stateMachine:m", null, null))
          .as("another region").isInstanceOf(StateMachineDoesNotExistException.class);
      assertThatThrownBy(() -> start(PREFIX + "stateMachine:m:PROD", null, null)).as("an alias the fake lacks")
          .isInstanceOf(StateMachineDoesNotExistException.class);
      for (String malformed : List.of("nope", "arn:aws:states:us-east-1:1234:stateMachine:m",
          "arn:aws:glue:us-east-1:123456789012:stateMachine:m", "arn:aws:states:us-east-1:123456789012:stateMachine:")) {
        assertThatThrownBy(() -> start(malformed, null, null)).as(malformed).isInstanceOf(InvalidArnException.class)
            .satisfies(status400("InvalidArn"));
      }
      assertThatThrownBy(() -> start(PREFIX + "activity:m", null, null)).isInstanceOf(InvalidArnException.class)
          .hasMessageContaining("Resource type not valid in this context: activity");
      assertThatThrownBy(() -> sfn.startExecution(StartExecutionRequest.builder().build()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("stateMachineArn");
    }
  }

  /** DescribeExecution and StopExecution. */
  @Nested
  class Reading {

    @Test
    void unknownAndMalformedExecutionArns() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());

      assertThatThrownBy(() -> describe(PREFIX + "execution:m:none")).isInstanceOf(ExecutionDoesNotExistException.class)
          .hasMessageContaining(PREFIX + "execution:m:none").satisfies(status400("ExecutionDoesNotExist"));
      assertThatThrownBy(() -> describe(m)).isInstanceOf(InvalidArnException.class);
      assertThatThrownBy(() -> describe("arn:aws:states:us-east-1:123456789012:execution:m")).isInstanceOf(
          InvalidArnException.class);
      assertThatThrownBy(() -> describe("not an arn")).isInstanceOf(InvalidArnException.class);
      assertThatThrownBy(() -> sfn.stopExecution(r -> r.executionArn(PREFIX + "execution:m:none")))
          .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void stoppingAbortsARunningExecutionAtOnceAndLeavesAClosedOneAsItIs() {
      String m = sfn.addStateMachine("m", SfnRunScript.succeedsAfter(Duration.ofMinutes(10)));
      String running = start(m, "a", null);
      String done = start(m, "b", null);
      time.advanceBy(Duration.ofMinutes(10));
      Instant doneAt = time.now();
      String late = start(m, "c", null);
      time.advanceBy(Duration.ofMinutes(1));

      assertThat(sfn.stopExecution(r -> r.executionArn(late).error("Operator.Stop").cause("wrong input")).stopDate())
          .isEqualTo(time.now());
      assertThat(describe(late)).satisfies(x -> {
        assertThat(x.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(x.error()).isEqualTo("Operator.Stop");
        assertThat(x.cause()).isEqualTo("wrong input");
        assertThat(x.stopDate()).isEqualTo(time.now());
        assertThat(x.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
      });
      time.advanceBy(Duration.ofHours(1));
      assertThat(describe(late).status()).as("a stop is final").isEqualTo(ExecutionStatus.ABORTED);
      assertThat(sfn.stopExecution(r -> r.executionArn(done)).stopDate()).isEqualTo(doneAt);
      assertThat(describe(done).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(describe(running).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThatThrownBy(() -> sfn.stopExecution(r -> r.executionArn(late).error("e".repeat(257))))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    void otherOperationsAreUnsupported() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());

      assertThatThrownBy(() -> sfn.startSyncExecution(r -> r.stateMachineArn(m)))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  /** RedriveExecution. */
  @Nested
  class Redriving {

    private String failed(String name) {
      String m = sfn.hasStateMachine("jobs") ? PREFIX + "stateMachine:jobs"
          : sfn.addStateMachine("jobs", SfnRunScript.failsAfter(Duration.ofMinutes(1), "Oops", "it broke"));
      String arn = sfn.startExecution(r -> r.stateMachineArn(m).name(name)).executionArn();
      time.advanceBy(Duration.ofMinutes(2));
      return arn;
    }

    @Test
    void aFailedExecutionIsPendingRedriveThenRunsAgainAndOneTokenRedrivesOnce() {
      String arn = failed("a");

      Instant first = sfn.redriveExecution(r -> r.executionArn(arn).clientToken("t1")).redriveDate();
      Instant again = sfn.redriveExecution(r -> r.executionArn(arn).clientToken("t1")).redriveDate();

      assertThat(again).isEqualTo(first).isEqualTo(time.now());
      DescribeExecutionResponse pending = sfn.describeExecution(r -> r.executionArn(arn));
      assertThat(pending.status()).isEqualTo(ExecutionStatus.PENDING_REDRIVE);
      assertThat(pending.redriveCount()).isEqualTo(1);
      assertThat(pending.redriveDate()).isEqualTo(first);
      time.advanceBy(FakeSfnClient.API_REDRIVE_PENDING);
      assertThat(sfn.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(sfn.redriveRequests()).isEqualTo(2);
    }

    @Test
    void aRedrivenExecutionThatFailsAgainCanBeRedrivenAgainWithAnotherToken() {
      String arn = failed("b");
      sfn.redriveExecution(r -> r.executionArn(arn).clientToken("t1"));
      time.advanceBy(Duration.ofMinutes(2));

      DescribeExecutionResponse failedAgain = sfn.describeExecution(r -> r.executionArn(arn));
      assertThat(failedAgain.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(failedAgain.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
      sfn.redriveExecution(r -> r.executionArn(arn).clientToken("t2"));
      assertThat(sfn.describeExecution(r -> r.executionArn(arn)).redriveCount()).isEqualTo(2);
    }

    @Test
    void anOpenOrSucceededExecutionOrOnePastFourteenDaysIsNotRedrivable() {
      String running = sfn.startExecution(r -> r.stateMachineArn(sfn.addStateMachine("forever",
          SfnRunScript.runsUntilStopped())).name("r")).executionArn();
      String done = sfn.startExecution(r -> r.stateMachineArn(sfn.addStateMachine("ok",
          SfnRunScript.succeedsAfter(Duration.ofSeconds(1)))).name("s")).executionArn();
      String old = failed("c");
      time.advanceBy(SfnRunScript.REDRIVABLE_PERIOD);

      assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(running).clientToken("x")))
          .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("RUNNING");
      assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(done).clientToken("x")))
          .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("SUCCEEDED");
      assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(old).clientToken("x")))
          .isInstanceOf(ExecutionNotRedrivableException.class).hasMessageContaining("period exceeded");
      assertThat(sfn.describeExecution(r -> r.executionArn(old)).redriveStatus())
          .isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
    }

    @Test
    void anAbortedExecutionIsRedrivenAndCanBeStoppedAgain() {
      String m = sfn.addStateMachine("stoppable", SfnRunScript.runsUntilStopped());
      String arn = sfn.startExecution(r -> r.stateMachineArn(m).name("d")).executionArn();
      sfn.stopExecution(r -> r.executionArn(arn));
      time.advanceBy(Duration.ofSeconds(1));

      sfn.redriveExecution(r -> r.executionArn(arn).clientToken("t1"));
      time.advanceBy(Duration.ofSeconds(5));
      assertThat(sfn.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
      sfn.stopExecution(r -> r.executionArn(arn).error("E2"));
      DescribeExecutionResponse stopped = sfn.describeExecution(r -> r.executionArn(arn));
      assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
      assertThat(stopped.error()).isEqualTo("E2");
      assertThat(stopped.redriveCount()).isEqualTo(1);
    }

    @Test
    void aMissingExecutionOrAMalformedTokenIsRefused() {
      failed("e");

      assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(PREFIX + "execution:jobs:nope")))
          .isInstanceOf(software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.class);
      assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(PREFIX + "execution:jobs:e")
          .clientToken("x".repeat(65)))).isInstanceOf(software.amazon.awssdk.services.sfn.model.ValidationException.class);
    }
  }

  /** ListExecutions. */
  @Nested
  class Listing {

    @Test
    void newestFirstPagedWithATokenAndFilteredByStatus() {
      String m = sfn.addStateMachine("m", SfnRunScript.succeedsAfter(Duration.ofMinutes(3)));
      List<String> started = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        started.add(start(m, "e" + i, null));
        time.advanceBy(Duration.ofMinutes(1));
      }

      ListExecutionsResponse first = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(2));
      ListExecutionsResponse second = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(2)
          .nextToken(first.nextToken()));
      ListExecutionsResponse third = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(2)
          .nextToken(second.nextToken()));

      List<String> all = new ArrayList<>();
      List.of(first, second, third).forEach(page -> page.executions().forEach(x -> all.add(x.executionArn())));
      List<String> newestFirst = new ArrayList<>(started);
      Collections.reverse(newestFirst);
      assertThat(all).containsExactlyElementsOf(newestFirst);
      assertThat(third.nextToken()).isNull();
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.SUCCEEDED)).executions())
          .extracting(ExecutionListItem::executionArn).containsExactly(started.get(2), started.get(1), started.get(0));
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.RUNNING)).executions())
          .extracting(ExecutionListItem::executionArn).containsExactly(started.get(4), started.get(3));
      assertThat(first.executions().get(0)).satisfies(item -> {
        assertThat(item.name()).isEqualTo("e4");
        assertThat(item.stateMachineArn()).isEqualTo(m);
        assertThat(item.startDate()).isEqualTo(time.now().minus(Duration.ofMinutes(1)));
        assertThat(item.redriveCount()).isZero();
      });
    }

    @Test
    void aNewExecutionBetweenPagesDoesNotShiftThePages() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      String a = start(m, "a", null);
      String b = start(m, "b", null);
      ListExecutionsResponse first = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1));
      start(m, "c", null);

      ListExecutionsResponse second = sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1)
          .nextToken(first.nextToken()));

      assertThat(first.executions()).extracting(ExecutionListItem::executionArn).containsExactly(b);
      assertThat(second.executions()).extracting(ExecutionListItem::executionArn).containsExactly(a);
      assertThat(second.nextToken()).isNull();
    }

    @Test
    void pageSizesTokensAndMachinesAreChecked() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      String other = sfn.addStateMachine("other", SfnRunScript.runsUntilStopped());
      for (int i = 0; i < 101; i++) {
        start(m, null, null);
      }
      start(other, null, null);
      start(other, null, null);

      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m)).executions()).hasSize(100);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(0)).executions()).as("0 is the default")
          .hasSize(100);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1000)).executions()).hasSize(101);
      assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1001)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("maxResults");
      assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(-1)))
          .isInstanceOf(ValidationException.class);
      String otherToken = sfn.listExecutions(r -> r.stateMachineArn(other).maxResults(1)).nextToken();
      assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(m).nextToken(otherToken)))
          .isInstanceOf(InvalidTokenException.class).satisfies(status400("InvalidToken"));
      assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(m).nextToken("garbage!")))
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(PREFIX + "stateMachine:none")))
          .isInstanceOf(StateMachineDoesNotExistException.class);
      assertThatThrownBy(() -> sfn.listExecutions(ListExecutionsRequest.builder().build()))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> sfn.listExecutions(r -> r.stateMachineArn(m).statusFilter("SLEEPING")))
          .isInstanceOf(ValidationException.class);
    }

    @Test
    void theSdkPaginatorWalksEveryPage() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      for (int i = 0; i < 7; i++) {
        start(m, "e" + i, null);
      }

      assertThat(sfn.listExecutionsPaginator(r -> r.stateMachineArn(m).maxResults(3)).executions())
          .extracting(ExecutionListItem::name).containsExactly("e6", "e5", "e4", "e3", "e2", "e1", "e0");
      List<String> viaAsync = new ArrayList<>();
      sfn.asyncClient().listExecutionsPaginator(r -> r.stateMachineArn(m).maxResults(2)).executions()
          .subscribe(item -> viaAsync.add(item.name())).join();
      assertThat(viaAsync).containsExactly("e6", "e5", "e4", "e3", "e2", "e1", "e0");
    }
  }

  /** The listing lag over ListExecutions and DescribeExecution. */
  @Nested
  class ListingLag {

    @Test
    void aLagInReadsHidesANewExecutionFromThatManyListingsAndDescribes() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      String other = sfn.addStateMachine("other", SfnRunScript.runsUntilStopped());
      String before = start(m, "before", null);
      sfn.listingLag(3);
      String arn = start(m, "new", "{}");

      assertThat(listed(other)).as("another machine's listing does not count").isEmpty();
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.SUCCEEDED)).executions())
          .as("a listing whose filter leaves it out does not count").isEmpty();
      assertThat(start(m, "new", "{}")).as("the start's name check sees it at once").isEqualTo(arn);
      assertThat(listed(m)).containsExactly(before);
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class)
          .hasMessageContaining(arn);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).maxResults(1)).executions())
          .as("a read of any page counts").extracting(ExecutionListItem::executionArn).containsExactly(before);
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(listed(m)).containsExactly(arn, before);
      assertThat(sfn.executionsOf("m")).hasSize(2);
    }

    @Test
    void stopSeesAHiddenExecutionAtOnce() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.listingLag(1);
      String arn = start(m, "x", null);

      sfn.stopExecution(r -> r.executionArn(arn));

      assertThat(sfn.executionsOf("m")).singleElement()
          .satisfies(x -> assertThat(x.status()).isEqualTo(ExecutionStatus.ABORTED));
    }

    @Test
    void aLagInTimeHidesANewExecutionUntilThatLongAfterItsStart() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.listingLag(Duration.ofSeconds(30));
      String arn = start(m, "x", null);

      assertThat(listed(m)).isEmpty();
      time.advanceBy(Duration.ofSeconds(29));
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
      time.advanceBy(Duration.ofSeconds(1));
      assertThat(listed(m)).containsExactly(arn);
      assertThat(describe(arn).executionArn()).isEqualTo(arn);
    }

    @Test
    void withBothLagsBothMustHavePassed() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.listingLag(1).listingLag(Duration.ofSeconds(10));
      String arn = start(m, "x", null);

      time.advanceBy(Duration.ofSeconds(10));
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(listed(m)).containsExactly(arn);
      assertThatThrownBy(() -> sfn.listingLag(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sfn.listingLag(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDescribeLagHidesANewExecutionFromDescribeExecutionOnlyForThatManyReads() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      String before = start(m, "before", null);
      sfn.describeLag(2);
      String arn = start(m, "new", null);

      assertThat(listed(m)).as("the listing shows it at once").containsExactly(arn, before);
      assertThat(describe(before).executionArn()).as("an execution started before the lag").isEqualTo(before);
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class)
          .satisfies(status400("ExecutionDoesNotExist"));
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(listed(m)).as("listings do not use up the describe lag").containsExactly(arn, before);
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void aDescribeLagInTimeEndsThatLongAfterTheStart() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.describeLag(Duration.ofSeconds(5));
      String arn = start(m, "x", null);

      time.advanceBy(Duration.ofSeconds(4));
      assertThatThrownBy(() -> describe(arn)).isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(listed(m)).containsExactly(arn);
      time.advanceBy(Duration.ofSeconds(1));
      assertThat(describe(arn).executionArn()).isEqualTo(arn);
    }

    @Test
    void aListExecutionsLagHidesANewExecutionFromListingsOnly() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.listExecutionsLag(2);
      String arn = start(m, "x", null);

      assertThat(describe(arn).status()).as("DescribeExecution shows it at once").isEqualTo(ExecutionStatus.RUNNING);
      assertThat(sfn.listExecutions(r -> r.stateMachineArn(m).statusFilter(ExecutionStatus.FAILED)).executions())
          .as("a listing whose filter leaves it out does not count").isEmpty();
      assertThat(listed(m)).isEmpty();
      assertThat(describe(arn).executionArn()).isEqualTo(arn);
      assertThat(listed(m)).isEmpty();
      assertThat(listed(m)).containsExactly(arn);
    }

    @Test
    void aListExecutionsLagInTimeEndsThatLongAfterTheStart() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.listExecutionsLag(Duration.ofSeconds(5));
      String arn = start(m, "x", null);

      time.advanceBy(Duration.ofSeconds(4));
      assertThat(listed(m)).isEmpty();
      assertThat(describe(arn).executionArn()).isEqualTo(arn);
      time.advanceBy(Duration.ofSeconds(1));
      assertThat(listed(m)).containsExactly(arn);
    }

    @Test
    void aReadIsHiddenUntilItsOwnLagAndTheSharedOneHaveBothPassed() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.listingLag(1).describeLag(2);
      String arn = start(m, "x", null);

      assertThatThrownBy(() -> describe(arn)).as("both lags").isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(listed(m)).as("the shared lag was used up by the describe").containsExactly(arn);
      assertThatThrownBy(() -> describe(arn)).as("its own lag").isInstanceOf(ExecutionDoesNotExistException.class);
      assertThat(describe(arn).executionArn()).isEqualTo(arn);
      assertThatThrownBy(() -> sfn.describeLag(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sfn.describeLag(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sfn.listExecutionsLag(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sfn.listExecutionsLag(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** State machines. */
  @Nested
  class StateMachines {

    @Test
    void createdMachinesAreStandardByDefaultAndRunTheDefaultScript() {
      sfn.defaultScript(SfnRunScript.succeedsAfter(Duration.ofSeconds(5)));
      var created = sfn.createStateMachine(r -> r.name("made").definition(PASS).roleArn(ROLE));
      var express = sfn.createStateMachine(r -> r.name("quick").definition(PASS).roleArn(ROLE)
          .type(StateMachineType.EXPRESS));
      String arn = start(created.stateMachineArn(), "x", null);
      time.advanceBy(Duration.ofSeconds(5));

      assertThat(created.stateMachineArn()).isEqualTo(PREFIX + "stateMachine:made");
      assertThat(created.creationDate()).isEqualTo(VirtualScheduler.DEFAULT_ORIGIN);
      assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(created.stateMachineArn()))).satisfies(d -> {
        assertThat(d.name()).isEqualTo("made");
        assertThat(d.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(d.definition()).isEqualTo(PASS);
        assertThat(d.roleArn()).isEqualTo(ROLE);
        assertThat(d.statusAsString()).isEqualTo("ACTIVE");
      });
      assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(express.stateMachineArn())).type())
          .isEqualTo(StateMachineType.EXPRESS);
      assertThat(sfn.hasStateMachine("made")).isTrue();
      assertThat(sfn.hasStateMachine("unmade")).isFalse();
    }

    @Test
    void creatingIsIdempotentOnNameDefinitionAndType() {
      var first = sfn.createStateMachine(r -> r.name("m").definition(PASS).roleArn(ROLE));
      time.advanceBy(Duration.ofMinutes(1));

      var again = sfn.createStateMachine(r -> r.name("m").definition(PASS)
          .roleArn("arn:aws:iam::123456789012:role/other"));

      assertThat(again.creationDate()).isEqualTo(first.creationDate());
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m").definition(PASS).roleArn(ROLE)
          .type(StateMachineType.EXPRESS))).isInstanceOf(StateMachineAlreadyExistsException.class)
          .satisfies(status400("StateMachineAlreadyExists"));
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m").definition(PASS.replace("\"P\"", "\"Q\""))
          .roleArn(ROLE))).isInstanceOf(StateMachineAlreadyExistsException.class);
    }

    @Test
    void creatingChecksNameDefinitionAndRole() {
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("bad name").definition(PASS).roleArn(ROLE)))
          .isInstanceOf(InvalidNameException.class);
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m".repeat(81)).definition(PASS).roleArn(ROLE)))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m").definition("not json").roleArn(ROLE)))
          .isInstanceOf(InvalidDefinitionException.class).satisfies(status400("InvalidDefinition"));
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m").definition("{\"States\":{}}").roleArn(ROLE)))
          .isInstanceOf(InvalidDefinitionException.class);
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m").definition(PASS).roleArn("role")))
          .isInstanceOf(InvalidArnException.class);
      assertThatThrownBy(() -> sfn.createStateMachine(r -> r.name("m").definition(PASS)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("roleArn");
      assertThatThrownBy(() -> sfn.addStateMachine("a/b", SfnRunScript.runsUntilStopped()))
          .isInstanceOf(InvalidNameException.class);
      assertThat(sfn.hasStateMachine("m")).isFalse();
    }

    @Test
    void listingMachinesPagesByName() {
      for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
        sfn.addStateMachine(name, SfnRunScript.runsUntilStopped());
      }
      sfn.addStateMachine("fox", StateMachineType.EXPRESS, SfnRunScript.runsUntilStopped());

      var first = sfn.listStateMachines(r -> r.maxResults(4));
      var second = sfn.listStateMachines(r -> r.maxResults(4).nextToken(first.nextToken()));

      assertThat(first.stateMachines()).extracting(StateMachineListItem::name)
          .containsExactly("alpha", "bravo", "charlie", "delta");
      assertThat(second.stateMachines()).extracting(StateMachineListItem::name).containsExactly("echo", "fox");
      assertThat(second.stateMachines().get(1).type()).isEqualTo(StateMachineType.EXPRESS);
      assertThat(second.nextToken()).isNull();
      assertThat(sfn.listStateMachinesPaginator(r -> r.maxResults(1)).stateMachines()).hasSize(6);
      assertThatThrownBy(() -> sfn.listStateMachines(r -> r.nextToken("bogus"))).isInstanceOf(InvalidTokenException.class);
    }
  }

  /** Faults, and the async client. */
  @Nested
  class FaultsAndAsync {

    @Test
    void faultsThrottleFailDenyAndLoseResponses() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      sfn.faults().denyNext(1);
      assertThatThrownBy(() -> start(m, null, null)).isExactlyInstanceOf(SfnException.class)
          .satisfies(status400("AccessDeniedException"));
      sfn.faults().throttleNext(1);
      assertThatThrownBy(() -> start(m, null, null)).isExactlyInstanceOf(SfnException.class)
          .isInstanceOfSatisfying(SfnException.class, e -> assertThat(e.isThrottlingException()).isTrue())
          .satisfies(status400("ThrottlingException"));
      sfn.faults().failNext(1);
      assertThatThrownBy(() -> listed(m)).isInstanceOfSatisfying(SfnException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.isThrottlingException()).isFalse();
      });
      assertThat(sfn.executionsOf("m")).as("refused requests have no effect").isEmpty();

      sfn.faults().loseNextStartResponses(1);
      assertThatThrownBy(() -> start(m, "lost", "{}")).isInstanceOf(SdkClientException.class)
          .hasMessageContaining("Read timed out").hasCauseInstanceOf(SocketTimeoutException.class);
      assertThat(sfn.executionsOf("m")).as("the lost start created its execution")
          .extracting(DescribeExecutionResponse::name).containsExactly("lost");
      assertThat(start(m, "lost", "{}")).isEqualTo(PREFIX + "execution:m:lost");
      assertThat(sfn.requestCount()).isEqualTo(5);
    }

    @Test
    void theAsyncClientSharesTheStateAndCompletesBeforeItReturns() {
      String m = sfn.addStateMachine("m", SfnRunScript.runsUntilStopped());
      var async = sfn.asyncClient();

      String arn = async.startExecution(r -> r.stateMachineArn(m).name("x")).join().executionArn();

      assertThat(describe(arn).name()).isEqualTo("x");
      assertThat(async.describeExecution(r -> r.executionArn(arn)).join().status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(async.listExecutions(r -> r.stateMachineArn(m)).join().executions()).hasSize(1);
      assertThat(async.stopExecution(r -> r.executionArn(arn))).isCompleted();
      assertThat(async.describeExecution(r -> r.executionArn(PREFIX + "execution:m:y")))
          .isCompletedExceptionally();
      assertThat(async.listStateMachines(r -> { }).join().stateMachines()).hasSize(1);
      assertThat(async.describeStateMachine(r -> r.stateMachineArn(m)).join().name()).isEqualTo("m");
      assertThat(async.createStateMachine(r -> r.name("n").definition(PASS).roleArn(ROLE))).isCompleted();
      assertThat(async.serviceName()).isEqualTo("states");
    }
  }

  /** What the contract suite drives. */
  @Nested
  class Scripting {

    @Test
    void contractWorkflowsReachTheirOutcomes() {
      WorkflowTarget succeed = sfn.createWorkflow(Outcome.SUCCEED, Duration.ofMinutes(5));
      WorkflowTarget fail = sfn.createWorkflow(Outcome.FAIL, Duration.ofMinutes(5));
      WorkflowTarget stopped = sfn.createWorkflow(Outcome.STOPPED, Duration.ofMinutes(5));
      WorkflowTarget forever = sfn.createWorkflow(Outcome.RUN_UNTIL_STOPPED, Duration.ofMinutes(5));
      List<String> arns = new ArrayList<>();
      for (WorkflowTarget target : List.of(succeed, fail, stopped, forever)) {
        assertThat(target.backend()).isEqualTo("sfn");
        arns.add(start(PREFIX + "stateMachine:" + target.part(0), null, null));
      }
      time.advanceBy(Duration.ofHours(5));

      assertThat(succeed.part(0)).isEqualTo("contract-machine-1");
      assertThat(arns).extracting(arn -> describe(arn).status()).containsExactly(ExecutionStatus.SUCCEEDED,
          ExecutionStatus.FAILED, ExecutionStatus.ABORTED, ExecutionStatus.RUNNING);
      assertThat(describe(arns.get(1)).error()).isEqualTo("States.TaskFailed");
      assertThat(describe(arns.get(1)).cause()).isNotBlank();
      sfn.stopExecution(r -> r.executionArn(arns.get(3)));
      assertThat(describe(arns.get(3)).status()).isEqualTo(ExecutionStatus.ABORTED);
      assertThat(sfn.runCount(succeed)).isEqualTo(1);
    }

    @Test
    void missingThingsAreWellFormedAndMissing() {
      WorkflowTarget workflow = sfn.createWorkflow(Outcome.SUCCEED, Duration.ofMinutes(5));
      RunHandle missing = sfn.missingRun(workflow);

      assertThat(sfn.missingWorkflow()).isEqualTo(WorkflowTarget.of("sfn", "no-such-machine"));
      assertThat(sfn.hasStateMachine("no-such-machine")).isFalse();
      assertThat(missing).isEqualTo(RunHandle.of("sfn", PREFIX + "execution:contract-machine-1:no-such-execution"));
      assertThatThrownBy(() -> describe(missing.part(0))).isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void invalidStartsNameTheirFields() {
      WorkflowTarget workflow = sfn.createWorkflow(Outcome.SUCCEED, Duration.ofMinutes(5));

      List<InvalidStart> cases = sfn.invalidStarts(workflow);

      assertThat(cases).extracting(InvalidStart::field).containsExactly("input", "input", "input", "options",
          "stateMachine");
      assertThat(cases.get(1).request().input()).hasValueSatisfying(input -> assertThat(input).hasSize(262_145));
      assertThat(cases.get(4).request().target()).isEqualTo(WorkflowTarget.of("sfn", "bad name"));
    }

    @Test
    void scriptingHooksReachTheFake() {
      WorkflowTarget workflow = sfn.createWorkflow(Outcome.RUN_UNTIL_STOPPED, Duration.ofMinutes(5));
      String m = PREFIX + "stateMachine:" + workflow.part(0);
      sfn.lagListings(1);
      sfn.throttleNext(1);
      sfn.loseNextStartResponses(1);

      assertThatThrownBy(() -> start(m, "x", null)).isInstanceOf(SfnException.class);
      assertThatThrownBy(() -> start(m, "x", null)).isInstanceOf(SdkClientException.class);
      assertThat(listed(m)).isEmpty();
      assertThat(listed(m)).hasSize(1);
      assertThat(sfn.requestCount()).isEqualTo(4);
      assertThat(sfn.runCount(workflow)).isEqualTo(1);
    }
  }
}
