package io.wflaunch.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.wflaunch.BackendOptions;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.RunHandle;
import io.wflaunch.RunState;
import io.wflaunch.RunStatus;
import io.wflaunch.StartPolicy;
import io.wflaunch.StartRunRequest;
import io.wflaunch.WorkflowLauncher;
import io.wflaunch.WorkflowNotFoundException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.spi.BatchRead;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueAsyncClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsRequest;
import software.amazon.awssdk.services.glue.model.GetWorkflowRunsResponse;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StartWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunRequest;
import software.amazon.awssdk.services.glue.model.StopWorkflowRunResponse;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/** The Glue backend over a Mockito-mocked GlueClient: exactly what it sends, and what it makes of answers. */
class GlueBackendTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final WorkflowTarget ETL = WorkflowTarget.of("glue", "nightly-etl");
  private static final String KEY_PROPERTY = GlueOptions.DEFAULT_IDEMPOTENCY_PROPERTY;

  /** Three attempts; two look-up reads settle an unknown outcome. No pauses: the tests run on a fixed clock. */
  private static final StartPolicy POLICY = StartPolicy.builder().maxAttempts(3).lookUps(2, Duration.ZERO).build()
      .withoutPauses();

  private final GlueClient glue = mock(GlueClient.class);
  private final GlueBackend backend = GlueBackend.builder(glue).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private final WorkflowLauncher launcher = WorkflowLauncher.builder().backend(backend).startPolicy(POLICY).build();

  @AfterEach
  void close() {
    launcher.close();
  }

  private static WorkflowRun run(String id, Instant startedOn, Map<String, String> properties) {
    return WorkflowRun.builder().name("nightly-etl").workflowRunId(id).startedOn(startedOn)
        .status(WorkflowRunStatus.RUNNING).workflowRunProperties(properties).build();
  }

  private static GetWorkflowRunsResponse page(String nextToken, WorkflowRun... runs) {
    return GetWorkflowRunsResponse.builder().runs(runs).nextToken(nextToken).build();
  }

  private static AwsServiceException internalError() {
    return InternalServiceException.builder().statusCode(500).message("internal")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServiceException").errorMessage("internal").build())
        .build();
  }

  @Nested
  class Requests {

    @Test
    void aStartSendsTheNameAndTheParametersInOrderThenTheExtraProperties() {
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_1").build());
      GlueOptions options = GlueOptions.builder().runProperty("team", "data").build();

      RunHandle handle = launcher.start(StartRunRequest.builder(ETL)
          .parameter("zeta", "1").parameter("alpha", "2").parameter("mid", "3").options(options).build());

      ArgumentCaptor<StartWorkflowRunRequest> sent = ArgumentCaptor.forClass(StartWorkflowRunRequest.class);
      verify(glue).startWorkflowRun(sent.capture());
      assertThat(sent.getValue().name()).isEqualTo("nightly-etl");
      assertThat(sent.getValue().runProperties()).containsKeys("zeta", "alpha", "mid", "team", KEY_PROPERTY);
      assertThat(List.copyOf(sent.getValue().runProperties().keySet()))
          .containsExactly("zeta", "alpha", "mid", "team", KEY_PROPERTY);
      assertThat(sent.getValue().runProperties().get(KEY_PROPERTY))
          .as("a keyless start carries a key generated for the call").matches("wfl-[0-9a-f-]{36}");
      assertThat(sent.getValue().overrideConfiguration())
          .as("the SDK's retries are off: the start protocol owns them")
          .hasValueSatisfying(override -> assertThat(override.plugins()).hasSize(1));
      assertThat(handle).isEqualTo(RunHandle.of("glue", "nightly-etl", "wr_1"));
      verify(glue, never()).getWorkflowRuns(any(GetWorkflowRunsRequest.class));
    }

    @Test
    void aStartWithoutParametersSendsOnlyItsGeneratedKey() {
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_1").build());

      launcher.start(StartRunRequest.builder(ETL).build());
      launcher.start(StartRunRequest.builder(ETL).build());

      ArgumentCaptor<StartWorkflowRunRequest> sent = ArgumentCaptor.forClass(StartWorkflowRunRequest.class);
      verify(glue, times(2)).startWorkflowRun(sent.capture());
      assertThat(sent.getAllValues()).allSatisfy(request -> assertThat(request.runProperties()).containsOnlyKeys(KEY_PROPERTY));
      assertThat(sent.getAllValues().get(0).runProperties()).as("each call has its own key")
          .isNotEqualTo(sent.getAllValues().get(1).runProperties());
    }

    @Test
    void aKeyedStartLooksFirstThenSendsTheKeyLastThenConfirmsTheRunIsVisibleAllWithTheSdkRetriesOff() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page(null))
          .thenReturn(page(null, run("wr_2", NOW, Map.of("date", "2026-11-23", KEY_PROPERTY, "etl-2026-11-23"))));
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_2").build());

      StartRunRequest keyed = StartRunRequest.builder(ETL).parameter("date", "2026-11-23")
          .idempotencyKey("etl-2026-11-23").build();
      launcher.start(keyed);

      ArgumentCaptor<GetWorkflowRunsRequest> looked = ArgumentCaptor.forClass(GetWorkflowRunsRequest.class);
      verify(glue, times(2)).getWorkflowRuns(looked.capture());
      assertThat(looked.getAllValues()).allSatisfy(request -> {
        assertThat(request.name()).isEqualTo("nightly-etl");
        assertThat(request.includeGraph()).isFalse();
        assertThat(request.maxResults()).isEqualTo(1000);
        assertThat(request.nextToken()).isNull();
        assertThat(request.overrideConfiguration()).isPresent();
      });
      ArgumentCaptor<StartWorkflowRunRequest> sent = ArgumentCaptor.forClass(StartWorkflowRunRequest.class);
      verify(glue).startWorkflowRun(sent.capture());
      assertThat(sent.getValue().runProperties()).containsExactly(
          Map.entry("date", "2026-11-23"), Map.entry(KEY_PROPERTY, "etl-2026-11-23"),
          Map.entry(GlueOptions.REQUEST_HASH_PROPERTY, io.wflaunch.spi.support.RequestHash.of(keyed).substring(0, 16)));
      assertThat(sent.getValue().overrideConfiguration())
          .hasValueSatisfying(override -> assertThat(override.plugins()).hasSize(1));
    }

    @Test
    void theKeyPropertyNameComesFromTheOptions() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class))).thenReturn(page(null));
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_2").build());

      StartRunRequest request = StartRunRequest.builder(ETL).idempotencyKey("k")
          .options(GlueOptions.builder().idempotencyProperty("requestKey").build()).build();
      launcher.start(request);

      ArgumentCaptor<StartWorkflowRunRequest> sent = ArgumentCaptor.forClass(StartWorkflowRunRequest.class);
      verify(glue).startWorkflowRun(sent.capture());
      assertThat(sent.getValue().runProperties()).containsExactly(Map.entry("requestKey", "k"),
          Map.entry(GlueOptions.REQUEST_HASH_PROPERTY, io.wflaunch.spi.support.RequestHash.of(request).substring(0, 16)));
    }

    @Test
    void getAndStopSendTheNameAndRunId() {
      when(glue.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(GetWorkflowRunResponse.builder()
          .run(run("wr_1", NOW, Map.of())).build());
      when(glue.stopWorkflowRun(any(StopWorkflowRunRequest.class))).thenReturn(StopWorkflowRunResponse.builder().build());
      RunHandle handle = RunHandle.of("glue", "nightly-etl", "wr_1");

      RunStatus status = launcher.getRun(handle);
      launcher.stop(handle);

      assertThat(status.state()).isEqualTo(RunState.RUNNING);
      verify(glue).getWorkflowRun(GetWorkflowRunRequest.builder().name("nightly-etl").runId("wr_1").includeGraph(false).build());
      verify(glue).stopWorkflowRun(StopWorkflowRunRequest.builder().name("nightly-etl").runId("wr_1").build());
    }

    @Test
    void anUnknownWorkflowOnStartIsWorkflowNotFound() {
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class))).thenThrow(EntityNotFoundException.builder()
          .statusCode(400).message("Entity not found").build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(ETL).build()))
          .isInstanceOf(WorkflowNotFoundException.class)
          .hasMessageContaining("workflow glue:nightly-etl");
    }
  }

  @Nested
  class Validation {

    @Test
    void rawInputIsRefused() {
      assertRefused(StartRunRequest.builder(ETL).input("{}").build(), "input", "Glue workflows take no raw input");
    }

    @Test
    void optionsOfAnotherBackendAreRefused() {
      assertRefused(StartRunRequest.builder(ETL).options(new BackendOptions() {}).build(), "options",
          "must be GlueOptions for backend glue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad\nname", "bad\u0000name", "bad\u001fname", "bad\uFFFEname", "bad\uFFFFname"})
    void workflowNamesOutsideTheAllowedRangeAreRefused(String name) {
      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(new WorkflowTarget("glue", List.of(name))).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo("workflowName");
            assertThat(e.rule()).contains("must be 1 to 255 characters");
          });
      verifyNoInteractions(glue);
    }

    @Test
    void theAllowedRangeIncludesTabsSpacesAndSupplementaryCharacters() {
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_1").build());

      launcher.start(StartRunRequest.builder(WorkflowTarget.of("glue", "tab\there space \uD83D\uDE00 \uFFFD"))
          .parameter("k\tey", "v").build());

      verify(glue).startWorkflowRun(any(StartWorkflowRunRequest.class));
    }

    @Test
    void lengthIsCountedInCharactersUpTo255() {
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_1").build());
      String emoji255 = "\uD83D\uDE00".repeat(255);

      launcher.start(StartRunRequest.builder(WorkflowTarget.of("glue", emoji255)).build());

      assertThatThrownBy(() -> launcher.start(StartRunRequest.builder(WorkflowTarget.of("glue", "w".repeat(256))).build()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("found 256 characters");
      verify(glue, times(1)).startWorkflowRun(any(StartWorkflowRunRequest.class));
    }

    @Test
    void parameterNamesFollowTheSameRule() {
      assertRefused(StartRunRequest.builder(ETL).parameter("a\nb", "v").build(), "parameters",
          "name 'a\\u000Ab' must be 1 to 255 characters");
      assertRefused(StartRunRequest.builder(ETL).parameter("p".repeat(256), "v").build(), "parameters",
          "found 256 characters");
      assertRefused(StartRunRequest.builder(ETL).parameter("half\uD800", "v").build(), "parameters",
          "found U+D800 at index 4");
    }

    @Test
    void theKeyPropertyIsReserved() {
      assertRefused(StartRunRequest.builder(ETL).parameter(KEY_PROPERTY, "v").build(), "parameters",
          "reserved for the idempotency key");
      assertRefused(StartRunRequest.builder(ETL).options(GlueOptions.builder().runProperty(KEY_PROPERTY, "v").build())
          .build(), "options.runProperties", "reserved for the idempotency key");
    }

    @Test
    void aParameterAlsoGivenAsAnExtraPropertyIsRefused() {
      assertRefused(StartRunRequest.builder(ETL).parameter("team", "a")
          .options(GlueOptions.builder().runProperty("team", "b").build()).build(), "parameters", "give it once");
    }

    @Test
    void extraPropertyNamesAndTheKeyPropertyNameFollowTheRule() {
      assertRefused(StartRunRequest.builder(ETL).options(GlueOptions.builder().runProperty("", "v").build()).build(),
          "options.runProperties", "found 0 characters");
      assertRefused(StartRunRequest.builder(ETL).options(GlueOptions.builder().idempotencyProperty("k\u0007").build())
          .build(), "options.idempotencyProperty", "found U+0007");
    }

    @Test
    void handlesWithBadRunIdsAreRefusedWithNothingSent() {
      assertThatThrownBy(() -> launcher.getRun(RunHandle.of("glue", "etl", "wr\u0000")))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("runId"));
      assertThatThrownBy(() -> launcher.stop(RunHandle.of("glue", "etl", "r".repeat(256))))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("runId"));
      verifyNoInteractions(glue);
    }

    @Test
    void optionsThemselvesRefuseImpossibleSettings() {
      assertThatThrownBy(() -> GlueOptions.builder().pageSize(1001).build()).hasMessageContaining("pageSize must be 1 to 1000");
      assertThatThrownBy(() -> GlueOptions.builder().scanPageLimit(0).build()).hasMessageContaining("scanPageLimit");
      assertThatThrownBy(() -> GlueOptions.builder().lookBack(Duration.ZERO).build()).hasMessageContaining("lookBack");
    }

    private void assertRefused(StartRunRequest request, String field, String rule) {
      assertThatThrownBy(() -> launcher.start(request))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).contains(rule);
            assertThat(e.getMessage()).contains("backend glue").contains("glue:");
          });
      verifyNoInteractions(glue);
    }
  }

  /** The look-up by key: its window and page limit come from the options. */
  @Nested
  class LookUps {

    @Test
    void runsOutsideTheLookBackWindowDoNotCount() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page(null, run("wr_old", NOW.minus(Duration.ofDays(8)), Map.of(KEY_PROPERTY, "k"))));
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_new").build());

      assertThat(launcher.start(StartRunRequest.builder(ETL).idempotencyKey("k").build()).runId()).isEqualTo("wr_new");
    }

    @Test
    void theLookUpReadsAtMostThePageLimit() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page("t1", run("wr_a", NOW, Map.of())))
          .thenReturn(page("t2", run("wr_b", NOW, Map.of())))
          .thenReturn(page(null, run("wr_new", NOW, Map.of(KEY_PROPERTY, "k"))));
      when(glue.startWorkflowRun(any(StartWorkflowRunRequest.class)))
          .thenReturn(StartWorkflowRunResponse.builder().runId("wr_new").build());
      GlueOptions twoPages = GlueOptions.builder().scanPageLimit(2).build();

      RunHandle handle = launcher.start(StartRunRequest.builder(ETL).idempotencyKey("k").options(twoPages).build());

      assertThat(handle.runId()).isEqualTo("wr_new");
      ArgumentCaptor<GetWorkflowRunsRequest> looked = ArgumentCaptor.forClass(GetWorkflowRunsRequest.class);
      verify(glue, times(3)).getWorkflowRuns(looked.capture());
      assertThat(looked.getAllValues()).extracting(GetWorkflowRunsRequest::nextToken)
          .as("two pages before the start, then the confirmation").containsExactly(null, "t1", null);
    }
  }

  @Nested
  class Batching {

    @Test
    void severalRunsOfOneWorkflowAreReadWithOneList() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page(null, run("wr_1", NOW, Map.of()), run("wr_2", NOW, Map.of()), run("wr_3", NOW, Map.of())));
      RunHandle one = RunHandle.of("glue", "nightly-etl", "wr_1");
      RunHandle three = RunHandle.of("glue", "nightly-etl", "wr_3");

      List<RunStatus> statuses = launcher.getRuns(List.of(three, one, three));

      assertThat(statuses).extracting(RunStatus::handle).containsExactly(three, one, three);
      verify(glue, times(1)).getWorkflowRuns(any(GetWorkflowRunsRequest.class));
      verify(glue, never()).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void runsTheListDidNotHoldAreReadOneByOne() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class))).thenReturn(page(null, run("wr_1", NOW, Map.of())));
      when(glue.getWorkflowRun(any(GetWorkflowRunRequest.class)))
          .thenReturn(GetWorkflowRunResponse.builder().run(run("wr_old", NOW, Map.of())).build());

      List<RunStatus> statuses = launcher.getRuns(List.of(
          RunHandle.of("glue", "nightly-etl", "wr_1"), RunHandle.of("glue", "nightly-etl", "wr_old")));

      assertThat(statuses).hasSize(2);
      verify(glue).getWorkflowRun(GetWorkflowRunRequest.builder().name("nightly-etl").runId("wr_old").includeGraph(false).build());
      verify(glue, times(1)).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void eachWorkflowIsListedOnceEvenForOneRunWithoutTheGraph() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class))).thenAnswer(call ->
          call.<GetWorkflowRunsRequest>getArgument(0).name().equals("nightly-etl")
              ? page(null, run("wr_1", NOW, Map.of())) : page(null));
      when(glue.getWorkflowRun(any(GetWorkflowRunRequest.class)))
          .thenReturn(GetWorkflowRunResponse.builder().run(run("wr_1", NOW, Map.of())).build());
      RunHandle listed = RunHandle.of("glue", "nightly-etl", "wr_1");
      RunHandle notListed = RunHandle.of("glue", "other", "wr_1");

      List<RunStatus> statuses = launcher.getRuns(List.of(listed, notListed));

      assertThat(statuses).extracting(RunStatus::handle).containsExactly(listed, notListed);
      ArgumentCaptor<GetWorkflowRunsRequest> asked = ArgumentCaptor.forClass(GetWorkflowRunsRequest.class);
      verify(glue, times(2)).getWorkflowRuns(asked.capture());
      assertThat(asked.getAllValues()).extracting(GetWorkflowRunsRequest::name)
          .containsExactlyInAnyOrder("nightly-etl", "other");
      assertThat(asked.getAllValues()).allSatisfy(request -> {
        assertThat(request.includeGraph()).isFalse();
        assertThat(request.maxResults()).isEqualTo(1000);
        assertThat(request.nextToken()).isNull();
      });
      verify(glue).getWorkflowRun(GetWorkflowRunRequest.builder().name("other").runId("wr_1").includeGraph(false).build());
      verify(glue, times(1)).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void aBatchedReadStopsOncePastTheOldestStartAndCountsItsPages() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page("t1", run("wr_new", NOW, Map.of())))
          .thenReturn(page("t2", run("wr_older", NOW.minus(Duration.ofMinutes(10)), Map.of())))
          .thenReturn(page(null, run("wr_gone", NOW.minus(Duration.ofHours(1)), Map.of())));
      RunHandle seen = RunHandle.of("glue", "nightly-etl", "wr_new");
      RunHandle gone = RunHandle.of("glue", "nightly-etl", "wr_gone");

      BatchRead read = backend.readRunsAsync(List.of(seen, gone), Optional.of(NOW.minus(Duration.ofMinutes(5))),
          Runnable::run).join();

      assertThat(read.statuses()).containsOnlyKeys(seen);
      assertThat(read.requests()).isEqualTo(2);
      ArgumentCaptor<GetWorkflowRunsRequest> asked = ArgumentCaptor.forClass(GetWorkflowRunsRequest.class);
      verify(glue, times(2)).getWorkflowRuns(asked.capture());
      assertThat(asked.getAllValues()).extracting(GetWorkflowRunsRequest::nextToken).containsExactly(null, "t1");
      verify(glue, never()).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

    @Test
    void aBatchedReadStopsAtThePageLimitOfTheDefaultOptions() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page("t1", run("wr_a", NOW, Map.of())))
          .thenReturn(page("t2", run("wr_b", NOW, Map.of())))
          .thenReturn(page(null, run("wr_wanted", NOW, Map.of())));
      RunHandle wanted = RunHandle.of("glue", "nightly-etl", "wr_wanted");

      BatchRead read;
      try (GlueBackend twoPages = GlueBackend.builder(glue)
          .defaultOptions(GlueOptions.builder().scanPageLimit(2).pageSize(50).build()).build()) {
        read = twoPages.readRunsAsync(List.of(wanted), Optional.empty(), Runnable::run).join();
      }

      assertThat(read.statuses()).isEmpty();
      assertThat(read.requests()).isEqualTo(2);
      ArgumentCaptor<GetWorkflowRunsRequest> asked = ArgumentCaptor.forClass(GetWorkflowRunsRequest.class);
      verify(glue, times(2)).getWorkflowRuns(asked.capture());
      assertThat(asked.getAllValues()).extracting(GetWorkflowRunsRequest::maxResults).containsOnly(50);
    }

    @Test
    void anUnavailableListingFailsTheReadWithoutReadingEachRun() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class))).thenThrow(internalError());

      // A listing the service could not answer is not followed by one read per run into the same service.
      assertThatThrownBy(() -> launcher.getRuns(List.of(
          RunHandle.of("glue", "nightly-etl", "wr_1"), RunHandle.of("glue", "nightly-etl", "wr_2"))))
          .isInstanceOf(io.wflaunch.BackendUnavailableException.class);
      verify(glue, never()).getWorkflowRun(any(GetWorkflowRunRequest.class));
    }

  }

  @Nested
  class Listing {

    @Test
    void runsAreListedNewestFirstAcrossPagesUpToTheLimit() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page("t1", run("wr_1", NOW.minusSeconds(300), Map.of()), run("wr_3", NOW.minusSeconds(100), Map.of())))
          .thenReturn(page(null, run("wr_2", NOW.minusSeconds(200), Map.of())));

      List<RunStatus> listed = launcher.listRuns(ETL, 3);

      assertThat(listed).extracting(s -> s.handle().runId()).containsExactly("wr_3", "wr_2", "wr_1");
      ArgumentCaptor<GetWorkflowRunsRequest> asked = ArgumentCaptor.forClass(GetWorkflowRunsRequest.class);
      verify(glue, times(2)).getWorkflowRuns(asked.capture());
      assertThat(asked.getAllValues()).extracting(GetWorkflowRunsRequest::maxResults)
          .as("the page size never shrinks to the limit (moto answers 500 to small pages)").containsOnly(1000);
      assertThat(asked.getAllValues()).extracting(GetWorkflowRunsRequest::nextToken).containsExactly(null, "t1");
    }

    @Test
    void listingStopsOnceTheLimitIsReached() {
      when(glue.getWorkflowRuns(any(GetWorkflowRunsRequest.class)))
          .thenReturn(page("t1", run("wr_2", NOW, Map.of()), run("wr_1", NOW.minusSeconds(1), Map.of())));

      assertThat(launcher.listRuns(ETL, 1)).extracting(s -> s.handle().runId()).containsExactly("wr_2");
      verify(glue, times(1)).getWorkflowRuns(any(GetWorkflowRunsRequest.class));
    }
  }

  @Nested
  class Async {

    @Test
    void theAsyncMethodsUseTheAsyncClientOnly() {
      GlueAsyncClient async = mock(GlueAsyncClient.class);
      when(async.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(CompletableFuture.completedFuture(
          GetWorkflowRunResponse.builder().run(run("wr_1", NOW, Map.of())).build()));
      when(async.startWorkflowRun(any(StartWorkflowRunRequest.class))).thenReturn(CompletableFuture.completedFuture(
          StartWorkflowRunResponse.builder().runId("wr_9").build()));
      try (WorkflowLauncher asyncLauncher = WorkflowLauncher.builder()
          .backend(GlueBackend.create(glue, async)).build()) {

        RunHandle started = asyncLauncher.startAsync(StartRunRequest.builder(ETL).build()).join();
        RunStatus status = asyncLauncher.getRunAsync(started).join();

        assertThat(started.runId()).isEqualTo("wr_9");
        assertThat(status.state()).isEqualTo(RunState.RUNNING);
      }
      verifyNoInteractions(glue);
    }

    @Test
    void anAsyncFailureIsMappedToo() {
      GlueAsyncClient async = mock(GlueAsyncClient.class);
      when(async.getWorkflowRun(any(GetWorkflowRunRequest.class))).thenReturn(CompletableFuture.failedFuture(
          EntityNotFoundException.builder().statusCode(400).message("Entity not found").build()));
      try (WorkflowLauncher asyncLauncher = WorkflowLauncher.builder()
          .backend(GlueBackend.create(glue, async)).build()) {

        assertThatThrownBy(() -> asyncLauncher.getRunAsync(RunHandle.of("glue", "etl", "wr_1")).join())
            .hasCauseInstanceOf(io.wflaunch.RunNotFoundException.class);
      }
    }
  }
}
