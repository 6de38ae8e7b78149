package io.ebpf4j.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A module loaded from a {@link CachedProgram}: its maps made again with {@code bcc_create_map},
 * its functions loaded with {@code bcc_prog_load} after each map reference is rewritten to the
 * new map's fd. No clang, no LLVM.
 *
 * <p>bcc also hands the kernel BTF for the maps' types and the functions' line info when it has
 * them; the map and program types cached here need neither, and without them the kernel checks
 * the same instructions the same way.
 */
final class CachedModule implements ModuleBacking {
  private final Libbcc bcc;
  private final Libc libc;
  private final CachedProgram program;
  private final Map<String, Integer> fds;

  private CachedModule(Libbcc bcc, Libc libc, CachedProgram program, Map<String, Integer> fds) {
    this.bcc = bcc;
    this.libc = libc;
    this.program = program;
    this.fds = fds;
  }

  /**
   * Makes {@code program}'s maps.
   *
   * @throws NativeCallException if the kernel refuses one; those made before are closed
   */
  static CachedModule open(Libbcc bcc, Libc libc, CachedProgram program) {
    Map<String, Integer> fds = new LinkedHashMap<>();
    try {
      for (CachedProgram.Table t : program.tables()) {
        fds.put(
            t.name(),
            bcc.createMap(
                t.type(),
                t.name(),
                Math.toIntExact(t.keySize()),
                Math.toIntExact(t.leafSize()),
                Math.toIntExact(t.maxEntries()),
                t.flags(),
                errno -> "cannot create BPF map `" + t.name() + "` from the cache"));
      }
    } catch (RuntimeException e) {
      fds.values().forEach(libc::close);
      throw e;
    }
    return new CachedModule(bcc, libc, program, fds);
  }

  @Override
  public int tableFd(String name) {
    Integer fd = fds.get(name);
    return fd == null ? -1 : fd;
  }

  @Override
  public List<String> tableNames() {
    return new ArrayList<>(fds.keySet());
  }

  @Override
  public List<String> functionNames() {
    return new ArrayList<>(program.functions().keySet());
  }

  @Override
  public boolean hasFunction(String function) {
    return program.functions().containsKey(function);
  }

  @Override
  public Libbcc.Loaded load(String function, int programType, int logBytes) {
    byte[] instructions = program.functions().get(function).rewritten(fds);
    return bcc.loadProgram(
        programType, function, instructions, program.license(), program.kernelVersion(), logBytes);
  }

  /**
   * The kernel takes a cached program without a word, so it is loaded with no capture (pipes and
   * a thread per load); only if the kernel refuses it does bcc load it again, captured, and
   * print its hints.
   */
  @Override
  public NativeOutputCapture.Result<Libbcc.Loaded> loadCapturing(
      String function, int programType, int logBytes) {
    if (bcc instanceof SyscallBcc direct) {
      Optional<Libbcc.Loaded> loaded =
          direct.loadDirect(
              programType,
              function,
              program.functions().get(function).rewritten(fds),
              program.license(),
              program.kernelVersion());
      if (loaded.isPresent()) {
        return new NativeOutputCapture.Result<>(loaded.get(), "");
      }
    }
    return ModuleBacking.super.loadCapturing(function, programType, logBytes);
  }

  @Override
  public Optional<Libbcc.TableInfo> tableInfo(String name) {
    for (CachedProgram.Table t : program.tables()) {
      if (t.name().equals(name)) {
        return Optional.of(
            new Libbcc.TableInfo(
                fds.get(name),
                t.type(),
                t.keySize(),
                t.leafSize(),
                t.maxEntries(),
                t.keyDesc(),
                t.leafDesc()));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    for (int fd : fds.values()) {
      libc.close(fd);
    }
    fds.clear();
  }
}
