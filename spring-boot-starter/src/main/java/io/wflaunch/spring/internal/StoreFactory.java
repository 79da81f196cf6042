package io.wflaunch.spring.internal;

import io.wflaunch.dynamodb.DynamoDbIdempotencyStore;
import io.wflaunch.spi.store.IdempotencyStore;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** The DynamoDB idempotency store: over the application's {@link DynamoDbClient} bean, or a client built. */
public final class StoreFactory {

  private StoreFactory() {}

  /**
   * Builds the store.
   *
   * @param table the table name
   * @param settings the client settings
   * @param beans the application's beans
   * @param owned collects a client built here, to close with the launcher
   * @return the store
   */
  public static IdempotencyStore create(String table, ClientSettings settings, ListableBeanFactory beans,
      List<AutoCloseable> owned) {
    try {
      DynamoDbIdempotencyStore.checkTableName(table);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException("wflaunch.idempotency.table", table, e.getMessage());
    }
    DynamoDbClient client = beans.getBeanProvider(DynamoDbClient.class).getIfUnique();
    if (client != null && !settings.setProperties().isEmpty()) {
      throw new InvalidConfigurationPropertyValueException(settings.setProperties().get(0), "(set)", "Not used: the "
          + "application defines a DynamoDbClient bean, which wflaunch uses as it is configured. Remove "
          + String.join(", ", settings.setProperties()) + ", or the bean.");
    }
    if (client == null) {
      DynamoDbClientBuilder builder = DynamoDbClient.builder();
      settings.apply(builder, true);
      try {
        client = builder.build();
      } catch (RuntimeException e) {
        throw new InvalidConfigurationPropertyValueException(settings.prefix() + ".region", settings.region(),
            "The DynamoDB client could not be built: " + e.getMessage());
      }
      owned.add(client);
    }
    return DynamoDbIdempotencyStore.create(client, table);
  }
}
