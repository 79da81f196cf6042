package io.wflaunch.cli;

import io.wflaunch.dynamodb.DynamoDbIdempotencyStore;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code wflaunch init-table}: creates the DynamoDB table {@code --idempotency-table} uses. */
@Command(name = "init-table",
    description = "Create the DynamoDB table for --idempotency-table (on-demand, TTL on expiresAt) in the region, "
        + "profile and endpoint given, and print its name. Exits 0 also when the table exists with the right key "
        + "schema; 2 when a table of that name has another one.")
final class InitTableCommand implements Callable<Integer> {

  @ParentCommand
  private WflaunchCli cli;

  @Spec
  private CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<name>", description = "The table name (3 to 255 of a-z A-Z 0-9 _ - .).")
  private String name;

  @Override
  public Integer call() {
    if (cli.globals().fake()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "init-table needs DynamoDB, not local mode");
    }
    WflaunchCli.checkTableName(spec.commandLine(), "<name>", name);
    try (DynamoDbClient dynamo = AwsSession.dynamoDb(cli.globals())) {
      boolean created = DynamoDbIdempotencyStore.createTable(dynamo, name);
      cli.note(created ? "created table " + name : "table " + name + " exists with the right key schema");
      cli.out().println(cli.globals().json ? StatusOutput.object("table", name, "created", created) : name);
      cli.out().flush();
      return ExitCodes.OK;
    }
  }
}
