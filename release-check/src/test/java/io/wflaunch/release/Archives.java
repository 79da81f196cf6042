package io.wflaunch.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** Reading and unpacking the build's archives, and what the build passed to the tests. */
final class Archives {

  private Archives() {
  }

  /** A system property the build sets; its absence is a broken build configuration, not a skipped check. */
  static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by release-check/pom.xml)", name).isNotBlank();
    return value;
  }

  static String version() {
    return property("wflaunch.version");
  }

  /** The project's project.build.outputTimestamp: every archive entry is dated to it. */
  static Instant outputTimestamp() {
    return Instant.parse(property("wflaunch.outputTimestamp"));
  }

  /** When this build started: Maven's maven.build.timestamp, which the root POM formats to the millisecond in UTC. */
  static Instant buildStart() {
    return LocalDateTime.parse(property("wflaunch.buildStart"), DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS"))
        .toInstant(ZoneOffset.UTC);
  }

  /** The files under a directory, relative to it, last written before an instant: left there by an earlier build. */
  static List<String> filesWrittenBefore(Path directory, Instant instant) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).filter(file -> lastModified(file).isBefore(instant))
          .map(file -> directory.relativize(file) + " at " + lastModified(file)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(directory.toString(), e);
    }
  }

  private static Instant lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /**
   * The entries of a zip or jar whose date is not the output timestamp. Zip entries keep a local date and time
   * with no zone; reproducible archives write the instant's UTC fields there, in whatever zone they were built.
   */
  static List<String> entriesNotAt(Path zip, Instant timestamp) {
    LocalDateTime expected = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    List<String> wrong = new ArrayList<>();
    try (JarFile jar = new JarFile(zip.toFile(), false)) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        if (!expected.equals(entry.getTimeLocal())) {
          wrong.add(entry.getName() + " at " + entry.getTimeLocal());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(zip.toString(), e);
    }
    return wrong;
  }

  /** Unpacks a tar.gz with the system's tar, which keeps the archive's file modes. */
  static void untar(Path archive, Path into) throws IOException, InterruptedException {
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
        .redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes());
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).as("tar finished").isTrue();
    assertThat(tar.exitValue()).as("tar -xzf %s: %s", archive, output).isZero();
  }

  /** Unpacks a zip, giving each file the Unix mode the archive stores for it (as unzip does). */
  static void unzip(Path archive, Path into) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        Path target = into.resolve(entry.getName()).normalize();
        assertThat(target.startsWith(into)).as("entry %s stays inside the directory", entry.getName()).isTrue();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX) {
          Files.setPosixFilePermissions(target, permissions(entry.getUnixMode()));
        }
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < bits.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(bits[bit]);
      }
    }
    return permissions;
  }
}
