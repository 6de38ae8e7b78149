package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.function.IntFunction;

/**
 * What {@link JdkLibc}, {@link JdkLibbcc} and {@link JdkBpfSyscalls} share: the linker, {@code
 * errno} capture, and the one way a downcall's {@code Throwable} becomes an unchecked exception.
 * Nothing outside the three uses a {@link MethodHandle}.
 */
final class Downcalls {
  static final Linker LINKER = Linker.nativeLinker();

  /** Layout of the call state a downcall linked with {@link #CAPTURE_ERRNO} writes. */
  static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

  static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

  /** Time spent making downcall handles and linking libraries: {@link #linkNanos()}. */
  private static final java.util.concurrent.atomic.AtomicLong LINK_NANOS =
      new java.util.concurrent.atomic.AtomicLong();

  private Downcalls() {}

  /**
   * The nanoseconds this process has spent linking native code: making downcall handles, and
   * loading libbcc. Read by bench's StartTimeBench (reflectively: it is no API) to split a first
   * start's one-time cost.
   */
  static long linkNanos() {
    return LINK_NANOS.get();
  }

  /** Adds to {@link #linkNanos()} the time since {@code startNanos}. */
  static void linkedSince(long startNanos) {
    LINK_NANOS.addAndGet(System.nanoTime() - startNanos);
  }

  /** {@link Linker#downcallHandle(MemorySegment, FunctionDescriptor, Linker.Option...)}, timed. */
  static MethodHandle downcallHandle(
      MemorySegment symbol, FunctionDescriptor descriptor, Linker.Option... options) {
    long start = System.nanoTime();
    try {
      return LINKER.downcallHandle(symbol, descriptor, options);
    } finally {
      linkedSince(start);
    }
  }

  /** A downcall handle for {@code name} in {@code library}, or a {@link LinkageError}. */
  static MethodHandle link(
      SymbolLookup library,
      String libraryName,
      String name,
      FunctionDescriptor descriptor,
      Linker.Option... options) {
    MemorySegment symbol =
        library
            .find(name)
            .orElseThrow(() -> new LinkageError(libraryName + " has no function " + name));
    return downcallHandle(symbol, descriptor, options);
  }

  /** The errno a downcall wrote into {@code callState}. */
  static int errno(MemorySegment callState) {
    return (int) ERRNO.get(callState, 0L);
  }

  /** Fresh call state in {@code arena}: capture memory is per call, never shared. */
  static MemorySegment callState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  /** One downcall: its temporaries go in {@code arena}, and its errno into {@code callState}. */
  @FunctionalInterface
  interface Call<T> {
    T run(Arena arena, MemorySegment callState) throws Throwable;
  }

  /** A downcall of a C function that returns a negative number, and sets errno, on failure. */
  @FunctionalInterface
  interface IntCall {
    int run(Arena arena, MemorySegment callState) throws Throwable;
  }

  /**
   * Runs {@code call} with a confined arena and errno capture memory of its own, both freed when
   * it returns; what it throws comes out {@linkplain #rethrow unchecked}.
   */
  static <T> T call(Call<T> call) {
    try (Arena arena = Arena.ofConfined()) {
      return call.run(arena, callState(arena));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@link #call} for a function that fails with a negative result and errno: the result, or a
   * {@link NativeCallException} naming {@code function}, the errno and {@code failure(errno)}.
   */
  static int checked(String function, IntFunction<String> failure, IntCall call) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      int result = call.run(arena, state);
      if (result < 0) {
        int errno = errno(state);
        throw new NativeCallException(function, errno, failure.apply(errno));
      }
      return result;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code t} as an unchecked exception. A downcall declares {@code Throwable} only because
   * {@code invokeExact} does; what it really throws is unchecked, and an {@link Ebpf4jException}
   * passes unchanged.
   */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
