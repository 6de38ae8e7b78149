package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.StackSource;
import io.ebpf4j.processor.format.FormatParser;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.EventTypeFactory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The generic event's getters, field list and errors, over formats as this kernel prints them. */
class ProbeEventTest {
  private static final String COMMON =
      """
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      """;

  private static final String SYS_ENTER_BIND =
      "name: sys_enter_bind\nID: 1\n" + COMMON
          + """
          \tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;
          \tfield:int fd;\toffset:16;\tsize:8;\tsigned:0;
          \tfield:struct sockaddr * umyaddr;\toffset:24;\tsize:8;\tsigned:0;
          \tfield:int addrlen;\toffset:32;\tsize:8;\tsigned:0;

          print fmt: "fd: 0x%08lx", ((unsigned long)(REC->fd))
          """;

  private static final String SCHED_PROCESS_EXEC =
      "name: sched_process_exec\nID: 2\n" + COMMON
          + """
          \tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;
          \tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;
          \tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;
          \tfield:unsigned short sport;\toffset:20;\tsize:2;\tsigned:0;
          \tfield:u8 saddr[4];\toffset:22;\tsize:4;\tsigned:0;

          print fmt: "filename=%s", __get_str(filename)
          """;

  @Test
  void syscallArgumentsByNameWithTheirFormatTypes() throws Exception {
    EventSchema schema = bindSchema();
    assertEquals(List.of("fd", "umyaddr", "addrlen"), names(schema));
    assertEquals(
        List.of("int", "struct sockaddr *", "int"),
        schema.fields().stream().map(EventField::cType).toList());
    assertEquals(
        List.of(int.class, long.class, int.class),
        schema.fields().stream().map(EventField::javaType).toList());

    ProbeEvent e = event(schema, b -> {
      b.putInt(offset(schema, "fd"), -1);
      b.putLong(offset(schema, "umyaddr"), 0x7ffd_0000_1230L);
      b.putInt(offset(schema, "addrlen"), 16);
    });
    assertEquals(-1, e.getInt("fd"));
    assertEquals(-1L, e.getLong("fd"), "a signed int widens with its sign");
    assertEquals(0x7ffd_0000_1230L, e.getLong("umyaddr"));
    assertEquals(16, e.getInt("addrlen"));
    assertEquals(16, e.get("addrlen"));
    assertEquals(4242, e.pid());
    assertEquals(4243, e.tid());
    assertEquals(1000, e.uid());
    assertEquals(100, e.gid());
    assertEquals(123_456_789L, e.timestampNanos());
    assertEquals("binder", e.comm());
    assertEquals(
        "pid=4242 tid=4243 comm=binder fd=-1 umyaddr=0x7ffd00001230 addrlen=16", e.toString());
  }

  @Test
  void tracepointFieldsWithADataLocStringAnUnsignedShortAndAnArray() throws Exception {
    EventSchema schema = execSchema();
    assertEquals(List.of("filename", "pid", "old_pid", "sport", "saddr"), names(schema));
    assertEquals(
        List.of(String.class, int.class, int.class, short.class, byte[].class),
        schema.fields().stream().map(EventField::javaType).toList());
    assertEquals("__data_loc char[]", schema.fields().get(0).cType());

    ProbeEvent e = event(schema, b -> {
      b.put(offset(schema, "filename"), "/usr/bin/true\0junk".getBytes(StandardCharsets.UTF_8));
      b.putInt(offset(schema, "pid"), 77);
      b.putShort(offset(schema, "sport"), (short) 0xffff);
      b.put(offset(schema, "saddr"), new byte[] {127, 0, 0, 1});
    });
    assertEquals("/usr/bin/true", e.getString("filename"));
    assertEquals(77, e.getInt("pid"));
    assertEquals(77L, e.getLong("pid"));
    assertEquals(0xffff, e.getInt("sport"), "an unsigned short widens with zeros");
    assertEquals(0xffffL, e.getLong("sport"));
    assertEquals((short) -1, e.getShort("sport"), "same width: the bits as they are");
    assertArrayEquals(new byte[] {127, 0, 0, 1}, e.getBytes("saddr"));
    assertArrayEquals(new byte[] {127, 0, 0, 1}, (byte[]) e.get("saddr"));
    assertTrue(e.toString().contains("filename=/usr/bin/true pid=77"), e.toString());
  }

