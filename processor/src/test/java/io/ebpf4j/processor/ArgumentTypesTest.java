package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.processor.format.ArgumentType;
import io.ebpf4j.processor.format.ArgumentTypes;
import io.ebpf4j.processor.format.ValueKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArgumentTypesTest {

  private static ArgumentType type(String declared) {
    return ArgumentTypes.forDeclaredType(declared).orElseThrow(() -> new AssertionError(declared));
  }

  @Test
  void followsTheDeclaredTypeNotTheSlot() {
    assertEquals(ArgumentType.signed(ValueKind.INT), type("int"));
    assertEquals(ArgumentType.signed(ValueKind.INT), type("const int"));
    assertEquals(ArgumentType.signed(ValueKind.INT), type("pid_t"));
    assertEquals(ArgumentType.signed(ValueKind.INT), type("const clockid_t"));
    assertEquals(ArgumentType.signed(ValueKind.INT), type("key_serial_t"));
    assertEquals(ArgumentType.signed(ValueKind.INT), type("timer_t"));
    assertEquals(ArgumentType.signed(ValueKind.INT), type("const enum landlock_rule_type"));
    assertEquals(ArgumentType.unsigned(ValueKind.INT), type("unsigned"));
    assertEquals(ArgumentType.unsigned(ValueKind.INT), type("unsigned int"));
    assertEquals(ArgumentType.unsigned(ValueKind.INT), type("uid_t"));
    assertEquals(ArgumentType.unsigned(ValueKind.INT), type("const __u32"));
    assertEquals(ArgumentType.unsigned(ValueKind.INT), type("qid_t"));
    assertEquals(ArgumentType.unsigned(ValueKind.SHORT), type("umode_t"));
    assertEquals(ArgumentType.signed(ValueKind.LONG), type("long"));
    assertEquals(ArgumentType.signed(ValueKind.LONG), type("loff_t"));
    assertEquals(ArgumentType.signed(ValueKind.LONG), type("off_t"));
    assertEquals(ArgumentType.unsigned(ValueKind.LONG), type("size_t"));
    assertEquals(ArgumentType.unsigned(ValueKind.LONG), type("unsigned long"));
    assertEquals(ArgumentType.unsigned(ValueKind.LONG), type("aio_context_t"));
    assertEquals(ArgumentType.signed(ValueKind.BYTE), type("char"));
    assertEquals(ArgumentType.signed(ValueKind.BOOLEAN), type("bool"));
  }

  @Test
  void pointersAreAddresses() {
    assertEquals(ArgumentType.POINTER, type("const char *"));
    assertEquals(ArgumentType.POINTER, type("const char *const *"));
    assertEquals(ArgumentType.POINTER, type("struct iocb * *"));
    assertEquals(ArgumentType.POINTER, type("const struct landlock_ruleset_attr *const"));
    assertEquals(ArgumentType.POINTER, type("cap_user_data_t"));
    assertEquals(ArgumentType.POINTER, type("const cap_user_data_t"));
    assertTrue(type("void *").pointer());
  }

  @Test
  void unknownTypesAreNotGuessed() {
    assertEquals(Optional.empty(), ArgumentTypes.forDeclaredType("frobnicator_t"));
    assertEquals(Optional.empty(), ArgumentTypes.forDeclaredType("struct sockaddr"));
  }

  @Test
  void eventMemberTypes() {
    assertEquals("s32", type("int").eventCType());
    assertEquals("u32", type("unsigned int").eventCType());
    assertEquals("u64", type("void *").eventCType());
    assertEquals("s64", type("long").eventCType());
    assertEquals("u16", type("umode_t").eventCType());
    assertEquals("s8", type("char").eventCType());
    assertEquals("u8", type("bool").eventCType());
  }

  /**
   * The class Javadoc's table is the documentation of the map: each row's spellings, signed before
   * {@code unsigned:} and unsigned after, pointers after {@code every pointer}, must be exactly
   * what {@link ArgumentTypes#table()} holds.
   */
  @Test
  void javadocTableIsTheTable() {
    String javadoc =
        JavadocSource.typeComment(
            Path.of("src/main/java/io/ebpf4j/processor/format/ArgumentTypes.java"));
    Matcher row =
        Pattern.compile("<tr><td>\\{@code (\\w+)}</td><td>(.*?)</td></tr>").matcher(javadoc);
    Map<String, ArgumentType> documented = new TreeMap<>();
    int rows = 0;
    while (row.find()) {
      rows++;
      ValueKind kind = ValueKind.valueOf(row.group(1).toUpperCase(Locale.ROOT));
      String cells = row.group(2).replace("any {@code enum}", ""); // enums are not in the map
      String[] pointers = cells.split("every pointer", 2);
      String[] signs = pointers[0].split("unsigned:", 2);
      put(documented, JavadocSource.codeSpans(signs[0]), ArgumentType.signed(kind));
      if (signs.length > 1) {
        put(documented, JavadocSource.codeSpans(signs[1]), ArgumentType.unsigned(kind));
      }
      if (pointers.length > 1) {
        put(documented, JavadocSource.codeSpans(pointers[1]), ArgumentType.POINTER);
      }
    }
    assertEquals(5, rows, "rows of the table");
    assertEquals(new TreeMap<>(ArgumentTypes.table()), documented);
  }

  private static void put(Map<String, ArgumentType> map, List<String> names, ArgumentType type) {
    for (String name : names) {
      ArgumentType previous = map.put(name, type);
      if (previous != null) {
        throw new AssertionError("`" + name + "` is in the table twice");
      }
    }
  }
}
