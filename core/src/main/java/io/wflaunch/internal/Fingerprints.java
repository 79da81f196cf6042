package io.wflaunch.internal;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An unambiguous text form of a value: records component by component, optionals, lists and arrays in
 * order, sets and maps in the order of their elements' and keys' forms, and everything else by
 * {@code String.valueOf}, each piece prefixed with a type letter and its length, so that no two
 * different values share a form. Values nested deeper than {@value #MAX_DEPTH} (a cycle) are refused.
 */
public final class Fingerprints {

  static final int MAX_DEPTH = 32;

  private Fingerprints() {}

  /**
   * The value's form.
   *
   * @param value a value, possibly null
   * @return its form
   */
  public static String of(Object value) {
    StringBuilder out = new StringBuilder();
    encode(out, value, 0);
    return out.toString();
  }

  private static String of(Object value, int depth) {
    StringBuilder out = new StringBuilder();
    encode(out, value, depth);
    return out.toString();
  }

  private static void encode(StringBuilder out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("values nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
    int next = depth + 1;
    if (value == null) {
      out.append("n;");
    } else if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        out.append('o');
        encode(out, optional.get(), next);
      } else {
        out.append("e;");
      }
    } else if (value instanceof Set<?> set) {
      List<String> sorted = new ArrayList<>();
      set.forEach(element -> sorted.add(of(element, next)));
      Collections.sort(sorted);
      out.append('t').append(sorted.size()).append(':');
      sorted.forEach(out::append);
    } else if (value instanceof Collection<?> collection) {
      out.append('l').append(collection.size()).append(':');
      collection.forEach(element -> encode(out, element, next));
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      out.append('a').append(length).append(':');
      for (int i = 0; i < length; i++) {
        encode(out, Array.get(value, i), next);
      }
    } else if (value instanceof Map<?, ?> map) {
      Map<String, String> sorted = new TreeMap<>();
      map.forEach((key, element) -> sorted.put(of(key, next), of(element, next)));
      out.append('m').append(sorted.size()).append(':');
      sorted.forEach((key, element) -> out.append(key).append(element));
    } else if (value.getClass().isRecord()) {
      RecordComponent[] components = value.getClass().getRecordComponents();
      text(out.append('r'), value.getClass().getName());
      out.append(components.length).append(':');
      for (RecordComponent component : components) {
        Object element;
        try {
          component.getAccessor().setAccessible(true);
          element = component.getAccessor().invoke(value);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
          throw new IllegalStateException("cannot read " + component + " of " + value.getClass().getName(), e);
        }
        encode(out, element, next);
      }
    } else {
      text(out.append('s'), String.valueOf(value));
    }
  }

  private static void text(StringBuilder out, String text) {
    out.append(text.length()).append(':').append(text);
  }
}
