package io.wflaunch.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wflaunch.testkit.VirtualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The plan's decisions, without any HTTP. */
class ChaosPlanTest {

  private static final ServiceProfile ORDERS = profile("Orders");
  private static final ServiceProfile BILLING = profile("Billing");

  private static ServiceProfile profile(String name) {
    return ServiceProfile.builder(name)
        .throttling(ServiceProfile.ErrorAnswer.awsJson(400, "1.1", "ThrottlingException", "Rate exceeded"))
        .internalError(ServiceProfile.ErrorAnswer.awsJson(500, "1.1", "InternalServiceException", "Internal error"))
        .start("StartRun", "RunId")
        .listing("ListRuns", "Runs[].RunId")
        .build();
  }

  private static List<Fault> decide(ChaosPlan plan, String operation, int times) {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      faults.add(plan.decide(ORDERS, operation, "POST", "/", "").fault());
    }
    return faults;
  }

  @Test
  void aSeedGivesTheSameFaultsForTheSameRequestOrder() {
    ChaosPlan.Builder builder = ChaosPlan.builder().seed(99).fault(Fault.THROTTLE, 0.3).fault(Fault.DELAY, 0.1);

    assertThat(decide(builder.build(), "ListRuns", 500)).isEqualTo(decide(builder.build(), "ListRuns", 500));
    assertThat(builder.build().seed()).isEqualTo(99);
  }

  @Test
  void aPlanWithoutSeedPicksOneThatRepeatsIt() {
    ChaosPlan picked = ChaosPlan.builder().fault(Fault.RESET, 0.5).build();
    List<Fault> faults = decide(picked, "StartRun", 50);

    assertThat(decide(ChaosPlan.builder().seed(picked.seed()).fault(Fault.RESET, 0.5).build(), "StartRun", 50))
        .isEqualTo(faults);
    assertThat(picked.toString()).contains("seed=" + picked.seed());
  }

  @Test
  void faultsComeAboutAsOftenAsTheirChance() {
    ChaosPlan plan = ChaosPlan.builder().seed(5).fault(Fault.THROTTLE, 0.1).fault(Fault.DROP_RESPONSE, 0.3).build();

    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    decide(plan, "StartRun", 20_000).forEach(fault -> counts.merge(fault, 1, Integer::sum));

    assertThat(counts.get(Fault.THROTTLE) / 20_000.0).isCloseTo(0.1, within(0.01));
    assertThat(counts.get(Fault.DROP_RESPONSE) / 20_000.0).isCloseTo(0.3, within(0.015));
    assertThat(counts.get(Fault.NONE) / 20_000.0).isCloseTo(0.6, within(0.015));
    assertThat(plan.probability("StartRun", Fault.NONE)).isCloseTo(0.6, within(1e-9));
  }

  @Test
  void onlyForRestrictsThePlanWideChancesAndOperationChancesAddToThem() {
    ChaosPlan plan = ChaosPlan.builder()
        .fault(Fault.THROTTLE, 0.2)
        .onlyFor("StartRun")
        .fault("GetRun", Fault.SERVER_ERROR, 0.5)
        .fault("StartRun", Fault.THROTTLE, 0.4)
        .build();

    assertThat(plan.probability("StartRun", Fault.THROTTLE)).isEqualTo(0.4);
    assertThat(plan.probability("ListRuns", Fault.THROTTLE)).isZero();
    assertThat(plan.probability("GetRun", Fault.THROTTLE)).isZero();
    assertThat(plan.probability("GetRun", Fault.SERVER_ERROR)).isEqualTo(0.5);
    assertThat(decide(plan, "ListRuns", 200)).containsOnly(Fault.NONE);
    assertThat(decide(ChaosPlan.builder().fault("X", Fault.RESET, 1.0).build(), "X", 3)).containsOnly(Fault.RESET);
  }

  @Test
  void scriptsComeFirstInOrderPerOperationAndDoNotShiftTheRandomFaults() {
    ChaosPlan.Builder builder = ChaosPlan.builder().seed(3).fault(Fault.THROTTLE, 0.5);
    List<Fault> unscripted = decide(builder.build(), "A", 20);
    ChaosPlan plan = builder.script("A", Fault.DELAY).build().script("A", Fault.RESET, Fault.NONE);

    assertThat(plan.scripted("A")).containsExactly(Fault.DELAY, Fault.RESET, Fault.NONE);
    assertThat(decide(plan, "B", 1)).doesNotContain(Fault.DELAY);
    List<Fault> faults = decide(plan, "A", 19);

    assertThat(faults.subList(0, 3)).containsExactly(Fault.DELAY, Fault.RESET, Fault.NONE);
    assertThat(faults.subList(3, 19)).isEqualTo(unscripted.subList(4, 20));
    assertThat(plan.scripted("A")).isEmpty();
  }

  @Test
  void theBuilderRefusesImpossiblePlans() {
    assertThatThrownBy(() -> ChaosPlan.builder().fault(Fault.THROTTLE, 0.6).fault(Fault.RESET, 0.6).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1");
    assertThatThrownBy(() -> ChaosPlan.builder().fault(Fault.THROTTLE, 0.6).fault("A", Fault.RESET, 0.6).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A");
    assertThat(ChaosPlan.builder().fault(Fault.THROTTLE, 0.6).onlyFor("B").fault("A", Fault.RESET, 0.6).build())
        .isNotNull();
    assertThatThrownBy(() -> ChaosPlan.builder().fault(Fault.NONE, 0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChaosPlan.builder().fault(Fault.RESET, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChaosPlan.builder().fault(Fault.RESET, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChaosPlan.builder().delay(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChaosPlan.builder().listingLag(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChaosPlan.builder().build().delay()).isEqualTo(ChaosPlan.DEFAULT_DELAY);
  }

  @Test
  void listingLagCountsReadsPerRunAndService() {
    ChaosPlan plan = ChaosPlan.builder().listingLag(2).build();
    plan.runCreated(ORDERS, "r1");

    assertThat(plan.hide(BILLING, "r1")).as("another service's run of the same id").isFalse();
    assertThat(plan.hide(ORDERS, "r1")).isTrue();
    assertThat(plan.hide(ORDERS, "r1")).isTrue();
    assertThat(plan.hide(ORDERS, "r1")).isFalse();
    assertThat(plan.hidesRuns()).isFalse();
    ChaosPlan none = ChaosPlan.none();
    none.runCreated(ORDERS, "r1");
    assertThat(none.hide(ORDERS, "r1")).isFalse();
  }

  @Test
  void decisionsFromManyThreadsGetDistinctSequenceNumbersAndAllAreLogged() throws Exception {
    ChaosPlan plan = ChaosPlan.builder().seed(1).fault(Fault.THROTTLE, 0.5).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> decide(plan, "A", 250)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(plan.log().size()).isEqualTo(1000);
    assertThat(plan.log().entries()).extracting(ChaosLog.Entry::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
    assertThat(plan.log().faults("A")).isEqualTo(decide(ChaosPlan.builder().seed(1).fault(Fault.THROTTLE, 0.5).build(),
        "A", 1000));
  }

  @Test
  void aListingLagInTimeHidesARunOfItsServiceUntilItsTimeWithoutCountingReads() {
    VirtualScheduler time = new VirtualScheduler();
    Clock clock = time.clock();
    ChaosPlan plan = ChaosPlan.builder().listingLag(ORDERS, Duration.ofSeconds(3)).clock(clock).build();
    plan.runCreated(ORDERS, "r1");
    plan.runCreated(BILLING, "r2");

    for (int read = 0; read < 10; read++) {
      assertThat(plan.hide(ORDERS, "r1")).isTrue();
    }
    assertThat(plan.hide(BILLING, "r2")).as("no lag set for Billing").isFalse();
    assertThat(plan.hide(BILLING, "r1")).as("another service's run of the same id").isFalse();
    time.advanceBy(Duration.ofSeconds(3));
    plan.runCreated(ORDERS, "r1");
    assertThat(plan.hide(ORDERS, "r1")).as("a run is lagged once, from its first start answer").isFalse();
    assertThat(plan.hidesRuns()).isFalse();
    assertThat(plan.listingLag(ORDERS)).isEqualTo(Duration.ofSeconds(3));
    assertThat(plan.clock()).isSameAs(clock);
    assertThat(plan.toString()).contains("listingLagTimes={Orders=PT3S}");
  }

  @Test
  void theBuilderRefusesANegativeLagAndZeroTurnsItOff() {
    assertThatThrownBy(() -> ChaosPlan.builder().listingLag(ORDERS, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.001");
    assertThatThrownBy(() -> ChaosPlan.builder().clock(null)).isInstanceOf(NullPointerException.class);
    ChaosPlan off = ChaosPlan.builder().listingLag(ORDERS, Duration.ofSeconds(1))
        .listingLag(ORDERS, Duration.ZERO).build();
    off.runCreated(ORDERS, "r1");

    assertThat(off.hide(ORDERS, "r1")).isFalse();
    assertThat(off.listingLag(ORDERS)).isZero();
    assertThat(ChaosPlan.builder().build().clock()).isEqualTo(Clock.systemUTC());
  }
}
