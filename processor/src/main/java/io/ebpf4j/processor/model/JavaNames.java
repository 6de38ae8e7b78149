package io.ebpf4j.processor.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;

/** Java names for generated types and record components. */
public final class JavaNames {

  /**
   * The record's first components, which every event has: the {@link HeaderField}s a record
   * carries. Arguments must not reuse them.
   */
  public static final Set<String> CONTEXT_COMPONENTS =
      Arrays.stream(HeaderField.values())
          .filter(HeaderField::isComponent)
          .map(HeaderField::javaName)
          .collect(Collectors.toUnmodifiableSet());

  /** Appended to an argument that has the name of a context component: kill's pid is pidArg. */
  public static final String CONTEXT_CLASH_SUFFIX = "Arg";

  /** Appended to a tracepoint field named like a context component: pid is pidField. */
  public static final String FIELD_CLASH_SUFFIX = "Field";

  /** Appended to an argument that is a keyword or that a record may not declare: class_. */
  public static final String KEYWORD_SUFFIX = "_";

  /**
   * Names a record component may not have (JLS 8.10.1): the no-argument methods of Object. equals
   * is allowed; its accessor would only overload.
   */
  private static final Set<String> FORBIDDEN_COMPONENTS =
      Set.of(
          "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  private JavaNames() {}

  /**
   * The event record of {@code syscall}: the words between underscores, capitalized, then {@code
   * Event}. Leading, trailing and repeated underscores vanish ({@code _llseek} is {@code
   * LlseekEvent}); a name that would start with a digit gets {@code Sys} in front.
   */
  public static String eventTypeName(String syscall) {
    return eventTypeName(syscall, "Event");
  }

  /** As {@link #eventTypeName(String)}, with {@code suffix} for {@code Event}. */
  public static String eventTypeName(String syscall, String suffix) {
    StringBuilder name = new StringBuilder();
    for (String word : syscall.split("_")) {
      if (!word.isEmpty()) {
        name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
      }
    }
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      name.insert(0, "Sys");
    }
    return name.append(suffix).toString();
  }

  /**
   * The record component for the format field {@code fieldName}, not in {@code taken}: the field's
   * own name, with {@link #CONTEXT_CLASH_SUFFIX} if it is a context component, with {@link
   * #KEYWORD_SUFFIX} if it is a keyword or a forbidden component, and with more {@code _} until it
   * is unique.
   */
  public static String componentName(String fieldName, Set<String> taken) {
    return componentName(fieldName, taken, CONTEXT_CLASH_SUFFIX);
  }

  /** As {@link #componentName(String, Set)}, with {@code clashSuffix} for a context clash. */
  public static String componentName(String fieldName, Set<String> taken, String clashSuffix) {
    String name = fieldName;
    if (CONTEXT_COMPONENTS.contains(name)) {
      name += clashSuffix;
    }
    if (SourceVersion.isKeyword(name) || FORBIDDEN_COMPONENTS.contains(name)) {
      name += KEYWORD_SUFFIX;
    }
    while (taken.contains(name)) {
      name += KEYWORD_SUFFIX;
    }
    return name;
  }
}
