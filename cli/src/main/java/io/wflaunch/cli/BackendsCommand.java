package io.wflaunch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wflaunch.spi.BackendOption;
import io.wflaunch.spi.BackendProvider;
import io.wflaunch.spi.BackendProviders;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code wflaunch backends}: the installed backend types, their target and handle forms and options. */
@Command(name = "backends", description = "List the installed backend types: each one's target and handle form, "
    + "its start options (--option), its settings (wflaunch.backends.<id>.options.* in Spring Boot) and whether "
    + "--local and demo have a fake of it, and the source and detail types of the run events its engine publishes "
    + "(for 'wflaunch events'); a JSON array with --json.")
final class BackendsCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  private WflaunchCli cli;

  @Override
  public Integer call() throws Exception {
    List<BackendProvider> providers = BackendProviders.installed();
    PrintWriter out = cli.out();
    if (cli.globals().json) {
      ArrayNode array = JSON.createArrayNode();
      for (BackendProvider provider : providers) {
        ObjectNode node = array.addObject();
        node.put("type", provider.type());
        node.put("description", provider.description());
        node.put("target", provider.targetForm());
        node.put("handle", provider.handleForm());
        node.put("fake", hasFake(provider));
        ArrayNode options = node.putArray("startOptions");
        provider.startOptions().forEach(option -> options.add(option.name()));
        ArrayNode settings = node.putArray("options");
        provider.options().forEach(option -> settings.add(option.name()));
        provider.runEvents().ifPresentOrElse(format -> {
          ObjectNode events = node.putObject("events");
          events.put("source", format.source());
          format.detailTypes().forEach(events.putArray("detailTypes")::add);
        }, () -> node.putNull("events"));
      }
      out.println(JSON.writeValueAsString(array));
    } else if (providers.isEmpty()) {
      out.println("No backend is installed: add a backend module (such as wflaunch-<type>-adapter) to the class path.");
    } else {
      for (BackendProvider provider : providers) {
        out.printf("%-14s %s%n", provider.type(), provider.description());
        out.printf("%-14s target %s%n", "", provider.targetForm());
        out.printf("%-14s handle %s%n", "", provider.handleForm());
        List<String> options = provider.startOptions().stream().map(BackendOption::name).toList();
        if (!options.isEmpty()) {
          out.printf("%-14s --option %s%n", "", String.join(", ", options));
        }
        List<String> settings = provider.options().stream().map(BackendOption::name).toList();
        if (!settings.isEmpty()) {
          out.printf("%-14s options %s%n", "", String.join(", ", settings));
        }
        out.printf("%-14s fake   %s%n", "", hasFake(provider) ? "yes (--local, demo)" : "no: not in --local or demo");
        provider.runEvents().ifPresent(format -> out.printf("%-14s events %s: %s%n", "", format.source(),
            String.join(", ", format.detailTypes())));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static boolean hasFake(BackendProvider provider) {
    return BackendProviders.hasFake(provider.type());
  }
}
