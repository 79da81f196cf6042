import io.wflaunch.cli.WflaunchCli;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the command's completion script, what {@code wflaunch generate-completion} prints, to the file named by
 * the first argument. The build runs it (a single-file program, on the class path of the shaded jar) to put the
 * script in the distribution: only the command's standard output goes to the file, never what the JVM itself
 * says on standard error (such as "Picked up JAVA_TOOL_OPTIONS").
 */
public final class GenerateCompletion {

  private GenerateCompletion() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    // The command writes through a PrintWriter over System.out and then exits with its code.
    System.setOut(new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8));
    WflaunchCli.main(new String[] {"generate-completion"});
  }
}
