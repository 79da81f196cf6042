package io.wflaunch.testkit.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads and writes SDK model objects as the bodies of an AWS JSON 1.1 service, from the objects' own
 * field metadata: members under their wire names, timestamps in epoch seconds, lists and maps the SDK
 * left unset omitted.
 */
final class AwsJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private AwsJson() {}

  static ObjectNode write(SdkPojo pojo) {
    ObjectNode node = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
        node.set(field.locationName(), write(field, value));
      }
    }
    return node;
  }

  private static JsonNode write(SdkField<?> field, Object value) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return write((SdkPojo) value);
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      ArrayNode array = NODES.arrayNode();
      ((List<?>) value).forEach(item -> array.add(item == null ? NODES.nullNode() : write(member, item)));
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
      return NODES.numberNode(BigDecimal.valueOf(instant.getEpochSecond())
          .add(BigDecimal.valueOf(instant.getNano(), 9)).stripTrailingZeros());
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Integer number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Number number) {
      return NODES.numberNode(number.doubleValue());
    }
    return NODES.textNode(value.toString());
  }

  /** Builds a model object from {@code json} through a new builder of its type. */
  @SuppressWarnings("unchecked")
  static <T> T read(JsonNode json, Supplier<? extends SdkBuilder<?, T>> builder) {
    SdkBuilder<?, T> target = builder.get();
    fill((SdkPojo) target, json);
    return target.build();
  }

  private static void fill(SdkPojo builder, JsonNode json) {
    for (SdkField<?> field : builder.sdkFields()) {
      JsonNode value = json.get(field.locationName());
      if (value != null && !value.isNull()) {
        field.set(builder, read(field, value));
      }
    }
  }

  private static Object read(SdkField<?> field, JsonNode value) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      SdkPojo nested = field.constructor().get();
      fill(nested, value);
      return ((SdkBuilder<?, ?>) nested).build();
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(item.isNull() ? null : read(member, item)));
      return list;
    }
    if (type == MarshallingType.MAP) {
      SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(entry ->
          map.put(entry.getKey(), entry.getValue().isNull() ? null : read(member, entry.getValue())));
      return map;
    }
    if (type == MarshallingType.INTEGER) {
      return value.intValue();
    }
    if (type == MarshallingType.LONG) {
      return value.longValue();
    }
    if (type == MarshallingType.DOUBLE) {
      return value.doubleValue();
    }
    if (type == MarshallingType.BOOLEAN) {
      return value.booleanValue();
    }
    if (type == MarshallingType.INSTANT) {
      BigDecimal seconds = value.decimalValue();
      return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    return value.asText();
  }
}
