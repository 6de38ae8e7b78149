package io.ebpf4j.runtime;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A child JVM for {@link SymbolizerKernelTest}: calls getppid() from uniquely named Java methods
 * until it is killed, so that their JIT-compiled code is on the user stack of each call.
 */
public final class JavaSpinChild {
  private static final MethodHandle GETPPID =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT));

  private static long sink;

  private JavaSpinChild() {}

  public static void main(String[] args) throws Throwable {
    System.out.println("ready");
    System.out.flush();
    while (true) {
      sink += stackSpinQx7Outer(10_000);
    }
  }

  static long stackSpinQx7Outer(int calls) throws Throwable {
    long sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += stackSpinQx7Inner(i);
    }
    return sum;
  }

  static long stackSpinQx7Inner(int i) throws Throwable {
    // Arithmetic around the call keeps the method from being just a stub of the downcall.
    return (int) GETPPID.invokeExact() * 31L + (i ^ sink);
  }
}
