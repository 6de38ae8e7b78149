package io.ebpf4j.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What loading a compiled module needs, without the compiler: each function's final
 * instructions, the license and kernel version bcc passes with them, and the definitions of the
 * maps they refer to. {@link ProgramCache} keeps one per compiled source; {@link CachedModule}
 * makes the maps again and loads the functions from it.
 *
 * @param tables in bcc's order, which {@link BpfModule#tableNames()} keeps
 * @param functions by name, in bcc's order
 */
record CachedProgram(
    String license, int kernelVersion, List<Table> tables, Map<String, BpfInstructions> functions) {

  /**
   * A map as bcc created it for the module, without BTF: every field {@code bcc_create_map}
   * takes, and bcc's descriptions of its key and value types for {@link Libbcc#tableInfo}.
   */
  record Table(
      String name,
      int type,
      long keySize,
      long leafSize,
      long maxEntries,
      int flags,
      String keyDesc,
      String leafDesc) {}

  /**
   * The map types that a new map of the same definition fully replaces: no other module, pin or
   * program fd is part of them (bcc's {@code BPF_TABLE_PINNED}, shared and extern tables, program
   * arrays and maps of maps are not).
   */
  private static final Set<Integer> RECREATABLE =
      Set.of(
          1, // BPF_MAP_TYPE_HASH
          2, // BPF_MAP_TYPE_ARRAY
          4, // BPF_MAP_TYPE_PERF_EVENT_ARRAY
          5, // BPF_MAP_TYPE_PERCPU_HASH
          6, // BPF_MAP_TYPE_PERCPU_ARRAY
          7, // BPF_MAP_TYPE_STACK_TRACE
          9, // BPF_MAP_TYPE_LRU_HASH
          10, // BPF_MAP_TYPE_LRU_PERCPU_HASH
          27); // BPF_MAP_TYPE_RINGBUF

  /**
   * Macros whose maps outlive or reach beyond the module, so that maps made again from the
   * definitions would not be the same maps (bcc's {@code helpers.h}).
   */
  private static final List<String> SHARING_MACROS =
      List.of("BPF_TABLE_PINNED", "BPF_TABLE_SHARED", "BPF_TABLE_PUBLIC", "\"extern\"", "BPF_PROG_ARRAY");

  CachedProgram {
    tables = List.copyOf(tables);
    functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
  }

  /**
   * The program bcc compiled into {@code module} from {@code source}; empty, with the reason, if
   * it cannot be loaded again without bcc.
   */
  static Capture capture(Libbcc bcc, MemorySegment module, String source) {
    for (String macro : SHARING_MACROS) {
      if (source.contains(macro)) {
        return Capture.refused("the source uses " + macro + ", whose maps are not the module's own");
      }
    }
    List<Table> tables = new ArrayList<>();
    Map<Integer, String> tableByFd = new HashMap<>();
    for (String name : bcc.tableNames(module)) {
      Libbcc.TableInfo info = bcc.tableInfo(module, name).orElseThrow();
      if (!RECREATABLE.contains(info.type())) {
        return Capture.refused("map `" + name + "` is of type " + info.type() + ", which is not cached");
      }
      tables.add(
          new Table(
              name,
              info.type(),
              info.keySize(),
              info.leafSize(),
              info.maxEntries(),
              bcc.tableFlags(module, name),
              info.keyDesc(),
              info.leafDesc()));
      tableByFd.put(info.fd(), name);
    }
    Map<String, BpfInstructions> functions = new LinkedHashMap<>();
    for (String function : bcc.functionNames(module)) {
      BpfInstructions.Result captured =
          BpfInstructions.capture(bcc.instructions(module, function), tableByFd);
      if (captured.instructions().isEmpty()) {
        return Capture.refused("function " + function + ": " + captured.refusal());
      }
      functions.put(function, captured.instructions().get());
    }
    return new Capture(
        Optional.of(
            new CachedProgram(bcc.license(module), bcc.kernelVersion(module), tables, functions)),
        "");
  }

  /** What {@link #capture} made, or why it could not. */
  record Capture(Optional<CachedProgram> program, String refusal) {
    static Capture refused(String why) {
      return new Capture(Optional.empty(), why);
    }
  }

  /** Writes the program in the form {@link #read} reads. */
  void write(DataOutputStream out) throws IOException {
    out.writeUTF(license);
    out.writeInt(kernelVersion);
    out.writeInt(tables.size());
    for (Table t : tables) {
      out.writeUTF(t.name());
      out.writeInt(t.type());
      out.writeLong(t.keySize());
      out.writeLong(t.leafSize());
      out.writeLong(t.maxEntries());
      out.writeInt(t.flags());
      out.writeUTF(t.keyDesc());
      out.writeUTF(t.leafDesc());
    }
    out.writeInt(functions.size());
    for (Map.Entry<String, BpfInstructions> f : functions.entrySet()) {
      out.writeUTF(f.getKey());
      byte[] code = f.getValue().code();
      out.writeInt(code.length);
      out.write(code);
      out.writeInt(f.getValue().references().size());
      for (BpfInstructions.MapReference r : f.getValue().references()) {
        out.writeInt(r.index());
        out.writeUTF(r.table());
      }
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IOException if it ends early or does not hold together (a reference to a map it
   *     does not define, a count larger than what is left)
   */
  static CachedProgram read(DataInputStream in) throws IOException {
    String license = in.readUTF();
    int kernelVersion = in.readInt();
    int tableCount = count(in);
    List<Table> tables = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < tableCount; i++) {
      Table t =
          new Table(
              in.readUTF(),
              in.readInt(),
              in.readLong(),
              in.readLong(),
              in.readLong(),
              in.readInt(),
              in.readUTF(),
              in.readUTF());
      tables.add(t);
      names.add(t.name());
    }
    int functionCount = count(in);
    Map<String, BpfInstructions> functions = new LinkedHashMap<>();
    for (int i = 0; i < functionCount; i++) {
      String name = in.readUTF();
      byte[] code = new byte[count(in)];
      in.readFully(code);
      int referenceCount = count(in);
      List<BpfInstructions.MapReference> references = new ArrayList<>();
      for (int r = 0; r < referenceCount; r++) {
        BpfInstructions.MapReference reference =
            new BpfInstructions.MapReference(in.readInt(), in.readUTF());
        if (!names.contains(reference.table())) {
          throw new IOException(name + " refers to map `" + reference.table() + "`, which is not defined");
        }
        references.add(reference);
      }
      try {
        functions.put(name, new BpfInstructions(code, references));
      } catch (IllegalArgumentException e) {
        throw new IOException(name + ": " + e.getMessage(), e);
      }
    }
    return new CachedProgram(license, kernelVersion, tables, functions);
  }

  /** A count or length, which cannot be more than the bytes left. */
  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("a count of " + n + " with " + in.available() + " bytes left");
    }
    return n;
  }
}
