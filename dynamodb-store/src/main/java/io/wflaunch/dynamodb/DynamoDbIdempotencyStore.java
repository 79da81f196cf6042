package io.wflaunch.dynamodb;

import io.wflaunch.ConfigurationException;
import io.wflaunch.ErrorContext;
import io.wflaunch.RunHandle;
import io.wflaunch.WorkflowLaunchException;
import io.wflaunch.WorkflowTarget;
import io.wflaunch.aws.AwsErrors;
import io.wflaunch.spi.support.ErrorTable;
import io.wflaunch.spi.support.ErrorTable.Row;
import io.wflaunch.spi.store.IdempotencyRecord;
import io.wflaunch.spi.store.IdempotencyStore;
import io.wflaunch.spi.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * An {@link IdempotencyStore} in a DynamoDB table, shared by every launcher (thread, process, machine)
 * that uses the table: one run per idempotency key across a fleet.
 *
 * <pre>{@code
 * DynamoDbClient dynamo = DynamoDbClient.create();
 * DynamoDbIdempotencyStore.createTable(dynamo, "wflaunch-keys");   // once; idempotent
 * try (WorkflowLauncher launcher = WorkflowLauncher.builder()
 *     .backend(backend)                                            // any WorkflowBackend
 *     .idempotencyStore(DynamoDbIdempotencyStore.create(dynamo, "wflaunch-keys"))
 *     .build()) {
 *   launcher.start(request);   // with an idempotency key: one run per key across the fleet
 * }
 * }</pre>
 *
 * <p><b>Table layout</b> (one item per key; {@link #createTable} makes it on-demand, with TTL on
 * {@value #EXPIRES_AT}):
 *
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><th>Attribute</th><th>Type</th><th>Holds</th></tr>
 *   <tr><td>{@value #KEY} (partition key)</td><td>S</td><td>target, a space, the caller's key</td></tr>
 *   <tr><td>{@value #REQUEST_HASH}</td><td>S</td><td>hex SHA-256 of the request (never its values)</td></tr>
 *   <tr><td>{@value #OWNER}</td><td>S</td><td>the start call holding or last holding the claim</td></tr>
 *   <tr><td>{@value #FENCE}</td><td>N</td><td>fencing counter, moved on by every claim taken over</td></tr>
 *   <tr><td>{@value #GENERATION}</td><td>N</td><td>which run of the key</td></tr>
 *   <tr><td>{@value #LEASE_UNTIL}</td><td>N</td><td>end of the claim's lease, epoch milliseconds</td></tr>
 *   <tr><td>{@value #HANDLE}</td><td>S</td><td>the run's handle, once recorded</td></tr>
 *   <tr><td>{@value #EXPIRES_AT}</td><td>N</td><td>expiry, epoch seconds (the TTL attribute)</td></tr>
 * </table>
 *
 * <p>Every call is one request on one item: {@code PutItem} with a condition (claims, records, take-
 * overs; a refused one returns the item, {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}),
 * {@code DeleteItem} with a condition (giving a claim up), {@code GetItem} with {@code
 * ConsistentRead} (waiting for a key in flight); never a scan or query. The IAM actions it needs are
 * {@code dynamodb:GetItem}, {@code dynamodb:PutItem} and {@code dynamodb:DeleteItem} on the table;
 * {@link #createTable} needs {@code dynamodb:CreateTable}, {@code dynamodb:DescribeTable},
 * {@code dynamodb:UpdateTimeToLive} and {@code dynamodb:DescribeTimeToLive}. DynamoDB deletes expired
 * items up to a few days late; the store treats an item past its expiry as absent.
 *
 * <p>Failures are {@link WorkflowLaunchException}s: throttling, unavailability, access denied, a missing
 * table ({@link ConfigurationException}). Safe for use by several threads; it does not close the
 * client it was given.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

  /** The partition key attribute. */
  public static final String KEY = "key";
  /** The request hash attribute. */
  public static final String REQUEST_HASH = "requestHash";
  /** The owner attribute. */
  public static final String OWNER = "owner";
  /** The fencing counter attribute. */
  public static final String FENCE = "fence";
  /** The generation attribute. */
  public static final String GENERATION = "generation";
  /** The lease attribute, epoch milliseconds. */
  public static final String LEASE_UNTIL = "leaseUntil";
  /** The run handle attribute. */
  public static final String HANDLE = "handle";
  /** The expiry attribute, epoch seconds: the table's TTL attribute. */
  public static final String EXPIRES_AT = "expiresAt";

  private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
  private static final ErrorContext STORE = ErrorContext.of("dynamodb");

  private final DynamoDbClient client;
  private final String tableName;
  private final ErrorTable<SdkException> errors;

  private DynamoDbIdempotencyStore(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = checkTableName(tableName);
    this.errors = errorTable(this.tableName);
  }

  /**
   * A store in an existing table (see {@link #createTable}).
   *
   * @param client the DynamoDB client; the store does not close it
   * @param tableName the table
   * @return the store
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code tableName} is not a valid DynamoDB table name
   */
  public static DynamoDbIdempotencyStore create(DynamoDbClient client, String tableName) {
    return new DynamoDbIdempotencyStore(client, tableName);
  }

  /**
   * Creates the table the store needs, on-demand billing with TTL on {@value #EXPIRES_AT}, and waits until
   * it is active. A table of that name that already has the right key schema is kept (its TTL turned on
   * if it is off), so calling this again is harmless.
   *
   * @param client the DynamoDB client
   * @param tableName the table
   * @return true when the table was created, false when it existed
   * @throws IllegalArgumentException if {@code tableName} is not a valid DynamoDB table name
   * @throws ConfigurationException if a table of that name exists with another key schema, or with TTL on
   *     another attribute
   * @throws WorkflowLaunchException if DynamoDB refused or failed a call
   */
  public static boolean createTable(DynamoDbClient client, String tableName) {
    Objects.requireNonNull(client, "client");
    String name = checkTableName(tableName);
    ErrorTable<SdkException> errors = errorTable(name);
    boolean created;
    try {
      client.describeTable(b -> b.tableName(name));
      // Another init-table may still be creating it: wait until it is active before its TTL is set.
      client.waiter().waitUntilTableExists(b -> b.tableName(name));
      checkKeySchema(name, client.describeTable(b -> b.tableName(name)).table());
      created = false;
    } catch (ResourceNotFoundException notFound) {
      try {
        client.createTable(b -> b.tableName(name)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
            .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                .attributeType(ScalarAttributeType.S).build()));
        created = true;
      } catch (ResourceInUseException createdMeanwhile) {
        created = false;
      } catch (SdkException e) {
        throw errors.map(e, STORE, Operation.LOOK_UP);
      }
      try {
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        checkKeySchema(name, client.describeTable(b -> b.tableName(name)).table());
      } catch (SdkException e) {
        throw errors.map(e, STORE, Operation.LOOK_UP);
      }
    } catch (SdkException e) {
      throw errors.map(e, STORE, Operation.LOOK_UP);
    }
    enableTimeToLive(client, name, errors);
    return created;
  }

  /**
   * The table the store uses.
   *
   * @return its name
   */
  public String tableName() {
    return tableName;
  }

  @Override
  public Write create(IdempotencyRecord claim, Instant now) {
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(now, "now");
    checkKey(claim.key());
    return call(claim.key(), () -> {
      try {
        client.putItem(b -> b.tableName(tableName).item(item(claim))
            .conditionExpression("attribute_not_exists(#key) OR #expiresAt <= :now")
            .expressionAttributeNames(Map.of("#key", KEY, "#expiresAt", EXPIRES_AT))
            .expressionAttributeValues(Map.of(":now", number(now.getEpochSecond())))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return Write.APPLIED;
      } catch (ConditionalCheckFailedException refused) {
        return Write.refused(refusedBy(refused, claim.key(), now));
      }
    });
  }

  @Override
  public Write replace(IdempotencyRecord expected, IdempotencyRecord next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!expected.key().equals(next.key())) {
      throw new IllegalArgumentException("expected and next are records of different keys");
    }
    return call(next.key(), () -> {
      try {
        client.putItem(b -> b.tableName(tableName).item(item(next))
            .conditionExpression("#fence = :fence AND #owner = :owner")
            .expressionAttributeNames(Map.of("#fence", FENCE, "#owner", OWNER))
            .expressionAttributeValues(Map.of(":fence", number(expected.fence()),
                ":owner", AttributeValue.fromS(expected.owner())))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return Write.APPLIED;
      } catch (ConditionalCheckFailedException refused) {
        return Write.refused(refusedBy(refused, next.key(), null));
      }
    });
  }

  @Override
  public boolean release(IdempotencyRecord claim) {
    Objects.requireNonNull(claim, "claim");
    return call(claim.key(), () -> {
      try {
        client.deleteItem(b -> b.tableName(tableName).key(Map.of(KEY, AttributeValue.fromS(claim.key())))
            .conditionExpression("#fence = :fence AND #owner = :owner")
            .expressionAttributeNames(Map.of("#fence", FENCE, "#owner", OWNER))
            .expressionAttributeValues(Map.of(":fence", number(claim.fence()),
                ":owner", AttributeValue.fromS(claim.owner()))));
        return true;
      } catch (ConditionalCheckFailedException refused) {
        return false;
      }
    });
  }

  @Override
  public Optional<IdempotencyRecord> read(String key, Instant now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(now, "now");
    return call(key, () -> readItem(key)).filter(record -> !record.expiredAt(now));
  }

  @Override
  public String toString() {
    return "DynamoDbIdempotencyStore[" + tableName + "]";
  }

  /** DynamoDB's answers to an item whose key does not fit the table's key schema. */
  private static final List<String> KEY_SCHEMA_MISMATCHES = List.of("missing the key", "type mismatch for key",
      "provided key element does not match the schema", "one of the required keys was not given a value");

  private static boolean refusesTheItemsKey(SdkException e) {
    if (!(e instanceof AwsServiceException aws) || aws.awsErrorDetails() == null
        || !"ValidationException".equals(aws.awsErrorDetails().errorCode())) {
      return false;
    }
    String message = String.valueOf(aws.awsErrorDetails().errorMessage()).toLowerCase(java.util.Locale.ROOT);
    return KEY_SCHEMA_MISMATCHES.stream().anyMatch(message::contains);
  }

  /** DynamoDB's limit on a partition key value: 2048 bytes of UTF-8. */
  static final int MAX_KEY_BYTES = 2048;

  /** Refuses, before any request, a scoped key longer than DynamoDB takes. */
  private static String checkKey(String key) {
    int bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new io.wflaunch.InvalidRequestException(contextOf(key), "idempotencyKey", "with its target must be at "
          + "most " + MAX_KEY_BYTES + " bytes of UTF-8 in a DynamoDB idempotency table, found " + bytes);
    }
    return key;
  }

  // ---- items ----

  private Optional<IdempotencyRecord> readItem(String key) {
    Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName)
        .key(Map.of(KEY, AttributeValue.fromS(key))).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
  }

  /** The item that refused a write; read if the engine did not return it. */
  private Optional<IdempotencyRecord> refusedBy(ConditionalCheckFailedException refused, String key, Instant now) {
    Map<String, AttributeValue> item = refused.hasItem() ? refused.item() : Map.of();
    Optional<IdempotencyRecord> current = item.isEmpty() ? readItem(key) : Optional.of(record(item));
    return now == null ? current : current.filter(record -> !record.expiredAt(now));
  }

  static Map<String, AttributeValue> item(IdempotencyRecord record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, AttributeValue.fromS(record.key()));
    item.put(REQUEST_HASH, AttributeValue.fromS(record.requestHash()));
    item.put(OWNER, AttributeValue.fromS(record.owner()));
    item.put(FENCE, number(record.fence()));
    item.put(GENERATION, number(record.generation()));
    item.put(LEASE_UNTIL, number(record.leaseUntil().toEpochMilli()));
    record.handle().ifPresent(handle -> item.put(HANDLE, AttributeValue.fromS(handle.toString())));
    item.put(EXPIRES_AT, number(record.expiresAt().getEpochSecond()));
    return item;
  }

  static IdempotencyRecord record(Map<String, AttributeValue> item) {
    try {
      return new IdempotencyRecord(item.get(KEY).s(), item.get(REQUEST_HASH).s(), item.get(OWNER).s(),
          Long.parseLong(item.get(FENCE).n()), Integer.parseInt(item.get(GENERATION).n()),
          Instant.ofEpochMilli(Long.parseLong(item.get(LEASE_UNTIL).n())),
          Optional.ofNullable(item.get(HANDLE)).map(AttributeValue::s).map(RunHandle::parse),
          Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())));
    } catch (RuntimeException e) {
      throw new WorkflowLaunchException(STORE, "an item of the idempotency table is not one the store wrote (attributes "
          + item.keySet() + "): " + e.getMessage(), false, e);
    }
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  // ---- errors and the table ----

  private <T> T call(String key, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw errors.map(e, contextOf(key), Operation.LOOK_UP);
    }
  }

  /** The target the scoped key begins with, for the error's context. */
  private static ErrorContext contextOf(String key) {
    int space = key.indexOf(' ');
    try {
      return space > 0 ? ErrorContext.of(WorkflowTarget.parse(key.substring(0, space))) : STORE;
    } catch (RuntimeException e) {
      return STORE;
    }
  }

  /**
   * The store's errors: the AWS rows every adapter shares, a missing table, and a table that refuses the
   * store's items (another key schema); every detail names the table, so that a DynamoDB failure is not
   * taken for one of the workflow's backend.
   */
  private static ErrorTable<SdkException> errorTable(String tableName) {
    ErrorTable.Reader<SdkException> reader = new ErrorTable.Reader<>(AwsErrors.READER.httpStatus(),
        AwsErrors.READER.requestId(), e -> "idempotency table '" + tableName + "' (DynamoDB): "
            + AwsErrors.READER.detail().apply(e), AwsErrors.READER.throttling());
    List<Row<SdkException>> rows = new ArrayList<>(AwsErrors.COMMON_ROWS);
    rows.add(new Row<>(ResourceNotFoundException.class,
        (context, operation, detail, e) -> new ConfigurationException(context, "idempotency table",
            "DynamoDB table '" + tableName + "' does not exist in this account and region; create it with "
                + "DynamoDbIdempotencyStore.createTable or 'wflaunch init-table " + tableName + "' (" + detail + ")",
            e)));
    rows.add(new Row<>(AwsServiceException.class, DynamoDbIdempotencyStore::refusesTheItemsKey,
        (context, operation, detail, e) -> new ConfigurationException(context, "idempotency table",
            "DynamoDB table '" + tableName + "' refused the store's item; is it a table made by "
                + "DynamoDbIdempotencyStore.createTable or 'wflaunch init-table' (partition key '" + KEY
                + "' of type S, no sort key)? (" + detail + ")", e)));
    return ErrorTable.of(SdkException.class, reader, rows);
  }

  /**
   * Checks a table name before any client is built or request sent.
   *
   * @param tableName the name
   * @return the name
   * @throws NullPointerException if {@code tableName} is null
   * @throws IllegalArgumentException if it is not a valid DynamoDB table name (3 to 255 characters of
   *     letters, digits, '_', '-' and '.'); the message says so
   */
  public static String checkTableName(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    if (!TABLE_NAME.matcher(tableName).matches()) {
      throw new IllegalArgumentException("tableName must be 3 to 255 characters of letters, digits, '_', '-' and "
          + "'.', found " + io.wflaunch.spi.support.UserText.quote(tableName));
    }
    return tableName;
  }

  private static void checkKeySchema(String tableName, TableDescription table) {
    List<KeySchemaElement> schema = table.keySchema();
    Map<String, String> types = new HashMap<>();
    table.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
    boolean keyIsString = ScalarAttributeType.S.toString().equals(types.get(KEY));
    if (schema.size() != 1 || !schema.get(0).attributeName().equals(KEY)
        || schema.get(0).keyType() != KeyType.HASH || !keyIsString) {
      String found = schema.stream().map(k -> (k.keyType() == KeyType.HASH ? "partition key '" : "sort key '")
          + k.attributeName() + "' of type " + types.get(k.attributeName())).collect(Collectors.joining(", "));
      throw new ConfigurationException(STORE, "idempotency table", "DynamoDB table '" + tableName
          + "' exists with " + found + "; the idempotency store needs a partition key '" + KEY
          + "' of type S and no sort key: choose another table name", null);
    }
  }

  private static void enableTimeToLive(DynamoDbClient client, String tableName, ErrorTable<SdkException> errors) {
    try {
      if (timeToLiveOn(client, tableName)) {
        return;
      }
      try {
        client.updateTimeToLive(b -> b.tableName(tableName)
            .timeToLiveSpecification(t -> t.enabled(true).attributeName(EXPIRES_AT)));
      } catch (SdkException e) {
        // Another init-table may have turned it on meanwhile: that is as good.
        if (!timeToLiveOn(client, tableName)) {
          throw e;
        }
      }
    } catch (SdkException e) {
      throw errors.map(e, STORE, Operation.LOOK_UP);
    }
  }

  /** Whether TTL is on (or being turned on) for {@value #EXPIRES_AT}; refuses TTL on another attribute. */
  private static boolean timeToLiveOn(DynamoDbClient client, String tableName) {
    TimeToLiveDescription ttl = client.describeTimeToLive(b -> b.tableName(tableName)).timeToLiveDescription();
    TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
    if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
      if (!EXPIRES_AT.equals(ttl.attributeName())) {
        throw new ConfigurationException(STORE, "idempotency table", "DynamoDB table '" + tableName
            + "' has TTL on attribute '" + ttl.attributeName() + "'; the idempotency store needs it on '" + EXPIRES_AT
            + "': choose another table name", null);
      }
      return true;
    }
    return false;
  }
}
