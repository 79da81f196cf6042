package io.wflaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wflaunch.ConfigurationException;
import io.wflaunch.WaitOptions;
import io.wflaunch.WorkflowLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a user typed, however long and whatever characters it holds, an error repeats it escaped
 * and cut (by {@link io.wflaunch.spi.support.UserText} or the message of a
 * {@link io.wflaunch.WorkflowLaunchException}): the whole of stderr stays short, one line, with no raw
 * control character, so that no terminal escape sequence reaches the terminal.
 */
class LongUserTextTest {

  /** 5,000 characters and more, with a terminal escape sequence, a bell, a carriage return and a line feed. */
  static final String JUNK = "a".repeat(2500) + "\u001b[31m\u0007\r\n\u009b2J" + "b".repeat(2500);
  static final int SHORT = 1000;

  private final CliHarness cli = new CliHarness();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void optionValuesFileNamesAndArgumentsOfThousandsOfCharactersGiveShortOneLineErrors() {
    List<String[]> runs = List.of(
        new String[] {"start", "glue:etl", "--wait", "--timeout", JUNK},
        new String[] {"start", "glue:etl", "--output", JUNK},
        new String[] {"start", "glue:etl", "--endpoint-url", "http://" + JUNK},
        new String[] {"start", "glue:etl", "--endpoint-url=" + JUNK},
        new String[] {"start", "glue:etl", "--endpoint-url", "ftp://" + JUNK.replaceAll("[^a-z]", "") + ":1"},
        new String[] {"start", "glue:etl", "--region", JUNK},
        new String[] {"start", "glue:etl", "--idempotency-table", JUNK},
        new String[] {"start", "--from", dir.resolve(JUNK).toString()},
        new String[] {"wait", "--from", JUNK},
        new String[] {"start", "glue:etl", "--input", "@" + JUNK},
        new String[] {"start", "glue:etl", "-p", JUNK},
        new String[] {"start", "glue:etl", "--key-reuse", JUNK},
        new String[] {"list", "glue:etl", "--limit", JUNK},
        new String[] {"frob" + JUNK},
        new String[] {"start", "glue:etl", "--" + JUNK},
        new String[] {"start", "glue:etl", "--wiat=" + JUNK},
        new String[] {"start", "glue:etl", "extra" + JUNK},
        new String[] {"start", "glue:etl", "--idempotency-key", JUNK},
        new String[] {"start", "swf:d/T/1", "--option", "workflowId=" + JUNK},
        new String[] {"start", "sfn:orders", "--input", JUNK},
        new String[] {"init-table", JUNK});
    for (String[] args : runs) {
      CliHarness.Result result = cli.run(args);

      assertThat(result.exit()).as(shown(args)).isEqualTo(ExitCodes.USAGE);
      assertShortAndClean(shown(args), result);
    }
  }

  @Test
  void theMessageOfAFailureOfAnyOtherKindIsEscapedAndCut() {
    cli.sessions(options -> {
      throw new IllegalStateException(JUNK);
    });

    CliHarness.Result result = cli.run("status", "glue:etl/wr_1");

    assertThat(result.exit()).isEqualTo(ExitCodes.OTHER);
    assertThat(result.err()).startsWith("wflaunch: java.lang.IllegalStateException: 'aaa")
        .contains(String.format("(%,d characters)", JUNK.length()));
    assertShortAndClean("a session that cannot be opened", result);
  }

  @Test
  void anUnknownProfileOfThousandsOfCharactersIsCut() throws Exception {
    Path config = Files.writeString(dir.resolve("config"), "[profile dev]\nregion = eu-west-1\n");
    Path credentials = Files.writeString(dir.resolve("credentials"), "");
    String previousConfig = System.setProperty("aws.configFile", config.toString());
    String previousCredentials = System.setProperty("aws.sharedCredentialsFile", credentials.toString());
    try {
      ConfigurationException refused = catchThrowableOfType(ConfigurationException.class,
          () -> AwsSession.checkProfile(JUNK));

      assertThat(refused.getMessage()).contains("'dev'").hasSizeLessThan(SHORT);
      assertThat(refused.getMessage().chars()).noneMatch(Character::isISOControl);
    } finally {
      restore("aws.configFile", previousConfig);
      restore("aws.sharedCredentialsFile", previousCredentials);
    }
  }

