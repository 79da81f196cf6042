package io.wflaunch.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's distribution, cli/target/wflaunch-VERSION.zip and .tar.gz, unpacked and run as a user
 * would: from an unrelated directory, with an environment holding only PATH (a directory with a link to a JDK's
 * java, then /usr/bin:/bin) and HOME (empty), JAVA_HOME unset, and once through a symbolic link to bin/wflaunch.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bin/wflaunch, a POSIX sh script, and tar")
class DistributionTest {

  private static final String VERSION = Archives.version();
  private static final String BASE = "wflaunch-" + VERSION + "/";
  private static final Path CLI_TARGET = Path.of(Archives.property("wflaunch.distribution.directory"));
  private static final Path ROOT = CLI_TARGET.getParent().getParent();

  @TempDir
  Path temp;

  private Path home;
  private Path workingDirectory;
  private Path javaOnly;

  @BeforeEach
  void machineWithOnlyAJdk() throws IOException {
    home = Files.createDirectories(temp.resolve("home"));
    workingDirectory = Files.createDirectories(temp.resolve("somewhere/else"));
    javaOnly = Files.createDirectories(temp.resolve("jdk-bin"));
    Files.createSymbolicLink(javaOnly.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  static Path archive(String format) {
    return CLI_TARGET.resolve("wflaunch-" + VERSION + "." + format);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tar.gz", "zip"})
  void unpackedAnywhereItPrintsItsVersionHelpAndRunsTheDemo(String format) throws Exception {
    Path installed = unpack(format, Files.createDirectories(temp.resolve("opt")));
    Path command = installed.resolve("bin/wflaunch");

    assertThat(Files.getPosixFilePermissions(command)).as("bin/wflaunch from the %s is executable", format)
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_EXECUTE);

    Result version = run(command, pathWithJava(), "--version");
    assertThat(version.exit()).as("--version: %s", version).isZero();
    assertThat(version.out().strip()).isEqualTo("wflaunch " + VERSION);

    Result help = run(command, pathWithJava(), "help");
    assertThat(help.exit()).as("help: %s", help).isZero();
    assertThat(help.out()).startsWith("Usage: wflaunch").contains("start").contains("demo");

    Result demo = run(command, pathWithJava(), "demo");
    assertThat(demo.exit()).as("demo: %s", demo).isZero();
    assertThat(demo.out()).contains("SUCCEEDED");
  }

  @Test
  void aSymbolicLinkFromAnotherDirectoryRunsTheInstallation() throws Exception {
    Path installed = unpack("tar.gz", Files.createDirectories(temp.resolve("opt")));
    Path userBin = Files.createDirectories(home.resolve("bin"));
    // A relative link to an absolute one: the script follows the whole chain to its own directory.
    Path absolute = Files.createSymbolicLink(userBin.resolve("wflaunch-current"), installed.resolve("bin/wflaunch"));
    Path link = Files.createSymbolicLink(userBin.resolve("wflaunch"), Path.of(absolute.getFileName().toString()));

    Result version = run(link, pathWithJava(), "--version");

    assertThat(version.exit()).as("--version through %s: %s", link, version).isZero();
    assertThat(version.out().strip()).isEqualTo("wflaunch " + VERSION);
  }

  @Test
  void cdpathDoesNotChangeWhereTheScriptFindsItsInstallation() throws Exception {
    // Run as "sh 'my app/wflaunch-V/bin/wflaunch'" from the directory above: a relative path, which cd would look
    // up through CDPATH, and print the directory it found there.
    Path above = Files.createDirectories(temp.resolve("opt"));
    Path installed = unpack("tar.gz", Files.createDirectories(above.resolve("my app")));
    Path elsewhere = Files.createDirectories(temp.resolve("cdpath"));
    String relative = above.relativize(installed.resolve("bin/wflaunch")).toString();

    Result version = run(List.of("/bin/sh", relative), above,
        Map.of("PATH", pathWithJava(), "CDPATH", elsewhere + ":."), "--version");

    assertThat(version.exit()).as("--version with CDPATH set: %s", version).isZero();
    assertThat(version.out()).isEqualTo("wflaunch " + VERSION + "\n");
    assertThat(version.err()).isEmpty();
  }

  @Test
  void javaHomeAloneIsEnough() throws Exception {
    Path installed = unpack("tar.gz", Files.createDirectories(temp.resolve("opt")));

    Result version = run(installed.resolve("bin/wflaunch"), Map.of("PATH", toolsWithoutJava().toString(),
        "JAVA_HOME", System.getProperty("java.home")), "--version");

    assertThat(version.exit()).as("--version with JAVA_HOME only: %s", version).isZero();
    assertThat(version.out().strip()).isEqualTo("wflaunch " + VERSION);
  }

  @Test
  void withoutJavaItSaysWhatItNeeds() throws Exception {
    Path installed = unpack("tar.gz", Files.createDirectories(temp.resolve("opt")));

    Result noJava = run(installed.resolve("bin/wflaunch"), Map.of("PATH", toolsWithoutJava().toString()),
        "--version");
    Result badJavaHome = run(installed.resolve("bin/wflaunch"),
        Map.of("PATH", pathWithJava(), "JAVA_HOME", temp.resolve("no-jdk").toString()), "--version");

    assertThat(noJava.exit()).as("no java: %s", noJava).isEqualTo(9);
    assertThat(noJava.err()).contains("no java found").contains("Java 17 or later").contains("JAVA_HOME");
    assertThat(badJavaHome.exit()).as("JAVA_HOME without java: %s", badJavaHome).isEqualTo(9);
    assertThat(badJavaHome.err()).contains("JAVA_HOME is " + temp.resolve("no-jdk")).contains("bin/java");
  }

  @Test
  void anOlderJavaIsRefusedNamingItsVersion() throws Exception {
    Path installed = unpack("tar.gz", Files.createDirectories(temp.resolve("opt")));
    // One with a release file (read without starting a JVM), one without (its java -version is asked).
    Path java11 = fakeJdk("jdk-11", "JAVA_VERSION=\"11.0.21\"\n", "exit 42");
    Path java8 = fakeJdk("jdk-8", null, "echo 'openjdk version \"1.8.0_392\"' >&2");

    Result eleven = run(installed.resolve("bin/wflaunch"),
        Map.of("PATH", pathWithJava(), "JAVA_HOME", java11.toString()), "--version");
    Result eight = run(installed.resolve("bin/wflaunch"),
        Map.of("PATH", pathWithJava(), "JAVA_HOME", java8.toString()), "--version");

    assertThat(eleven.exit()).as("Java 11: %s", eleven).isEqualTo(9);
    assertThat(eleven.err()).contains("is Java 11.0.21; wflaunch needs Java 17 or later");
    assertThat(eight.exit()).as("Java 8: %s", eight).isEqualTo(9);
    assertThat(eight.err()).contains("is Java 1.8.0_392; wflaunch needs Java 17 or later");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tar.gz", "zip"})
  void theArchiveHoldsTheCommandTheJarTheCompletionTheReadmeAndTheLicense(String format) throws Exception {
    Path installed = unpack(format, Files.createDirectories(temp.resolve("opt")));

    try (Stream<Path> files = Files.walk(installed)) {
      assertThat(files.filter(Files::isRegularFile).map(file -> installed.relativize(file).toString()))
          .containsExactlyInAnyOrder("bin/wflaunch", "bin/wflaunch.cmd", "lib/wflaunch.jar",
              "completion/wflaunch_completion", "README", "LICENSE");
    }
    assertThat(Files.mismatch(installed.resolve("lib/wflaunch.jar"), CLI_TARGET.resolve("wflaunch.jar")))
        .as("lib/wflaunch.jar is cli/target/wflaunch.jar").isEqualTo(-1L);
    assertThat(Files.mismatch(installed.resolve("LICENSE"), ROOT.resolve("LICENSE"))).as("LICENSE").isEqualTo(-1L);
    assertThat(Files.readString(installed.resolve("completion/wflaunch_completion")))
        .startsWith("#!/usr/bin/env bash").contains("complete -F _complete_wflaunch")
        .contains("init-table").doesNotContain("Picked up");
    assertThat(Files.readString(installed.resolve("README")))
        .contains("wflaunch " + VERSION).contains("wflaunch demo").contains("wflaunch help")
        .contains("completion/wflaunch_completion").doesNotContain("${");
    assertThat(Files.readString(installed.resolve("bin/wflaunch.cmd"))).as("Windows line endings")
        .contains("\r\n").doesNotContainPattern("[^\r]\n");
    assertThat(Files.readString(installed.resolve("bin/wflaunch"))).startsWith("#!/bin/sh\n").doesNotContain("\r");
  }

  @Test
  void everyEntryOfBothArchivesIsDatedToTheOutputTimestamp() throws IOException {
    Instant timestamp = Archives.outputTimestamp();
    List<String> wrong = new ArrayList<>(Archives.entriesNotAt(archive("zip"), timestamp));
    try (ZipFile zip = ZipFile.builder().setPath(archive("zip")).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) {
          wrong.add("zip " + entry.getName() + " carries no Unix mode");
        }
      }
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GzipCompressorInputStream(Files.newInputStream(archive("tar.gz"))))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (!entry.getLastModifiedTime().toInstant().equals(timestamp)) {
          wrong.add("tar.gz " + entry.getName() + " at " + entry.getLastModifiedTime());
        }
        if (!entry.getName().startsWith(BASE)) {
          wrong.add("tar.gz " + entry.getName() + " outside " + BASE);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  private Path unpack(String format, Path into) throws Exception {
    if (format.equals("zip")) {
      Archives.unzip(archive(format), into);
    } else {
      Archives.untar(archive(format), into);
    }
    return into.resolve(BASE);
  }

  /** PATH on a machine with only a JDK: a directory with java, then the system's tools. */
  private String pathWithJava() {
    return javaOnly + ":/usr/bin:/bin";
  }

  /** The tools the script uses, without java (a system may have /usr/bin/java). */
  private Path toolsWithoutJava() throws IOException {
    Path tools = Files.createDirectories(temp.resolve("tools"));
    for (String tool : List.of("dirname", "readlink", "sed", "cut")) {
      Path found = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable)
          .findFirst().orElseThrow(() -> new AssertionError(tool + " not in /usr/bin or /bin"));
      Files.createSymbolicLink(tools.resolve(tool), found);
    }
    return tools;
  }

  /** A JAVA_HOME whose bin/java is a shell script, with a release file when one is given. */
  private Path fakeJdk(String name, String release, String javaScript) throws IOException {
    Path jdk = Files.createDirectories(temp.resolve(name));
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n" + javaScript + "\n");
    Files.setPosixFilePermissions(java, Archives.permissions(0755));
    if (release != null) {
      Files.writeString(jdk.resolve("release"), release);
    }
    return jdk;
  }

  private Result run(Path command, String path, String... args) throws Exception {
    return run(command, Map.of("PATH", path), args);
  }

  /** Runs the command with exactly this environment plus HOME, from the unrelated working directory. */
  private Result run(Path command, Map<String, String> environment, String... args) throws Exception {
    return run(List.of(command.toString()), workingDirectory, environment, args);
  }

  /** Runs the command line with exactly this environment plus HOME, from this directory. */
  private Result run(List<String> command, Path directory, Map<String, String> environment, String... args)
      throws Exception {
    List<String> line = new ArrayList<>(command);
    line.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("HOME", home.toString());
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(line + " did not finish in 120 s");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
