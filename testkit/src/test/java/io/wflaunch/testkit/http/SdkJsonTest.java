package io.wflaunch.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.LocationTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.traits.Trait;
import software.amazon.awssdk.core.util.DefaultSdkAutoConstructList;
import software.amazon.awssdk.utils.builder.SdkBuilder;

class SdkJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  // A small model in the shape the SDK generates: fields with wire names, locations and traits.
  static final List<SdkField<?>> STEP_FIELDS = List.of(
      field(MarshallingType.STRING, "StepName", "stepName", MarshallLocation.PAYLOAD));
  static final List<SdkField<?>> RUN_FIELDS = List.of(
      field(MarshallingType.STRING, "RunId", "runId", MarshallLocation.PATH),
      field(MarshallingType.STRING, "Token", "X-Token", MarshallLocation.HEADER),
      field(MarshallingType.STRING, "Name", "name", MarshallLocation.PAYLOAD),
      field(MarshallingType.INTEGER, "Attempt", "attempt", MarshallLocation.PAYLOAD),
      field(MarshallingType.LONG, "Size", "size", MarshallLocation.PAYLOAD),
      field(MarshallingType.BOOLEAN, "Done", "done", MarshallLocation.PAYLOAD),
      field(MarshallingType.DOUBLE, "Ratio", "ratio", MarshallLocation.PAYLOAD),
      field(MarshallingType.INSTANT, "StartedOn", "startedOn", MarshallLocation.PAYLOAD),
      field(MarshallingType.INSTANT, "EndedOn", "endedOn", MarshallLocation.PAYLOAD,
          TimestampFormatTrait.create(TimestampFormatTrait.Format.ISO_8601)),
      field(MarshallingType.SDK_BYTES, "Blob", "blob", MarshallLocation.PAYLOAD),
      field(MarshallingType.LIST, "Args", "args", MarshallLocation.PAYLOAD, ListTrait.builder()
          .memberFieldInfo(field(MarshallingType.STRING, "member", "member", MarshallLocation.PAYLOAD)).build()),
      field(MarshallingType.MAP, "Steps", "steps", MarshallLocation.PAYLOAD, MapTrait.builder()
          .keyLocationName("key").valueLocationName("value")
          .valueFieldInfo(pojoField("value", STEP_FIELDS)).build()),
      pojoField("first", STEP_FIELDS));

  @Test
  void writesBodyMembersUnderTheirWireNames() {
    Shape run = new Shape(RUN_FIELDS)
        .with("RunId", "r-1").with("Token", "secret").with("Name", "nightly").with("Attempt", 2)
        .with("Size", 5_000_000_000L).with("Done", false).with("Ratio", 0.5)
        .with("StartedOn", Instant.parse("2026-01-02T03:04:05.250Z"))
        .with("EndedOn", Instant.parse("2026-01-02T03:04:06Z"))
        .with("Blob", SdkBytes.fromUtf8String("hi"))
        .with("Args", Arrays.asList("a", null, "c"))
        .with("Steps", Map.of("s1", new Shape(STEP_FIELDS).with("StepName", "extract")))
        .with("first", new Shape(STEP_FIELDS).with("StepName", "load"));

    assertThat(SdkJson.write(run).toString()).isEqualTo("{\"name\":\"nightly\",\"attempt\":2,\"size\":5000000000,"
        + "\"done\":false,\"ratio\":0.5,\"startedOn\":1767323045.25,\"endedOn\":\"2026-01-02T03:04:06Z\","
        + "\"blob\":\"aGk=\",\"args\":[\"a\",null,\"c\"],\"steps\":{\"s1\":{\"stepName\":\"extract\"}},"
        + "\"first\":{\"stepName\":\"load\"}}");
  }

  @Test
  void omitsUnsetMembersAndListsTheSdkLeftUnset() {
    Shape run = new Shape(RUN_FIELDS).with("Name", "n").with("Args", DefaultSdkAutoConstructList.getInstance());

    assertThat(SdkJson.write(run).toString()).isEqualTo("{\"name\":\"n\"}");
  }

  @Test
  void readsWhatItWrites() {
    Shape run = new Shape(RUN_FIELDS).with("Name", "nightly").with("Attempt", 3).with("Size", 7L).with("Done", true)
        .with("Ratio", 1.25).with("StartedOn", Instant.parse("2026-01-02T03:04:05.000000001Z"))
        .with("EndedOn", Instant.parse("2026-01-02T03:04:06.5Z")).with("Blob", SdkBytes.fromUtf8String("bytes"))
        .with("Args", Arrays.asList("x", null))
        .with("Steps", Map.of("s", new Shape(STEP_FIELDS).with("StepName", "t")))
        .with("first", new Shape(STEP_FIELDS).with("StepName", "u"));

    Shape read = SdkJson.read(SdkJson.write(run), new Shape.Builder(RUN_FIELDS));

    assertThat(read.values).isEqualTo(run.values);
  }

  @Test
  void keepsMembersBoundOutsideTheBodyAndIgnoresThemInIt() throws Exception {
    Shape.Builder builder = new Shape.Builder(RUN_FIELDS);
    builder.values.put("RunId", "from-path");

    Shape read = SdkJson.read(JSON.readTree("""
        {"runId":"from-body","X-Token":"t","name":"n","attempt":null}
        """), builder);

    assertThat(read.values).isEqualTo(Map.of("RunId", "from-path", "Name", "n"));
  }

  @Test
  void refusesMembersOfTheWrongJsonType() throws Exception {
    assertThatThrownBy(() -> SdkJson.read(JSON.readTree("{\"attempt\":\"2\"}"), new Shape.Builder(RUN_FIELDS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("member attempt has the wrong JSON type");
    assertThatThrownBy(() -> SdkJson.read(JSON.readTree("{\"name\":7}"), new Shape.Builder(RUN_FIELDS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("member name has the wrong JSON type");
    assertThatThrownBy(() -> SdkJson.read(JSON.readTree("{\"first\":[]}"), new Shape.Builder(RUN_FIELDS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("member first has the wrong JSON type");
    assertThatThrownBy(() -> SdkJson.read(JSON.readTree("{\"endedOn\":\"yesterday\"}"), new Shape.Builder(RUN_FIELDS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member endedOn is not a timestamp");
    assertThatThrownBy(() -> SdkJson.read(JSON.readTree("[]"), new Shape.Builder(RUN_FIELDS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the body must be a JSON object");
  }

  @SuppressWarnings("unchecked")
  private static <T> SdkField<T> field(MarshallingType<T> type, String member, String wireName,
      MarshallLocation location, Trait... traits) {
    Trait[] all = Arrays.copyOf(traits, traits.length + 1);
    all[traits.length] = LocationTrait.builder().location(location).locationName(wireName)
        .unmarshallLocationName(wireName).build();
    return SdkField.<T>builder(type).memberName(member)
        .getter(pojo -> (T) ((Shape) pojo).values.get(member))
        .setter((builder, value) -> ((Shape.Builder) builder).values.put(member, value))
        .traits(all).build();
  }

  private static SdkField<SdkPojo> pojoField(String wireName, List<SdkField<?>> fields) {
    return SdkField.<SdkPojo>builder(MarshallingType.SDK_POJO).memberName(wireName)
        .getter(pojo -> (SdkPojo) ((Shape) pojo).values.get(wireName))
        .setter((builder, value) -> ((Shape.Builder) builder).values.put(wireName, value))
        .constructor(() -> new Shape.Builder(fields))
        .traits(LocationTrait.builder().location(MarshallLocation.PAYLOAD).locationName(wireName)
            .unmarshallLocationName(wireName).build()).build();
  }

  /** A model object whose members are kept by name. */
  static final class Shape implements SdkPojo {
    final List<SdkField<?>> fields;
    final Map<String, Object> values = new HashMap<>();

    Shape(List<SdkField<?>> fields) {
      this.fields = fields;
    }

    Shape with(String member, Object value) {
      values.put(member, value);
      return this;
    }

    @Override
    public List<SdkField<?>> sdkFields() {
      return fields;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Shape shape && shape.values.equals(values);
    }

    @Override
    public int hashCode() {
      return values.hashCode();
    }

    /** Its builder, as the SDK's builders are: an SdkPojo of the same fields. */
    static final class Builder implements SdkPojo, SdkBuilder<Builder, Shape> {
      final List<SdkField<?>> fields;
      final Map<String, Object> values = new LinkedHashMap<>();

      Builder(List<SdkField<?>> fields) {
        this.fields = fields;
      }

      @Override
      public List<SdkField<?>> sdkFields() {
        return fields;
      }

      @Override
      public Shape build() {
        Shape shape = new Shape(fields);
        shape.values.putAll(values);
        return shape;
      }
    }
  }
}
