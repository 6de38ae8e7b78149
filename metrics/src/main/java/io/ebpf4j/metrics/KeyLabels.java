package io.ebpf4j.metrics;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an aggregate's key record into labels: the names of its components, which are the
 * {@code by} fields, and their values as strings. The generated key records may be package-private,
 * so their accessors are opened once per class.
 */
final class KeyLabels {

  private static final Map<Class<?>, List<Method>> ACCESSORS = new ConcurrentHashMap<>();

  private KeyLabels() {}

  /** The component names of {@code key}'s record class. */
  static List<String> names(Object key) {
    List<String> names = new ArrayList<>();
    for (RecordComponent c : components(key)) {
      names.add(c.getName());
    }
    return names;
  }

  /** The component values of {@code key}, as strings. */
  static List<String> values(Object key) {
    List<Method> accessors = ACCESSORS.computeIfAbsent(key.getClass(), KeyLabels::open);
    List<String> values = new ArrayList<>(accessors.size());
    for (Method m : accessors) {
      try {
        values.add(String.valueOf(m.invoke(key)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + m + " of an aggregate's key", e);
      }
    }
    return values;
  }

  private static RecordComponent[] components(Object key) {
    RecordComponent[] components = key.getClass().getRecordComponents();
    if (components == null) {
      throw new IllegalStateException(
          "an aggregate's key is a " + key.getClass().getName() + ", not a generated key record");
    }
    return components;
  }

  private static List<Method> open(Class<?> type) {
    List<Method> accessors = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Method m = c.getAccessor();
      m.setAccessible(true);
      accessors.add(m);
    }
    return List.copyOf(accessors);
  }
}
