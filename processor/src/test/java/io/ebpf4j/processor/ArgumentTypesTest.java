package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
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
}