  @Test
  void localModeErrorsCutWhatTheyRepeat() {
    cli.sessions(WflaunchCli.defaultSessions(Clock.systemUTC()));
    String local = dir.resolve("local").toString();

    CliHarness.Result duration = cli.run("--local-dir", local, "start", "glue:etl", "-p", "duration=" + JUNK);
    CliHarness.Result unusable = cli.run("--local-dir", dir.resolve(JUNK).toString(), "status",
        "glue:etl/wr_" + "0".repeat(64));

    assertThat(duration.exit()).isEqualTo(ExitCodes.USAGE);
    assertShortAndClean("a local duration", duration);
    assertThat(unusable.exit()).isEqualTo(ExitCodes.OTHER);
    assertThat(unusable.err()).contains("local mode cannot use");
    assertShortAndClean("a local directory that cannot be made", unusable);
  }

  /**
   * A target or handle of thousands of characters: the library's own error names it, and its message
   * (not the command line's) must cut it.
   */
  @Test
  void aTargetOrHandleOfThousandsOfCharactersGivesAShortOneLineError() throws Exception {
    // As against the service: the fakes are not told to create the workflows named.
    cli.sessions(options -> withoutPreparing(cli.fakes));
    Path requests = dir.resolve("requests.jsonl");
    Files.writeString(requests, "{\"target\": \"codecatalyst:my-space/web-app/" + JUNK.replace("\u001b", "\\u001b")
        .replace("\u0007", "\\u0007").replace("\r", "\\r").replace("\n", "\\n").replace("\u009b", "\\u009b") + "\"}\n",
        StandardCharsets.UTF_8);
    List<String[]> runs = new ArrayList<>();
    for (String output : List.of("text", "json")) {
      runs.add(new String[] {"--output", output, "start", "codecatalyst:my-space/web-app/" + JUNK});
      runs.add(new String[] {"--output", output, "start", "glue:" + JUNK});
      runs.add(new String[] {"--output", output, "list", "sfn:" + JUNK});
      runs.add(new String[] {"--output", output, "status", "glue:etl/" + JUNK});
      runs.add(new String[] {"--output", output, "status",
          "codecatalyst:my-space/web-app/3f2a1b0c-1111-2222-3333-444455556666/" + JUNK});
      runs.add(new String[] {"--output", output, "stop", "swf:payments/" + JUNK + "/22ab"});
      runs.add(new String[] {"--output", output, "wait", "glue:" + JUNK + "/wr_1"});
      runs.add(new String[] {"--output", output, "start", "--from", requests.toString()});
    }
    for (String[] args : runs) {
      CliHarness.Result result = cli.run(args);

      assertThat(result.exit()).as(shown(args)).isNotZero();
      assertShortAndClean(shown(args), result);
    }
  }

  private static Session withoutPreparing(FakeSession fakes) {
    return new Session() {
      @Override
      public WorkflowLauncher launcher() {
        return fakes.launcher();
      }

      @Override
      public WaitOptions waitOptions() {
        return fakes.waitOptions();
      }

      @Override
      public void close() {
        // shared across invocations
      }
    };
  }

  private static void assertShortAndClean(String what, CliHarness.Result result) {
    String all = result.out() + result.err();
    String start = all.substring(0, Math.min(400, all.length()));
    assertThat(all.length()).as("%s: %s", what, start).isLessThan(SHORT);
    assertThat(all.chars()).as("%s: %s", what, start).noneMatch(c -> Character.isISOControl(c) && c != '\n');
    // With --json a failed start of a --from line is a JSON document on stdout instead.
    assertThat(result.err().lines()).as(what).hasSizeLessThanOrEqualTo(1);
    assertThat(result.out().lines()).as(what).hasSizeLessThanOrEqualTo(1);
    assertThat(all).as(what).doesNotContain("a".repeat(300));
  }

  private static String shown(String[] args) {
    String text = String.join(" ", args);
    return text.substring(0, Math.min(60, text.length())).replaceAll("\\p{Cntrl}", "?");
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}
