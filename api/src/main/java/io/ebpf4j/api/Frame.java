package io.ebpf4j.api;

import java.util.Objects;

/**
 * One frame of a {@link StackTrace}: an instruction address and what it was resolved to.
 *
 * <p>A frame that could not be resolved keeps its address, has no {@link #symbol()}, and says why
 * in {@link #note()}: a JIT-compiled address of a JVM without a perf map, a process that has
 * exited, a kernel that hides its addresses. {@link #name()} never lies: it is the symbol, or a
 * bracketed placeholder such as {@code [interpreter]} or {@code [unknown]}.
 *
 * @param address the instruction address as the stack holds it (a return address for every frame
 *     but the innermost)
 * @param kind what kind of code the address is in
 * @param symbol the function or Java method; null when unknown, and for interpreted Java frames,
 *     whose method the interpreter's code does not tell
 * @param offset the address's distance from the symbol's start; 0 without a symbol
 * @param module where the code lives: {@code vmlinux} or a kernel module's name for kernel frames,
 *     the mapped file's path for native ones, {@code [jit]} for code from a perf map, {@code
 *     [anon]} for other anonymous memory; {@code ""} when not even the mapping is known
 * @param note why the frame is unresolved or how it was resolved, for people; {@code ""} for none
 */
public record Frame(
    long address, Kind kind, String symbol, long offset, String module, String note) {

  /** What kind of code a frame's address is in. */
  public enum Kind {
    /** Kernel code, named from {@code /proc/kallsyms}. */
    KERNEL,
    /** A user-space ELF file: an executable or a shared library, named from its symbols. */
    NATIVE,
    /** Java code compiled by the JIT, named from the JVM's perf map. */
    JAVA_COMPILED,
    /** The JVM's bytecode interpreter: its frames do not say which method they run. */
    JAVA_INTERPRETED,
    /** JVM-generated code that is not a Java method: adapters, runtime stubs, blobs. */
    STUB,
    /** Code that could not be placed: see {@link Frame#note()}. */
    UNKNOWN
  }

  public Frame {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(note, "note");
  }

  /** An unresolved frame of {@code kind}, with the reason. */
  public static Frame unresolved(long address, Kind kind, String module, String note) {
    return new Frame(address, kind, null, 0, module, note);
  }

  /** Whether the frame has a symbol. */
  public boolean resolved() {
    return symbol != null;
  }

  /**
   * The symbol, or the placeholder an unresolved frame shows: {@code [interpreter]} for the Java
   * interpreter, {@code [unknown]} for anything else.
   */
  public String name() {
    if (symbol != null) {
      return symbol;
    }
    return kind == Kind.JAVA_INTERPRETED ? "[interpreter]" : "[unknown]";
  }

  /**
   * The frame as perf and bcc print one: {@code name+0x1f [module]}, or the hex address with the
   * placeholder when it is unresolved; a module named in brackets ({@code [jit]}) is not
   * bracketed again.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (symbol != null) {
      text.append(symbol);
      if (offset != 0) {
        text.append("+0x").append(Long.toHexString(offset));
      }
    } else {
      text.append("0x").append(Long.toHexString(address)).append(' ').append(name());
    }
    if (module.startsWith("[")) {
      text.append(' ').append(module); // [jit], [anon], [vdso]: bracketed already
    } else if (!module.isEmpty()) {
      text.append(" [").append(module).append(']');
    }
    return text.toString();
  }
}
