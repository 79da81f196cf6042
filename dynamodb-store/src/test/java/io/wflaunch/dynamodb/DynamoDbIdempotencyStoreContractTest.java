package io.wflaunch.dynamodb;

import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.testkit.IdempotencyStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract against DynamoDB Local, over HTTP with the real SDK client. */
class DynamoDbIdempotencyStoreContractTest extends IdempotencyStoreContract {

  @RegisterExtension
  static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

  static DynamoDbClient client;
  static DynamoDbIdempotencyStore store;

  @BeforeAll
  static void createTable() {
    client = DYNAMODB.client();
    DynamoDbIdempotencyStore.createTable(client, "wflaunch-contract");
    store = DynamoDbIdempotencyStore.create(client, "wflaunch-contract");
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Override
  protected IdempotencyStore store() {
    return store;
  }
}
