package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.processor.base.Suggestions;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.JavaNames;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamingTest {

  @Test
  void eventTypeNames() {
    assertEquals("BindEvent", JavaNames.eventTypeName("bind"));
    assertEquals("ClockGettimeEvent", JavaNames.eventTypeName("clock_gettime"));
    assertEquals("LlseekEvent", JavaNames.eventTypeName("_llseek"));
    assertEquals("FooBarEvent", JavaNames.eventTypeName("foo__bar_"));
    assertEquals("EpollCreate1Event", JavaNames.eventTypeName("epoll_create1"));
    assertEquals("Sys9pEvent", JavaNames.eventTypeName("9p"));
    assertEquals("SysEvent", JavaNames.eventTypeName("__"));
  }

  @Test
  void componentNames() {
    Set<String> taken = Set.of("timestampNanos", "pid", "tid", "uid", "gid", "comm");
    assertEquals("fd", JavaNames.componentName("fd", taken));
    assertEquals("pidArg", JavaNames.componentName("pid", taken));
    assertEquals("class_", JavaNames.componentName("class", taken));
    assertEquals("hashCode_", JavaNames.componentName("hashCode", taken));
    assertEquals("getClass_", JavaNames.componentName("getClass", taken));
    assertEquals("___", JavaNames.componentName("_", Set.of("__")));
    assertEquals("event", JavaNames.componentName("event", taken));
  }

  @Test
  void cMemberNames() {
    Set<String> taken = CNames.HEADER_MEMBERS;
    assertEquals("fd", CNames.memberName("fd", taken));
    assertEquals("pid_arg", CNames.memberName("pid", taken));
    assertEquals("arg_ebpf4j_events", CNames.memberName("ebpf4j_events", taken));
    assertEquals("arg_EBPF4J_SYSCALL_WRAPPER", CNames.memberName("EBPF4J_SYSCALL_WRAPPER", taken));
    assertEquals("int_", CNames.memberName("int", taken));
    assertEquals("current_", CNames.memberName("current", taken));
    assertEquals("ctx", CNames.memberName("ctx", taken));
    assertThrows(IllegalArgumentException.class, () -> CNames.memberName("a b", taken));
  }

  @Test
  void suggestions() {
    Set<String> names = Set.of("bind", "connect", "close", "openat", "clock_gettime");
    assertEquals(Optional.of("bind"), Suggestions.closest("bnid", names));
    assertEquals(Optional.of("bind"), Suggestions.closest("bindd", names));
    assertEquals(Optional.of("openat"), Suggestions.closest("opneat", names));
    assertEquals(Optional.of("clock_gettime"), Suggestions.closest("clock_getime", names));
    assertEquals(Optional.empty(), Suggestions.closest("frobnicate", names));
    assertEquals(Optional.empty(), Suggestions.closest("", names));
    assertEquals(1, Suggestions.distance("bnid", "bind"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
  }
}
