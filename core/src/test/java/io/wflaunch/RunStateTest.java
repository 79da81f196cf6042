package io.wflaunch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunStateTest {

  /** The table documented on {@link RunState}: terminal, successful. */
  private static final Map<RunState, boolean[]> DOCUMENTED = new EnumMap<>(Map.of(
      RunState.PENDING, new boolean[] {false, false},
      RunState.RUNNING, new boolean[] {false, false},
      RunState.STOPPING, new boolean[] {false, false},
      RunState.SUCCEEDED, new boolean[] {true, true},
      RunState.FAILED, new boolean[] {true, false},
      RunState.CANCELLED, new boolean[] {true, false},
      RunState.TIMED_OUT, new boolean[] {true, false},
      RunState.SKIPPED, new boolean[] {true, false},
      RunState.UNKNOWN, new boolean[] {false, false}));

  @ParameterizedTest
  @EnumSource(RunState.class)
  void everyStateAnswersAsDocumented(RunState state) {
    assertThat(DOCUMENTED).as("the table covers every state").containsKey(state);
    boolean[] expected = DOCUMENTED.get(state);

    assertThat(state.isTerminal()).as("%s.isTerminal()", state).isEqualTo(expected[0]);
    assertThat(state.isSuccessful()).as("%s.isSuccessful()", state).isEqualTo(expected[1]);
  }

  @ParameterizedTest
  @EnumSource(RunState.class)
  void onlyTerminalStatesAreSuccessful(RunState state) {
    if (state.isSuccessful()) {
      assertThat(state.isTerminal()).isTrue();
    }
  }
}
