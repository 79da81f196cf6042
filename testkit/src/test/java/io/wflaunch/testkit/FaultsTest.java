package io.wflaunch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wflaunch.testkit.Faults.Fault;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private final Faults faults = new Faults();

  @Test
  void throttlingGoesFirstThenServerErrorsThenNormalService() {
    faults.throttleNext(1);
    faults.failNext(2);
    List<Fault> seen = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      seen.add(faults.onRequest());
    }

    assertThat(seen).containsExactly(Fault.THROTTLE, Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.NONE, Fault.NONE);
    assertThat(faults.requestCount()).isEqualTo(5);
  }

  @Test
  void denialsGoFirst() {
    faults.throttleNext(1);
    faults.denyNext(1);

    assertThat(faults.onRequest()).isEqualTo(Fault.DENY);
    assertThat(faults.onRequest()).isEqualTo(Fault.THROTTLE);
  }

  @Test
  void lostStartResponsesAreCountedSeparately() {
    faults.loseNextStartResponses(2);

    assertThat(faults.onRequest()).isEqualTo(Fault.NONE);
    assertThat(faults.loseStartResponse()).isTrue();
    assertThat(faults.loseStartResponse()).isTrue();
    assertThat(faults.loseStartResponse()).isFalse();
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> faults.throttleNext(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