  @Test
  void aStringLongerThanItsCapacityStopsThere() throws Exception {
    EventSchema schema = execSchema(4);
    byte[] longer = "abcdef".getBytes(StandardCharsets.UTF_8);
    ProbeEvent e = event(schema, b -> b.put(offset(schema, "filename"), longer, 0, 4));
    assertEquals("abcd", e.getString("filename"));
  }

  @Test
  void anUnknownFieldSuggestsTheClosest() throws Exception {
    ProbeEvent e = event(bindSchema(), b -> {});
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> e.getLong("fdd"));
    assertEquals(
        "Probe.syscall(\"bind\") has no field `fdd`; did you mean `fd`? (its fields: fd, umyaddr,"
            + " addrlen)",
        thrown.getMessage());
    thrown = assertThrows(IllegalArgumentException.class, () -> e.get("nothing_like_it"));
    assertTrue(thrown.getMessage().contains("(its fields: fd, umyaddr, addrlen)"));
  }

  @Test
  void aWrongTypeNamesTheGetterMeant() throws Exception {
    ProbeEvent bind = event(bindSchema(), b -> {});
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> bind.getInt("umyaddr"));
    assertEquals(
        "`umyaddr` of Probe.syscall(\"bind\") is long (struct sockaddr * umyaddr), which getInt"
            + " cannot return; did you mean getLong(\"umyaddr\")?",
        thrown.getMessage());
    thrown = assertThrows(IllegalArgumentException.class, () -> bind.getString("fd"));
    assertTrue(thrown.getMessage().endsWith("did you mean getInt(\"fd\")?"), thrown.getMessage());

    ProbeEvent exec = event(execSchema(), b -> {});
    thrown = assertThrows(IllegalArgumentException.class, () -> exec.getLong("filename"));
    assertTrue(
        thrown.getMessage().endsWith("did you mean getString(\"filename\")?"), thrown.getMessage());
    thrown = assertThrows(IllegalArgumentException.class, () -> exec.getShort("pid"));
    assertTrue(thrown.getMessage().endsWith("did you mean getInt(\"pid\")?"), thrown.getMessage());
    thrown = assertThrows(IllegalArgumentException.class, () -> exec.getString("saddr"));
    assertTrue(thrown.getMessage().endsWith("did you mean getBytes(\"saddr\")?"), thrown.getMessage());
  }

  @Test
  void theDispatcherHandsEachEventToItsProbesHandlerAsACopy() throws Exception {
    EventSchema bind = bindSchema();
    EventSchema exec = execSchema();
    List<ProbeEvent> binds = new ArrayList<>();
    List<ProbeEvent> execs = new ArrayList<>();
    RuntimeDispatcher dispatcher =
        new RuntimeDispatcher(new EventSchema[] {bind, exec}, List.of(binds::add, execs::add));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = arena.allocate(exec.size(), 8);
      segment.asByteBuffer().order(ByteOrder.nativeOrder())
          .putInt(EventHeader.PROBE_ID_OFFSET, 1)
          .putInt(offset(exec, "pid"), 99);
      dispatcher.dispatch(segment);
      segment.fill((byte) 0);
      assertEquals(List.of(), binds);
      assertEquals(99, execs.get(0).getInt("pid"), "the event outlives the ring buffer's bytes");

      segment.asByteBuffer().order(ByteOrder.nativeOrder()).putInt(EventHeader.PROBE_ID_OFFSET, 2);
      IllegalArgumentException unknown =
          assertThrows(IllegalArgumentException.class, () -> dispatcher.dispatch(segment));
      assertTrue(unknown.getMessage().contains("unknown probe id 2"), unknown.getMessage());

      MemorySegment shortEvent = segment.asSlice(0, EventHeader.SIZE);
      shortEvent.asByteBuffer().order(ByteOrder.nativeOrder()).putInt(EventHeader.PROBE_ID_OFFSET, 1);
      IllegalArgumentException tooShort =
          assertThrows(IllegalArgumentException.class, () -> dispatcher.dispatch(shortEvent));
      assertTrue(tooShort.getMessage().contains("is shorter than the"), tooShort.getMessage());
    }
  }

  @Test
  void decodingAllocatesTheEventAndNothingMore() throws Exception {
    EventSchema bind = bindSchema();
    long[] sum = new long[1];
    RuntimeDispatcher dispatcher =
        new RuntimeDispatcher(
            new EventSchema[] {bind},
            List.of(e -> sum[0] += e.getInt("fd") + e.getLong("umyaddr") + e.pid() + e.tid()));
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().threadId();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = arena.allocate(bind.size(), 8);
      segment.asByteBuffer().order(ByteOrder.nativeOrder()).putInt(offset(bind, "fd"), 3);
      int events = 200_000;
      for (int i = 0; i < events; i++) { // warm up: the interpreter allocates where JIT code does not
        dispatcher.dispatch(segment);
      }
      long before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < events; i++) {
        dispatcher.dispatch(segment);
      }
      long perEvent = (threads.getThreadAllocatedBytes(self) - before) / events;
      // The copy (a byte[] of the event's size and its 16-byte header) and the ProbeEvent (at most
      // 24 bytes); a String or a slice per event would be more.
      assertTrue(perEvent <= bind.size() + 16 + 24, perEvent + " bytes per event of " + bind.size());
    }
    assertTrue(sum[0] != 0);
  }

  @Test
  void aProbeWithStacksHandsOverTheIdsOfTheStacksItTakesWithoutAllocating() throws Exception {
    List<int[]> asked = new ArrayList<>();
    StackSource source =
        new StackSource() {
          @Override
          public StackTrace kernel(int stackId) {
            return StackTrace.none("not resolved in this test");
          }

          @Override
          public StackTrace user(int pid, int stackId) {
            return kernel(stackId);
          }

          @Override
          public EventStacks stacks(int pid, int kernelStackId, int userStackId) {
            if (asked.size() < 2) {
              asked.add(new int[] {pid, kernelStackId, userStackId});
            }
            return EventStacks.NONE; // shared: what the dispatcher adds is all that is counted
          }
        };
    EventSchema user = bindSchema(Probe.syscall("bind").withStacks(Stack.USER));
    EventSchema both = bindSchema(Probe.syscall("bind").withStacks(Stack.KERNEL, Stack.USER));
    assertTrue(user.userStack() && !user.kernelStack());
    assertTrue(both.userStack() && both.kernelStack());
    RuntimeDispatcher dispatcher =
        new RuntimeDispatcher(new EventSchema[] {user, both}, List.of(e -> {}, e -> {}), source);
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().threadId();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment event = arena.allocate(user.size(), 8);
      ByteBuffer bytes = event.asByteBuffer().order(ByteOrder.nativeOrder());
      bytes.putInt(EventHeader.PID_OFFSET, 42)
          .putInt(user.stackIdsOffset(), 5)
          .putInt(user.stackIdsOffset() + 4, 6);
      dispatcher.dispatch(event);
      bytes.putInt(EventHeader.PROBE_ID_OFFSET, 1);
      dispatcher.dispatch(event);
      assertArrayEquals(new int[] {42, EventStacks.NOT_REQUESTED, 6}, asked.get(0));
      assertArrayEquals(new int[] {42, 5, 6}, asked.get(1));

      int events = 200_000;
      for (int i = 0; i < events; i++) { // warm up, as above
        dispatcher.dispatch(event);
      }
      long before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < events; i++) {
        dispatcher.dispatch(event);
      }
      long perEvent = (threads.getThreadAllocatedBytes(self) - before) / events;
      System.out.printf(
          "[measured] dispatch with stacks: %d bytes per event of %d%n", perEvent, both.size());
      // The copy and the ProbeEvent, as without stacks: asking which stacks adds nothing.
      assertTrue(perEvent <= both.size() + 16 + 24, perEvent + " bytes per event of " + both.size());
    }
  }

  @Test
  void probesSayWhatIsWrongWithThemWhenMade() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Probe.tracepoint("sched_process_exec"));
    assertTrue(e.getMessage().contains("expected `category:name`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Probe.syscall("bind").withStringSize(0));
    assertTrue(e.getMessage().contains("between 1 and 4096"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Probe.syscall(" "));
    assertTrue(e.getMessage().contains("the name is empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Probe.syscall("bind").inProcess(1));
    assertTrue(e.getMessage().contains("only uprobes and uretprobes"), e.getMessage());
    assertEquals(
        "Probe.uprobe(\"c\", \"malloc\").inProcess(7)", Probe.uprobe("c", "malloc").inProcess(7).toString());
    assertEquals(
        "Probe.syscall(\"openat\").withStringSize(64)",
        Probe.syscall("openat").withStringSize(64).toString());
  }

  private static EventSchema bindSchema() throws Exception {
    TracepointFormat format = FormatParser.parse("syscalls", "sys_enter_bind", "test", SYS_ENTER_BIND);
    EventType event = EventTypeFactory.syscallEntry("io.ebpf4j.runtime", "bind", format);
    return EventSchema.of(
        Probe.syscall("bind"), event, EventLayout.of(event.memberTypes(), Probe.DEFAULT_STRING_SIZE));
  }

  /** Bind's schema for {@code probe}, with its two stack ids after the members. */
  private static EventSchema bindSchema(Probe probe) throws Exception {
    TracepointFormat format = FormatParser.parse("syscalls", "sys_enter_bind", "test", SYS_ENTER_BIND);
    EventType event = EventTypeFactory.syscallEntry("io.ebpf4j.runtime", "bind", format);
    List<MemberType> types = new ArrayList<>(event.memberTypes());
    types.add(MemberType.scalar(ValueKind.INT, false));
    types.add(MemberType.scalar(ValueKind.INT, false));
    EventLayout layout = EventLayout.of(types, Probe.DEFAULT_STRING_SIZE);
    return EventSchema.of(probe, event, layout, layout.offsets().get(types.size() - 2));
  }

  private static EventSchema execSchema() throws Exception {
    return execSchema(Probe.DEFAULT_STRING_SIZE);
  }

  private static EventSchema execSchema(int stringSize) throws Exception {
    TracepointFormat format =
        FormatParser.parse("sched", "sched_process_exec", "test", SCHED_PROCESS_EXEC);
    EventType event = EventTypeFactory.tracepoint("io.ebpf4j.runtime", format);
    return EventSchema.of(
        Probe.tracepoint("sched:sched_process_exec").withStringSize(stringSize), event,
        EventLayout.of(event.memberTypes(), stringSize));
  }

  private static List<String> names(EventSchema schema) {
    return schema.fields().stream().map(EventField::name).toList();
  }

  private static int offset(EventSchema schema, String name) {
    return schema.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()
        .offset();
  }

  /** An event with a known header, and the fields {@code fill} writes. */
  private static ProbeEvent event(EventSchema schema, Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(schema.size()).order(ByteOrder.nativeOrder());
    b.putLong(EventHeader.TIMESTAMP_OFFSET, 123_456_789L);
    b.putInt(EventHeader.PID_OFFSET, 4242);
    b.putInt(EventHeader.TID_OFFSET, 4243);
    b.putInt(EventHeader.UID_OFFSET, 1000);
    b.putInt(EventHeader.GID_OFFSET, 100);
    b.put(EventHeader.COMM_OFFSET, "binder".getBytes(StandardCharsets.UTF_8));
    fill.accept(b);
    return new ProbeEvent(schema, b.array());
  }
}
