package io.wflaunch.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads and writes SDK model objects as the JSON bodies of the AWS JSON 1.0/1.1 and REST-JSON protocols,
 * from the objects' own field metadata, for local servers of AWS services written over the testkits'
 * fakes. Only body (payload) members are read and written, under their wire names; members bound to the
 * path, query or headers are left to the caller. Timestamps are written in the format the model gives
 * them, epoch seconds when it gives none; blobs are base64; lists and maps the SDK left unset are omitted.
 *
 * <pre>{@code
 * StartExecutionRequest start = SdkJson.read(body, StartExecutionRequest.builder());
 * String answer = SdkJson.write(fake.startExecution(start)).toString();
 * }</pre>
 */
public final class SdkJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private SdkJson() {}

  /**
   * A model object's JSON body.
   *
   * @param pojo the object, such as a response of a fake
   * @return its body members as a JSON object
   */
  public static ObjectNode write(SdkPojo pojo) {
    Objects.requireNonNull(pojo, "pojo");
    ObjectNode node = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      if (!inBody(field)) {
        continue;
      }
      Object value = field.getValueOrDefault(pojo);
      if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
        node.set(field.locationName(), write(field, value));
      }
    }
    return node;
  }

  /**
   * Fills a model object's builder from a JSON body and builds it. Members the builder already holds
   * (such as ones bound to the path) stay unless the body names them too; JSON nulls are skipped.
   *
   * @param <T> the model type
   * @param body the JSON object
   * @param builder a builder of the model type, such as {@code StartJobRunRequest.builder()}
   * @return the built object
   * @throws IllegalArgumentException if the body is not a JSON object or a member has the wrong JSON type
   */
  public static <T> T read(JsonNode body, SdkBuilder<?, T> builder) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(builder, "builder");
    if (!body.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    if (!(builder instanceof SdkPojo pojo)) {
      throw new IllegalArgumentException(builder.getClass().getName() + " is not a builder of an SDK model object");
    }
    fill(pojo, body);
    return builder.build();
  }

  private static boolean inBody(SdkField<?> field) {
    return field.location() == null || field.location() == MarshallLocation.PAYLOAD;
  }

  private static void fill(SdkPojo builder, JsonNode body) {
    for (SdkField<?> field : builder.sdkFields()) {
      JsonNode node = inBody(field) ? body.get(field.locationName()) : null;
      if (node != null && !node.isNull()) {
        field.set(builder, read(field, node));
      }
    }
  }

  private static JsonNode write(SdkField<?> field, Object value) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return write((SdkPojo) value);
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      ArrayNode array = NODES.arrayNode();
      for (Object item : (List<?>) value) {
        array.add(item == null ? NODES.nullNode() : write(member, item));
      }
      return array;
    }
    if (type == MarshallingType.MAP) {
      SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
      ObjectNode map = NODES.objectNode();
      ((Map<?, ?>) value).forEach((key, item) ->
          map.set(String.valueOf(key), item == null ? NODES.nullNode() : write(member, item)));
      return map;
    }
    if (value instanceof Instant instant) {
      return switch (format(field)) {
        case ISO_8601 -> NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(instant));
        case RFC_822 -> NODES.textNode(DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)));
        case UNIX_TIMESTAMP_MILLIS -> NODES.numberNode(instant.toEpochMilli());
        default -> NODES.numberNode(BigDecimal.valueOf(instant.getEpochSecond())
            .add(BigDecimal.valueOf(instant.getNano(), 9)).stripTrailingZeros());
      };
    }
    if (value instanceof SdkBytes bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArray()));
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof BigDecimal decimal) {
      return NODES.numberNode(decimal);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Number number) {
      return NODES.numberNode(number.doubleValue());
    }
    return NODES.textNode(value.toString());
  }

  private static TimestampFormatTrait.Format format(SdkField<?> field) {
    TimestampFormatTrait trait = field.getTrait(TimestampFormatTrait.class);
    return trait == null ? TimestampFormatTrait.Format.UNIX_TIMESTAMP : trait.format();
  }

  private static Object read(SdkField<?> field, JsonNode node) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      require(node.isObject(), field);
      SdkPojo nested = field.constructor().get();
      fill(nested, node);
      return ((SdkBuilder<?, ?>) nested).build();
    }
    if (type == MarshallingType.LIST) {
      require(node.isArray(), field);
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(item.isNull() ? null : read(member, item)));
      return list;
    }
    if (type == MarshallingType.MAP) {
      require(node.isObject(), field);
      SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(entry ->
          map.put(entry.getKey(), entry.getValue().isNull() ? null : read(member, entry.getValue())));
      return map;
    }
    if (type == MarshallingType.INSTANT) {
      return instant(field, node);
    }
    if (type == MarshallingType.INTEGER) {
      require(node.isIntegralNumber() && node.canConvertToInt(), field);
      return node.intValue();
    }
    if (type == MarshallingType.LONG) {
      require(node.isIntegralNumber() && node.canConvertToLong(), field);
      return node.longValue();
    }
    if (type == MarshallingType.BOOLEAN) {
      require(node.isBoolean(), field);
      return node.booleanValue();
    }
    if (type == MarshallingType.DOUBLE) {
      require(node.isNumber(), field);
      return node.doubleValue();
    }
    if (type == MarshallingType.FLOAT) {
      require(node.isNumber(), field);
      return node.floatValue();
    }
    if (type == MarshallingType.BIG_DECIMAL) {
      require(node.isNumber(), field);
      return node.decimalValue();
    }
    if (type == MarshallingType.SDK_BYTES) {
      require(node.isTextual(), field);
      try {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(node.textValue()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("member " + field.locationName() + " is not base64", e);
      }
    }
    require(node.isTextual(), field);
    return node.textValue();
  }

  private static Instant instant(SdkField<?> field, JsonNode node) {
    if (node.isNumber()) {
      if (format(field) == TimestampFormatTrait.Format.UNIX_TIMESTAMP_MILLIS) {
        return Instant.ofEpochMilli(node.longValue());
      }
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    require(node.isTextual(), field);
    try {
      return format(field) == TimestampFormatTrait.Format.RFC_822
          ? DateTimeFormatter.RFC_1123_DATE_TIME.parse(node.textValue(), Instant::from)
          : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.textValue(), Instant::from);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("member " + field.locationName() + " is not a timestamp: " + node.textValue(), e);
    }
  }

  private static void require(boolean ok, SdkField<?> field) {
    if (!ok) {
      throw new IllegalArgumentException("member " + field.locationName() + " has the wrong JSON type");
    }
  }
}
