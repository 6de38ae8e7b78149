package io.ebpf4j.bench;

import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.EventHeader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The user-space cost of one event without the kernel: the generated dispatcher decoding a
 * getppid event from native memory into {@code SysEnterGetppidEvent} and calling {@link GetppidProbes},
 * and, for scale, one native-to-Java upcall (what bcc's ring buffer reader costs per record).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... org.openjdk.jmh.Main DispatchBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DispatchBenchmark {
  /**
   * The sys_enter_getppid event as the generated C lays it out: the header, the format's {@code
   * __syscall_nr}, padded to 8 bytes.
   */
  private static final int SYSCALL_NR_OFFSET = EventHeader.SIZE;

  private static final int EVENT_SIZE = (SYSCALL_NR_OFFSET + Integer.BYTES + 7) & ~7;

  private Arena arena;
  private MemorySegment event;
  private long eventAddress;
  private EventDispatcher dispatcher;
  private MemorySegment pair;
  private MemorySegment compareStub;
  private static final MethodHandle QSORT =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().find("qsort").orElseThrow(),
              FunctionDescriptor.ofVoid(
                  ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    arena = Arena.ofShared();
    event = arena.allocate(EVENT_SIZE, 8);
    event.set(ValueLayout.JAVA_LONG, EventHeader.TIMESTAMP_OFFSET, System.nanoTime());
    event.set(ValueLayout.JAVA_INT, EventHeader.PROBE_ID_OFFSET, 0);
    event.set(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET, 4242);
    event.set(ValueLayout.JAVA_INT, EventHeader.TID_OFFSET, 4242);
    event.set(ValueLayout.JAVA_INT, EventHeader.UID_OFFSET, 0);
    event.set(ValueLayout.JAVA_INT, EventHeader.GID_OFFSET, 0);
    byte[] comm = "loadgen".getBytes(StandardCharsets.US_ASCII);
    MemorySegment.copy(comm, 0, event, ValueLayout.JAVA_BYTE, EventHeader.COMM_OFFSET, comm.length);
    event.set(ValueLayout.JAVA_INT, SYSCALL_NR_OFFSET, 110); // __NR_getppid on x86_64
    eventAddress = event.address();
    dispatcher = new GetppidProbes_Ebpf4jProgram().dispatcherFor(new GetppidProbes());

    pair = arena.allocate(ValueLayout.JAVA_INT, 2);
    MethodHandle compare =
        MethodHandles.lookup()
            .findStatic(
                DispatchBenchmark.class,
                "compare",
                MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
    compareStub =
        Linker.nativeLinker()
            .upcallStub(
                compare,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                arena);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  /** Decode and dispatch from a segment made once. */
  @Benchmark
  public void decodeAndDispatch() throws Exception {
    dispatcher.dispatch(event);
  }

  /**
   * As the ring buffer reader does it: a new segment over the record's address each time, then
   * decode and dispatch.
   */
  @Benchmark
  public void decodeAndDispatchFromAddress() throws Exception {
    dispatcher.dispatch(MemorySegment.ofAddress(eventAddress).reinterpret(EVENT_SIZE));
  }

  /** One downcall into libc's qsort of two ints, which makes one upcall back into Java. */
  @Benchmark
  public void downcallWithOneUpcall() throws Throwable {
    QSORT.invokeExact(pair, 2L, 4L, compareStub);
  }

  private static int compare(MemorySegment a, MemorySegment b) {
    return 0;
  }
}
