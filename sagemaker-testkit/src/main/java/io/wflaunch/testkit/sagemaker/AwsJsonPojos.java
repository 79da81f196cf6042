package io.wflaunch.testkit.sagemaker;

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
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads and writes SDK model objects as the bodies of the JSON 1.1 protocol, from the objects' own field
 * metadata: members under their wire names, timestamps as epoch seconds, lists and maps the SDK left
 * unset omitted. Enough of the protocol for the shapes the local SageMaker server serves.
 */
final class AwsJsonPojos {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private AwsJsonPojos() {}

  /** An object's JSON body. */
  static ObjectNode write(SdkPojo pojo) {
    ObjectNode node = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
        node.set(field.locationName(), value(field, value));
      }
    }
    return node;
  }

  /**
   * Fills a model object's builder from a JSON body and builds it.
   *
   * @throws IllegalArgumentException for a member of the wrong JSON type
   */
  @SuppressWarnings("unchecked")
  static <T> T read(JsonNode body, SdkPojo builder) {
    for (SdkField<?> field : builder.sdkFields()) {
      JsonNode node = body.get(field.locationName());
      if (node != null && !node.isNull()) {
        field.set(builder, parse(field, node));
      }
    }
    return (T) ((SdkBuilder<?, ?>) builder).build();
  }

  private static Object parse(SdkField<?> field, JsonNode node) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      require(node.isObject(), field);
      return read(node, field.constructor().get());
    }
    if (type == MarshallingType.LIST) {
      require(node.isArray(), field);
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(item.isNull() ? null : parse(member, item)));
      return list;
    }
    if (type == MarshallingType.MAP) {
      require(node.isObject(), field);
      SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNull() ? null : parse(member, e.getValue())));
      return map;
    }
    if (type == MarshallingType.INSTANT) {
      require(node.isNumber(), field);
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
    }
    if (type == MarshallingType.INTEGER) {
      require(node.isIntegralNumber(), field);
      return node.intValue();
    }
    if (type == MarshallingType.LONG) {
      require(node.isIntegralNumber(), field);
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
    require(node.isTextual(), field);
    return node.textValue();
  }

  private static void require(boolean ok, SdkField<?> field) {
    if (!ok) {
      throw new IllegalArgumentException("member " + field.locationName() + " has the wrong JSON type");
    }
  }

  private static JsonNode value(SdkField<?> field, Object value) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return write((SdkPojo) value);
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      ArrayNode array = NODES.arrayNode();
      for (Object item : (List<?>) value) {
        array.add(item == null ? NODES.nullNode() : value(member, item));
      }
      return array;
    }
    if (type == MarshallingType.MAP) {
      SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
      ObjectNode map = NODES.objectNode();
      ((Map<?, ?>) value).forEach((key, item) ->
          map.set(String.valueOf(key), item == null ? NODES.nullNode() : value(member, item)));
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
}
