package io.wflaunch.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An unambiguous text form of a value: records component by component, optionals, collections in
 * order, maps in key order, and everything else by {@code String.valueOf}, each piece prefixed with a
 * type letter and its length, so that no two different values share a form.
 */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * The value's form.
   *
   * @param value a value, possibly null
   * @return its form
   */
  public static String of(Object value) {
    StringBuilder out = new StringBuilder();
    encode(out, value);
    return out.toString();
  }

  private static void encode(StringBuilder out, Object value) {
    if (value == null) {
      out.append("n;");
    } else if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        out.append('o');
        encode(out, optional.get());
      } else {
        out.append("e;");
      }
    } else if (value instanceof Collection<?> collection) {
      out.append('l').append(collection.size()).append(':');
      collection.forEach(element -> encode(out, element));
    } else if (value instanceof Map<?, ?> map) {
      Map<String, String> sorted = new TreeMap<>();
      map.forEach((key, element) -> sorted.put(of(key), of(element)));
      out.append('m').append(sorted.size()).append(':');
      sorted.forEach((key, element) -> out.append(key).append(element));
    } else if (value.getClass().isRecord()) {
      RecordComponent[] components = value.getClass().getRecordComponents();
      text(out.append('r'), value.getClass().getName());
      out.append(components.length).append(':');
      for (RecordComponent component : components) {
        try {
          component.getAccessor().setAccessible(true);
          encode(out, component.getAccessor().invoke(value));
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
          throw new IllegalStateException("cannot read " + component + " of " + value.getClass().getName(), e);
        }
      }
    } else {
      text(out.append('s'), String.valueOf(value));
    }
  }

  private static void text(StringBuilder out, String text) {
    out.append(text.length()).append(':').append(text);
  }
}
