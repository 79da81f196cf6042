package io.wflaunch.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helpers the checks rely on, on files made here. */
class ArchivesTest {

  @TempDir
  Path repository;

  @Test
  void aFileWrittenBeforeTheBuildStartedIsListedAndOnesWrittenSinceAreNot() throws IOException {
    Instant start = Instant.parse("2026-12-07T15:00:00.250Z");
    Path module = Files.createDirectories(repository.resolve("io/wflaunch/wflaunch-core/0.1.0-SNAPSHOT"));
    Path earlier = Files.writeString(module.resolve("wflaunch-core-0.1.0-20261206.101500-1.jar"), "jar");
    Path justBefore = Files.writeString(module.resolve("wflaunch-core-0.1.0-20261207.145959-2.jar"), "jar");
    Path atStart = Files.writeString(module.resolve("maven-metadata.xml"), "<metadata/>");
    Path since = Files.writeString(module.resolve("wflaunch-core-0.1.0-20261207.150312-3.jar"), "jar");
    Files.setLastModifiedTime(earlier, FileTime.from(start.minus(Duration.ofDays(1))));
    Files.setLastModifiedTime(justBefore, FileTime.from(start.minusMillis(1)));
    Files.setLastModifiedTime(atStart, FileTime.from(start));
    Files.setLastModifiedTime(since, FileTime.from(start.plusSeconds(192)));

    assertThat(Archives.filesWrittenBefore(repository, start)).containsExactly(
        "io/wflaunch/wflaunch-core/0.1.0-SNAPSHOT/wflaunch-core-0.1.0-20261206.101500-1.jar at "
            + start.minus(Duration.ofDays(1)),
        "io/wflaunch/wflaunch-core/0.1.0-SNAPSHOT/wflaunch-core-0.1.0-20261207.145959-2.jar at "
            + start.minusMillis(1));
  }

  @Test
  void theBuildStartedBeforeThisTestAndToday() {
    Instant start = Archives.buildStart();

    assertThat(start).isBefore(Instant.now()).isAfter(Instant.now().minus(Duration.ofDays(1)));
  }
}
