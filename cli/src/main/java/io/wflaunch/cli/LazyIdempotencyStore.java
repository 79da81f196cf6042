package io.wflaunch.cli;

import io.wflaunch.dynamodb.DynamoDbIdempotencyStore;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code --idempotency-table} store, its DynamoDB client built on the first keyed start, so that
 * commands that start nothing (status, list) need no DynamoDB configuration.
 */
final class LazyIdempotencyStore implements IdempotencyStore {

  private final GlobalOptions options;
  private final String table;
  private DynamoDbClient client;
  private DynamoDbIdempotencyStore store;

  /** The table name was checked when {@code --idempotency-table} was parsed. */
  LazyIdempotencyStore(GlobalOptions options) {
    this.options = options;
    this.table = options.idempotencyTable();
  }

  private synchronized IdempotencyStore store() {
    if (store == null) {
      client = AwsSession.dynamoDb(options);
      store = DynamoDbIdempotencyStore.create(client, table);
    }
    return store;
  }

  @Override
  public Write create(IdempotencyRecord claim, Instant now) {
    return store().create(claim, now);
  }

  @Override
  public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
    return store().replace(expected, next);
  }

  @Override
  public boolean release(IdempotencyRecord claim) {
    return store().release(claim);
  }

  @Override
  public Optional<IdempotencyRecord> read(String key, Instant now) {
    return store().read(key, now);
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
