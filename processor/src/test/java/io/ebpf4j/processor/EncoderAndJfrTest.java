package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.EventEncoder;
import io.ebpf4j.api.internal.ProbeProgram;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The encoder every handler class gets, and the JFR class of one marked {@code @JfrEvents}:
 * records of every probe kind go through encoder and dispatcher unchanged.
 */
class EncoderAndJfrTest {

  @Test
  void jfrClassOnlyForClassesThatAskForIt() {
    Compilation plain = Compilations.snapshotCompiler().compile(Compilations.good("NetProbes"));
    assertThat(plain).succeededWithoutWarnings();
    assertThat(plain.generatedSourceFile("com.example.NetProbes_Ebpf4jJfr")).isEmpty();
    assertThat(plain.generatedSourceFile("com.example.NetProbes_Ebpf4jEncoder")).isPresent();
  }

  @Test
  void jfrClassCompilesForEveryProbeKind() {
    Compilation compilation = Compilations.snapshotCompiler().compile(allKinds(true));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.AllKinds_Ebpf4jJfr").isNotNull();
  }

  /** A class whose probes all aggregate streams nothing: its encoder and JFR class compile. */
  @Test
  void aClassOfAggregatesOnlyCompiles() {
    Compilation compilation =
        Compilations.snapshotCompiler()
            .compile(
                JavaFileObjects.forSourceString(
                    "com.example.Counts",
                    """
                    package com.example;

                    import io.ebpf4j.api.Aggregate;
                    import io.ebpf4j.api.JfrEvents;
                    import io.ebpf4j.api.Kretprobe;
                    import java.util.Map;

                    @JfrEvents
                    public class Counts {
                      @Kretprobe(value = "openat", filter = "ret < 0")
                      @Aggregate(value = Aggregate.Kind.COUNT, by = {"comm"})
                      void failures(Map<OpenatReturnByComm, Long> counts) {}
                    }
                    """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.Counts_Ebpf4jEncoder").isNotNull();
  }

  /** Each probe's record, encoded and dispatched, reaches its handler equal to itself. */
  @Test
  void everyKindRoundTripsThroughEncoderAndDispatcher() throws Exception {
    Compilation compilation = Compilations.snapshotCompiler().compile(allKinds(false));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedClasses classes = new GeneratedClasses(compilation);
    @SuppressWarnings("unchecked")
    ProbeProgram<Object> program =
        (ProbeProgram<Object>)
            classes.loadClass("com.example.AllKinds_Ebpf4jProgram").getConstructor().newInstance();
    EventEncoder encoder =
        (EventEncoder)
            classes.loadClass("com.example.AllKinds_Ebpf4jEncoder").getConstructor().newInstance();
    Object handler = program.newHandler();
    EventDispatcher dispatcher = program.dispatcherFor(handler);
    List<Object> sent = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      for (int id = 0; id < program.probes().size(); id++) {
        Class<?> type = encoder.recordType(id).orElseThrow();
        Object record = sample(type, id, classes);
        sent.add(record);
        MemorySegment event = encoder.encode(id, record, arena);
        assertThat(event.byteSize()).isEqualTo((long) program.probes().get(id).eventSize());
        dispatcher.dispatch(event);
      }
    }
    @SuppressWarnings("unchecked")
    List<Object> received = (List<Object>) handler.getClass().getField("events").get(handler);
    assertThat(received).hasSize(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      assertThat(components(received.get(i))).isEqualTo(components(sent.get(i)));
    }
  }

  @Test
  void stringsLongerThanTheirMemberAreCutAsTheKernelCutsThem() throws Exception {
    Compilation compilation = Compilations.snapshotCompiler().compile(allKinds(false));
    GeneratedClasses classes = new GeneratedClasses(compilation);
    EventEncoder encoder =
        (EventEncoder)
            classes.loadClass("com.example.AllKinds_Ebpf4jEncoder").getConstructor().newInstance();
    Class<?> openat = encoder.recordType(0).orElseThrow(); // stringSize = 64
    Object record = sample(openat, 0, classes);
    Object[] values = values(record);
    values[5] = "a-command-name-longer-than-fifteen-bytes";
    values[7] = "x".repeat(100);
    Object longer = openat.getDeclaredConstructors()[0].newInstance(values);
    ProbeProgram<?> program =
        (ProbeProgram<?>)
            classes.loadClass("com.example.AllKinds_Ebpf4jProgram").getConstructor().newInstance();
    @SuppressWarnings("unchecked")
    ProbeProgram<Object> p = (ProbeProgram<Object>) program;
    Object handler = p.newHandler();
    try (Arena arena = Arena.ofConfined()) {
      p.dispatcherFor(handler).dispatch(encoder.encode(0, longer, arena));
    }
    @SuppressWarnings("unchecked")
    Object got = ((List<Object>) handler.getClass().getField("events").get(handler)).get(0);
    Object[] decoded = values(got);
    assertThat(decoded[5]).isEqualTo("a-command-name-");
    assertThat(decoded[7]).isEqualTo("x".repeat(63));
  }

  private static JavaFileObject allKinds(boolean jfr) {
    try {
      String source =
          JavaFileObjects.forResource("good/AllKinds.java").getCharContent(false).toString();
      if (jfr) {
        source = source.replace("public class AllKinds", "@io.ebpf4j.api.JfrEvents\npublic class AllKinds");
      }
      return JavaFileObjects.forSourceString("com.example.AllKinds", source);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A record of {@code type} whose every component differs from the others and from zero. */
  private static Object sample(Class<?> type, int seed, ClassLoader loader) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Class<?> c = components[i].getType();
      int v = seed * 100 + i + 1;
      values[i] =
          c == long.class ? (Object) ((long) v << 33 | v)
              : c == int.class ? (Object) (-v)
              : c == short.class ? (Object) (short) v
              : c == byte.class ? (Object) (byte) v
              : c == boolean.class ? (Object) true
              : c == String.class ? "s" + v
              // inet_sock_set_state's saddr[4], daddr[4], saddr_v6[16], daddr_v6[16]
              : c == byte[].class
                  ? filled(new byte[components[i].getName().endsWith("v6") ? 16 : 4], v)
              : c.isRecord() ? sample(c, seed + 50, loader)
              // A probe without stacks decodes to the shared none (UprobeEvent's component).
              : c == io.ebpf4j.api.EventStacks.class ? io.ebpf4j.api.EventStacks.NONE
              : null;
      if (c.isArray() && c != byte[].class) {
        throw new AssertionError("extend sample() for " + c);
      }
    }
    if (type == io.ebpf4j.api.KernelCall.class) {
      Class<?> args = loader.loadClass("com.example.AllKinds$ConnectArgs");
      values[values.length - 1] = sample(args, seed + 50, loader);
    }
    // The canonical constructor: UprobeEvent also has the one of its former components.
    var constructor =
        type.getDeclaredConstructor(
            Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    constructor.setAccessible(true);
    return constructor.newInstance(values);
  }

  private static byte[] filled(byte[] array, int v) {
    for (int i = 0; i < array.length; i++) {
      array[i] = (byte) (v + i);
    }
    return array;
  }

  private static Object[] values(Object record) throws Exception {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      var accessor = components[i].getAccessor();
      accessor.setAccessible(true);
      values[i] = accessor.invoke(record);
    }
    return values;
  }

  /** The components as a comparable list: arrays by content, nested records by theirs. */
  private static List<Object> components(Object record) throws Exception {
    List<Object> list = new ArrayList<>();
    for (Object value : values(record)) {
      list.add(
          value instanceof byte[] bytes ? Arrays.toString(bytes)
              : value != null && value.getClass().isRecord() ? components(value)
              : value);
    }
    return list;
  }
}
