package io.ebpf4j.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link BpfModule}'s maps and functions come from: bcc's compiled module ({@link
 * BccModule}), or a {@link ProgramCache} entry loaded without clang ({@link CachedModule}). What
 * the module does with them (attach, read tables, close) is the same for both.
 */
sealed interface ModuleBacking permits BccModule, CachedModule {
  /** The fd of map {@code name}, or a negative number if there is none. */
  int tableFd(String name);

  /** The maps' names, in bcc's order. */
  List<String> tableNames();

  /** The functions' names, in bcc's order. */
  List<String> functionNames();

  boolean hasFunction(String function);

  /** Loads {@code function}, which must be there, as a program of {@code programType}. */
  Libbcc.Loaded load(String function, int programType, int logBytes);

  /**
   * As {@link #load}, with what native code printed meanwhile, where bcc's hints on a verifier's
   * message are: by default the load runs inside a {@link NativeOutputCapture}.
   */
  default NativeOutputCapture.Result<Libbcc.Loaded> loadCapturing(
      String function, int programType, int logBytes) {
    return NativeOutputCapture.run(() -> load(function, programType, logBytes));
  }

  /** What bcc declared of map {@code name}; empty if there is none. */
  Optional<Libbcc.TableInfo> tableInfo(String name);

  /** Releases the maps (and bcc's module). Called once. */
  void close();
}
