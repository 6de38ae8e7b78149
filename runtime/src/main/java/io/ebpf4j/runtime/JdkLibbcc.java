package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.Downcalls.call;
import static io.ebpf4j.runtime.Downcalls.checked;
import static io.ebpf4j.runtime.Downcalls.errno;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@link Libbcc} through the JDK's foreign function API: the downcall handles, declared as in
 * {@code bcc/bcc_common.h} and {@code bcc/libbpf.h} (bcc 0.26), and the only code that invokes
 * them. Every handle that can set {@code errno} captures it, into memory allocated per call.
 */
final class JdkLibbcc implements Libbcc {
  private static final int BPF_PROBE_ENTRY = 0;
  private static final int BPF_PROBE_RETURN = 1;

  /** What {@code bpf_table_id} returns for a name the module does not have: {@code ~0ull}. */
  private static final long NO_TABLE = -1L;

  /** {@code struct bcc_symbol} from {@code bcc/bcc_syms.h}. */
  private static final StructLayout BCC_SYMBOL =
      java.lang.foreign.MemoryLayout.structLayout(
          ADDRESS.withName("name"),
          ADDRESS.withName("demangle_name"),
          ADDRESS.withName("module"),
          JAVA_LONG.withName("offset"));

  /** {@code struct bcc_symbol_option} from {@code bcc/bcc_syms.h}. */
  private static final StructLayout BCC_SYMBOL_OPTION =
      java.lang.foreign.MemoryLayout.structLayout(
          JAVA_INT.withName("use_debug_file"),
          JAVA_INT.withName("check_debug_file_crc"),
          JAVA_INT.withName("lazy_symbolize"),
          JAVA_INT.withName("use_symbol_type"));

  /** {@code 1 << STT_FUNC | 1 << STT_GNU_IFUNC}: functions only, for code addresses. */
  private static final int FUNCTION_SYMBOLS = 1 << 2 | 1 << 10;

  private static volatile JdkLibbcc instance;

  private final MethodHandle moduleCreateFromString;
  private final MethodHandle moduleDestroy;
  private final MethodHandle moduleLicense;
  private final MethodHandle moduleKernVersion;
  private final MethodHandle numFunctions;
  private final MethodHandle functionName;
  private final MethodHandle functionStart;
  private final MethodHandle functionSize;
  private final MethodHandle tableFd;
  private final MethodHandle funcLoad;
  private final MethodHandle attachKprobe;
  private final MethodHandle detachKprobe;
  private final MethodHandle attachTracepoint;
  private final MethodHandle attachUprobe;
  private final MethodHandle detachUprobe;
  private final MethodHandle resolveSymname;
  private final MethodHandle procutilsFree;
  private final MethodHandle procutilsWhichSo;
  private final MethodHandle closePerfEventFd;
  private final MethodHandle attachPerfEvent;
  private final MethodHandle lookupElem;
  private final MethodHandle getNextKey;
  private final MethodHandle objGetInfoByFd;
  private final MethodHandle numTables;
  private final MethodHandle tableName;
  private final MethodHandle tableId;
  private final MethodHandle tableFdId;
  private final MethodHandle tableTypeId;
  private final MethodHandle tableKeySizeId;
  private final MethodHandle tableLeafSizeId;
  private final MethodHandle tableMaxEntriesId;
  private final MethodHandle tableKeyDescId;
  private final MethodHandle tableLeafDescId;
  private final MethodHandle updateElem;
  private final MethodHandle deleteElem;
  private final MethodHandle lookupBatch;
  private final MethodHandle freeMemory;
  private final MethodHandle tableFlags;
  private final MethodHandle createMap;
  private final MethodHandle progLoad;
  private final MethodHandle symcacheNew;
  private final MethodHandle symcacheResolve;
  private final MethodHandle symcacheRefresh;
  private final MethodHandle freeSymcache;
  private final MethodHandle symbolFreeDemangleName;

  private JdkLibbcc(SymbolLookup bcc) {
    Linker linker = new Linker(bcc);
    // void *bpf_module_create_c_from_string(const char *text, unsigned flags,
    //     const char *cflags[], int ncflags, bool allow_rlimit, const char *dev_name)
    moduleCreateFromString =
        linker.withErrno(
            "bpf_module_create_c_from_string",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, ADDRESS));
    moduleDestroy = linker.plain("bpf_module_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    moduleLicense = linker.plain("bpf_module_license", FunctionDescriptor.of(ADDRESS, ADDRESS));
    moduleKernVersion =
        linker.plain("bpf_module_kern_version", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    numFunctions = linker.plain("bpf_num_functions", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    functionName =
        linker.plain("bpf_function_name", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
    functionStart =
        linker.plain("bpf_function_start", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    functionSize =
        linker.plain("bpf_function_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
    tableFd = linker.plain("bpf_table_fd", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int bcc_func_load(void *program, int prog_type, const char *name,
    //     const struct bpf_insn *insns, int prog_len, const char *license,
    //     unsigned kern_version, int log_level, char *log_buf, unsigned log_buf_size,
    //     const char *dev_name, int attach_type)
    funcLoad =
        linker.withErrno(
            "bcc_func_load",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    // int bpf_attach_kprobe(int progfd, enum bpf_probe_attach_type, const char *ev_name,
    //     const char *fn_name, uint64_t fn_offset, int maxactive)
    attachKprobe =
        linker.withErrno(
            "bpf_attach_kprobe",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    detachKprobe =
        linker.withErrno("bpf_detach_kprobe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    attachTracepoint =
        linker.withErrno(
            "bpf_attach_tracepoint", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // int bpf_attach_uprobe(int progfd, enum bpf_probe_attach_type, const char *ev_name,
    //     const char *binary_path, uint64_t offset, pid_t pid, uint32_t ref_ctr_offset)
    attachUprobe =
        linker.withErrno(
            "bpf_attach_uprobe",
            FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT));
    detachUprobe =
        linker.withErrno("bpf_detach_uprobe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int bcc_resolve_symname(const char *module, const char *symname, const uint64_t addr,
    //     int pid, struct bcc_symbol_option *option, struct bcc_symbol *sym)
    resolveSymname =
        linker.plain(
            "bcc_resolve_symname",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    procutilsFree = linker.plain("bcc_procutils_free", FunctionDescriptor.ofVoid(ADDRESS));
    // char *bcc_procutils_which_so(const char *libname, int pid): the path bcc_resolve_symname
    // uses for a library name, from /proc/<pid>/maps, or ld.so.cache when pid is 0.
    procutilsWhichSo =
        linker.plain(
            "bcc_procutils_which_so", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    // int bpf_attach_perf_event(int progfd, uint32_t ev_type, uint32_t ev_config,
    //     uint64_t sample_period, uint64_t sample_freq, pid_t pid, int cpu, int group_fd)
    attachPerfEvent =
        linker.withErrno(
            "bpf_attach_perf_event",
            FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT,
                JAVA_INT));
    closePerfEventFd =
        linker.withErrno("bpf_close_perf_event_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    lookupElem =
        linker.withErrno(
            "bpf_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    getNextKey =
        linker.withErrno(
            "bpf_get_next_key", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // int bpf_obj_get_info_by_fd(int prog_fd, void *info, uint32_t *info_len)
    objGetInfoByFd =
        linker.withErrno(
            "bpf_obj_get_info_by_fd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    numTables = linker.plain("bpf_num_tables", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    tableName = linker.plain("bpf_table_name", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
    // size_t bpf_table_id(void *program, const char *table_name): ~0 when there is none
    tableId = linker.plain("bpf_table_id", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
    tableFdId = linker.plain("bpf_table_fd_id", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    tableTypeId =
        linker.plain("bpf_table_type_id", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    tableKeySizeId =
        linker.plain("bpf_table_key_size_id", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
    tableLeafSizeId =
        linker.plain("bpf_table_leaf_size_id", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
    tableMaxEntriesId =
        linker.plain(
            "bpf_table_max_entries_id", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
    tableKeyDescId =
        linker.plain("bpf_table_key_desc_id", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
    tableLeafDescId =
        linker.plain("bpf_table_leaf_desc_id", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
    // int bpf_update_elem(int fd, void *key, void *value, unsigned long long flags)
    updateElem =
        linker.withErrno(
            "bpf_update_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    deleteElem =
        linker.withErrno("bpf_delete_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    // int bpf_lookup_batch(int fd, __u32 *in_batch, __u32 *out_batch, void *keys,
    //     void *values, __u32 *count)
    lookupBatch =
        linker.withErrno(
            "bpf_lookup_batch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    freeMemory = linker.plain("bcc_free_memory", FunctionDescriptor.of(JAVA_INT));
    tableFlags = linker.plain("bpf_table_flags", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int bcc_create_map(enum bpf_map_type map_type, const char *name, int key_size,
    //     int value_size, int max_entries, int map_flags)
    createMap =
        linker.withErrno(
            "bcc_create_map",
            FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // int bcc_prog_load(enum bpf_prog_type prog_type, const char *name,
    //     const struct bpf_insn *insns, int prog_len, const char *license,
    //     unsigned kern_version, int log_level, char *log_buf, unsigned log_buf_size)
    progLoad =
        linker.withErrno(
            "bcc_prog_load",
            FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_INT));
    // bcc/bcc_syms.h: void *bcc_symcache_new(int pid, struct bcc_symbol_option *option)
    symcacheNew =
        linker.plain("bcc_symcache_new", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    // int bcc_symcache_resolve(void *symcache, uint64_t addr, struct bcc_symbol *sym)
    symcacheResolve =
        linker.plain(
            "bcc_symcache_resolve", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    symcacheRefresh = linker.plain("bcc_symcache_refresh", FunctionDescriptor.ofVoid(ADDRESS));
    freeSymcache =
        linker.plain("bcc_free_symcache", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    symbolFreeDemangleName =
        linker.plain("bcc_symbol_free_demangle_name", FunctionDescriptor.ofVoid(ADDRESS));
  }

  /** Links libbcc on first use. */
  static JdkLibbcc get() {
    JdkLibbcc result = instance;
    if (result == null) {
      synchronized (JdkLibbcc.class) {
        result = instance;
        if (result == null) {
          result = instance = load(LIBRARY);
        }
      }
    }
    return result;
  }

  /** Links the named library. */
  static JdkLibbcc load(String library) {
    SymbolLookup lookup;
    long start = System.nanoTime();
    try {
      lookup = SymbolLookup.libraryLookup(library, Arena.global());
    } catch (IllegalArgumentException e) {
      throw new LinkageError(
          "ebpf4j could not load "
              + library
              + ", bcc's library: it compiles and loads the BPF programs. Install bcc: on"
              + " Debian or Ubuntu `apt-get install libbpfcc`, on Fedora `dnf install bcc`"
              + " (or set -Debpf4j.libbcc=/path/to/libbcc.so.0).",
          e);
    }
    CompilerPages.linked();
    try {
      return new JdkLibbcc(lookup);
    } finally {
      Downcalls.linkedSince(start);
    }
  }

  @Override
  public MemorySegment createModule(String source, List<String> cflags) {
    return call(
        (arena, state) -> {
          MemorySegment flags = arena.allocate(ValueLayout.ADDRESS, Math.max(1, cflags.size()));
          for (int i = 0; i < cflags.size(); i++) {
            flags.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(cflags.get(i)));
          }
          return (MemorySegment)
              moduleCreateFromString.invokeExact(
                  state, arena.allocateFrom(source), 0, flags, cflags.size(), true,
                  MemorySegment.NULL);
        });
  }

  @Override
  public void destroyModule(MemorySegment module) {
    call(
        (arena, state) -> {
          moduleDestroy.invokeExact(module);
          return null;
        });
  }

  @Override
  public int tableFd(MemorySegment module, String name) {
    return call((arena, state) -> (int) tableFd.invokeExact(module, arena.allocateFrom(name)));
  }

  @Override
  public List<String> tableNames(MemorySegment module) {
    return call(
        (arena, state) -> {
          long count = (long) numTables.invokeExact(module);
          List<String> names = new ArrayList<>();
          for (long i = 0; i < count; i++) {
            names.add(string((MemorySegment) tableName.invokeExact(module, i)));
          }
          return names;
        });
  }

  @Override
  public List<String> functionNames(MemorySegment module) {
    return call(
        (arena, state) -> {
          long count = (long) numFunctions.invokeExact(module);
          List<String> names = new ArrayList<>();
          for (long i = 0; i < count; i++) {
            names.add(string((MemorySegment) functionName.invokeExact(module, i)));
          }
          return names;
        });
  }

  @Override
  public boolean hasFunction(MemorySegment module, String function) {
    return call(
        (arena, state) ->
            !((MemorySegment) functionStart.invokeExact(module, arena.allocateFrom(function)))
                .equals(MemorySegment.NULL));
  }

  @Override
  public Loaded loadFunction(MemorySegment module, String function, int programType, int logBytes) {
    return call(
        (arena, state) -> {
          MemorySegment name = arena.allocateFrom(function);
          MemorySegment start = (MemorySegment) functionStart.invokeExact(module, name);
          if (start.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("the module has no function " + function);
          }
          long size = (long) functionSize.invokeExact(module, name);
          MemorySegment license = (MemorySegment) moduleLicense.invokeExact(module);
          int kernVersion = (int) moduleKernVersion.invokeExact(module);
          MemorySegment log = arena.allocate(logBytes);
          int fd =
              (int)
                  funcLoad.invokeExact(
                      state, module, programType, name, start, (int) size, license, kernVersion,
                      0, log, logBytes, MemorySegment.NULL, -1);
          if (fd >= 0) {
            return new Loaded(fd, 0, "");
          }
          // bcc returns the kernel's -errno where it has one, else -1 and errno.
          return new Loaded(fd, fd < -1 ? -fd : errno(state), log.getString(0));
        });
  }

  @Override
  public int attachKprobe(
      int progFd,
      boolean ret,
      String eventName,
      String kernelFunction,
      int maxActive,
      IntFunction<String> failure) {
    return checked(
        "bpf_attach_kprobe",
        failure,
        (arena, state) ->
            (int)
                attachKprobe.invokeExact(
                    state,
                    progFd,
                    ret ? BPF_PROBE_RETURN : BPF_PROBE_ENTRY,
                    arena.allocateFrom(eventName),
                    arena.allocateFrom(kernelFunction),
                    0L,
                    maxActive));
  }

  @Override
  public int attachTracepoint(
      int progFd, String category, String name, IntFunction<String> failure) {
    return checked(
        "bpf_attach_tracepoint",
        failure,
        (arena, state) ->
            (int)
                attachTracepoint.invokeExact(
                    state, progFd, arena.allocateFrom(category), arena.allocateFrom(name)));
  }

  @Override
  public int attachUprobe(
      int progFd,
      boolean ret,
      String eventName,
      String path,
      long offset,
      int pid,
      long refCtrOffset,
      IntFunction<String> failure) {
    return checked(
        "bpf_attach_uprobe",
        failure,
        (arena, state) ->
            (int)
                attachUprobe.invokeExact(
                    state,
                    progFd,
                    ret ? BPF_PROBE_RETURN : BPF_PROBE_ENTRY,
                    arena.allocateFrom(eventName),
                    arena.allocateFrom(path),
                    offset,
                    pid,
                    (int) refCtrOffset));
  }

  @Override
  public int attachPerfEvent(
      int progFd, int type, int config, long frequency, int cpu, IntFunction<String> failure) {
    // A frequency, not a period (bcc sets attr.freq when sample_freq > 0); pid -1 with a cpu is
    // every process on that CPU; no group.
    return checked(
        "bpf_attach_perf_event",
        failure,
        (arena, state) ->
            (int) attachPerfEvent.invokeExact(state, progFd, type, config, 0L, frequency, -1, cpu, -1));
  }

  @Override
  public int closePerfEvent(int perfFd) {
    return call(
        (arena, state) -> (int) closePerfEventFd.invokeExact(state, perfFd) < 0 ? errno(state) : 0);
  }

  @Override
  public void detachKprobe(String eventName) {
    call((arena, state) -> (int) detachKprobe.invokeExact(state, arena.allocateFrom(eventName)));
  }

  @Override
  public void detachUprobe(String eventName) {
    call((arena, state) -> (int) detachUprobe.invokeExact(state, arena.allocateFrom(eventName)));
  }

  @Override
  public Optional<UserSymbol> resolveSymbol(String module, String symbol, int pid) {
    return call(
        (arena, state) -> {
          MemorySegment sym = arena.allocate(BCC_SYMBOL);
          int rc =
              (int)
                  resolveSymname.invokeExact(
                      arena.allocateFrom(module),
                      arena.allocateFrom(symbol),
                      0L,
                      pid < 0 ? 0 : pid,
                      MemorySegment.NULL,
                      sym);
          if (rc < 0) {
            return Optional.<UserSymbol>empty();
          }
          MemorySegment modulePath =
              sym.get(ValueLayout.ADDRESS, BCC_SYMBOL.byteOffset(groupElement("module")));
          long offset =
              sym.get(ValueLayout.JAVA_LONG, BCC_SYMBOL.byteOffset(groupElement("offset")));
          String path = string(modulePath);
          procutilsFree.invokeExact(modulePath);
          return Optional.of(new UserSymbol(path, offset));
        });
  }

  @Override
  public Optional<String> whichSo(String library, int pid) {
    return call(
        (arena, state) -> {
          MemorySegment path =
              (MemorySegment) procutilsWhichSo.invokeExact(arena.allocateFrom(library), pid);
          if (path.equals(MemorySegment.NULL)) {
            return Optional.<String>empty();
          }
          try {
            return Optional.of(string(path));
          } finally {
            procutilsFree.invokeExact(path);
          }
        });
  }

  @Override
  public void lookup(int mapFd, MemorySegment key, MemorySegment value, String failure) {
    checked(
        "bpf_lookup_elem",
        errno -> failure,
        (arena, state) -> (int) lookupElem.invokeExact(state, mapFd, key, value));
  }

  @Override
  public void objectInfo(int fd, MemorySegment info, MemorySegment length, String failure) {
    checked(
        "bpf_obj_get_info_by_fd",
        errno -> failure,
        (arena, state) -> (int) objGetInfoByFd.invokeExact(state, fd, info, length));
  }

  @Override
  public Optional<TableInfo> tableInfo(MemorySegment module, String name) {
    return call(
        (arena, state) -> {
          long id = (long) tableId.invokeExact(module, arena.allocateFrom(name));
          if (id == NO_TABLE) {
            return Optional.<TableInfo>empty();
          }
          int fd = (int) tableFdId.invokeExact(module, id);
          int type = (int) tableTypeId.invokeExact(module, id);
          long keySize = (long) tableKeySizeId.invokeExact(module, id);
          long leafSize = (long) tableLeafSizeId.invokeExact(module, id);
          long maxEntries = (long) tableMaxEntriesId.invokeExact(module, id);
          MemorySegment keyDesc = (MemorySegment) tableKeyDescId.invokeExact(module, id);
          MemorySegment leafDesc = (MemorySegment) tableLeafDescId.invokeExact(module, id);
          return Optional.of(
              new TableInfo(
                  fd, type, keySize, leafSize, maxEntries, string(keyDesc), string(leafDesc)));
        });
  }

  /** A C string bcc owns, read up to its NUL (bcc's names are far shorter), or "" for NULL. */
  private static String string(MemorySegment chars) {
    return chars.equals(MemorySegment.NULL) ? "" : chars.reinterpret(4096).getString(0);
  }

  @Override
  public boolean lookupIfPresent(
      int mapFd, MemorySegment key, MemorySegment value, String failure) {
    return call(
        (arena, state) ->
            present(
                (int) lookupElem.invokeExact(state, mapFd, key, value),
                state,
                "bpf_lookup_elem",
                failure));
  }

  @Override
  public void update(
      int mapFd, MemorySegment key, MemorySegment value, long flags, String failure) {
    checked(
        "bpf_update_elem",
        errno -> failure,
        (arena, state) -> (int) updateElem.invokeExact(state, mapFd, key, value, flags));
  }

  @Override
  public boolean delete(int mapFd, MemorySegment key, String failure) {
    return call(
        (arena, state) ->
            present(
                (int) deleteElem.invokeExact(state, mapFd, key), state, "bpf_delete_elem", failure));
  }

  @Override
  public boolean nextKey(int mapFd, MemorySegment key, MemorySegment next, String failure) {
    return call(
        (arena, state) ->
            present(
                (int) getNextKey.invokeExact(state, mapFd, key, next),
                state,
                "bpf_get_next_key",
                failure));
  }

  /** True for {@code rc} 0, false for ENOENT; any other errno is a {@link NativeCallException}. */
  private static boolean present(int rc, MemorySegment state, String function, String failure) {
    if (rc == 0) {
      return true;
    }
    int errno = errno(state);
    if (errno == Libc.ENOENT) {
      return false;
    }
    throw new NativeCallException(function, errno, failure);
  }

  @Override
  public int lookupBatch(
      int mapFd,
      MemorySegment inBatch,
      MemorySegment outBatch,
      MemorySegment keys,
      MemorySegment values,
      MemorySegment count) {
    return call(
        (arena, state) -> {
          int rc =
              (int) lookupBatch.invokeExact(state, mapFd, inBatch, outBatch, keys, values, count);
          // bcc passes on libbpf's result: -errno, with errno set as well.
          return rc == 0 ? 0 : rc < -1 ? -rc : errno(state);
        });
  }

  @Override
  public int freeMemory() {
    return call((arena, state) -> (int) freeMemory.invokeExact());
  }

  @Override
  public String license(MemorySegment module) {
    return call((arena, state) -> string((MemorySegment) moduleLicense.invokeExact(module)));
  }

  @Override
  public int kernelVersion(MemorySegment module) {
    return call((arena, state) -> (int) moduleKernVersion.invokeExact(module));
  }

  @Override
  public byte[] instructions(MemorySegment module, String function) {
    return call(
        (arena, state) -> {
          MemorySegment name = arena.allocateFrom(function);
          MemorySegment start = (MemorySegment) functionStart.invokeExact(module, name);
          if (start.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("the module has no function " + function);
          }
          long size = (long) functionSize.invokeExact(module, name);
          return start.reinterpret(size).toArray(ValueLayout.JAVA_BYTE);
        });
  }

  @Override
  public MemorySegment symcacheNew(int pid) {
    return call(
        (arena, state) -> {
          MemorySegment option = arena.allocate(BCC_SYMBOL_OPTION);
          option.set(JAVA_INT, BCC_SYMBOL_OPTION.byteOffset(groupElement("use_debug_file")), 1);
          option.set(
              JAVA_INT, BCC_SYMBOL_OPTION.byteOffset(groupElement("check_debug_file_crc")), 1);
          option.set(JAVA_INT, BCC_SYMBOL_OPTION.byteOffset(groupElement("lazy_symbolize")), 1);
          option.set(
              JAVA_INT,
              BCC_SYMBOL_OPTION.byteOffset(groupElement("use_symbol_type")),
              FUNCTION_SYMBOLS);
          // bcc copies the option; ours can go with the arena.
          return (MemorySegment) symcacheNew.invokeExact(pid, option);
        });
  }

  @Override
  public int tableFlags(MemorySegment module, String name) {
    return call((arena, state) -> (int) tableFlags.invokeExact(module, arena.allocateFrom(name)));
  }

  @Override
  public int createMap(
      int type,
      String name,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      IntFunction<String> failure) {
    return checked(
        "bcc_create_map",
        failure,
        (arena, state) ->
            (int)
                createMap.invokeExact(
                    state, type, arena.allocateFrom(name), keySize, valueSize, maxEntries, flags));
  }

  @Override
  public Loaded loadProgram(
      int programType,
      String name,
      byte[] instructions,
      String license,
      int kernelVersion,
      int logBytes) {
    return call(
        (arena, state) -> {
          MemorySegment insns = arena.allocate(instructions.length, 8);
          MemorySegment.copy(instructions, 0, insns, ValueLayout.JAVA_BYTE, 0, instructions.length);
          MemorySegment log = arena.allocate(logBytes);
          int fd =
              (int)
                  progLoad.invokeExact(
                      state, programType, arena.allocateFrom(name), insns, instructions.length,
                      arena.allocateFrom(license), kernelVersion, 0, log, logBytes);
          if (fd >= 0) {
            return new Loaded(fd, 0, "");
          }
          return new Loaded(fd, fd < -1 ? -fd : errno(state), log.getString(0));
        });
  }

  @Override
  public Optional<SymbolAt> symcacheResolve(MemorySegment symcache, long address) {
    return call(
        (arena, state) -> {
          MemorySegment sym = arena.allocate(BCC_SYMBOL);
          int rc = (int) symcacheResolve.invokeExact(symcache, address, sym);
          MemorySegment module =
              sym.get(ValueLayout.ADDRESS, BCC_SYMBOL.byteOffset(groupElement("module")));
          long offset =
              sym.get(ValueLayout.JAVA_LONG, BCC_SYMBOL.byteOffset(groupElement("offset")));
          if (rc < 0) {
            // On a miss bcc still names the module when the address is in one, and the offset
            // is then the address's offset in that file.
            return module.equals(MemorySegment.NULL)
                ? Optional.<SymbolAt>empty()
                : Optional.of(new SymbolAt(null, string(module), offset));
          }
          MemorySegment demangled =
              sym.get(ValueLayout.ADDRESS, BCC_SYMBOL.byteOffset(groupElement("demangle_name")));
          MemorySegment name =
              sym.get(ValueLayout.ADDRESS, BCC_SYMBOL.byteOffset(groupElement("name")));
          try {
            String symbol = string(demangled.equals(MemorySegment.NULL) ? name : demangled);
            return Optional.of(new SymbolAt(symbol, string(module), offset));
          } finally {
            // The demangled name is malloc'd for the caller (bcc_syms.h); name and module
            // belong to the cache.
            symbolFreeDemangleName.invokeExact(sym);
          }
        });
  }

  @Override
  public void symcacheRefresh(MemorySegment symcache) {
    call(
        (arena, state) -> {
          symcacheRefresh.invokeExact(symcache);
          return null;
        });
  }

  @Override
  public void freeSymcache(MemorySegment symcache, int pid) {
    call(
        (arena, state) -> {
          freeSymcache.invokeExact(symcache, pid);
          return null;
        });
  }

  /** Finds symbols and makes downcall handles, with or without errno capture. */
  private record Linker(SymbolLookup library) {
    MethodHandle plain(String name, FunctionDescriptor descriptor) {
      return lazy(find(name), descriptor, descriptor.toMethodType());
    }

    MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
      return lazy(
          find(name),
          descriptor,
          descriptor.toMethodType().insertParameterTypes(0, MemorySegment.class),
          Downcalls.CAPTURE_ERRNO);
    }

    private MemorySegment find(String name) {
      return library
          .find(name)
          .orElseThrow(
              () ->
                  new LinkageError(
                      LIBRARY
                          + " has no function "
                          + name
                          + ": ebpf4j needs bcc 0.26 or newer."));
    }
  }

  /**
   * A handle of {@code type} that makes the downcall handle of {@code symbol} when first called,
   * and from then on is that handle: a session pays only for the functions it calls. The symbol
   * itself is found at once, so that a libbcc without it fails when linked.
   */
  private static MethodHandle lazy(
      MemorySegment symbol,
      FunctionDescriptor descriptor,
      java.lang.invoke.MethodType type,
      java.lang.foreign.Linker.Option... options) {
    java.lang.invoke.MutableCallSite site = new java.lang.invoke.MutableCallSite(type);
    java.util.function.Supplier<MethodHandle> link =
        new java.util.function.Supplier<>() {
          private MethodHandle handle;

          @Override
          public synchronized MethodHandle get() {
            // Another thread may still run the old target once: it gets the same handle.
            if (handle == null) {
              handle = Downcalls.downcallHandle(symbol, descriptor, options);
              site.setTarget(handle);
            }
            return handle;
          }
        };
    site.setTarget(
        java.lang.invoke.MethodHandles.foldArguments(
            java.lang.invoke.MethodHandles.exactInvoker(type), LINK_FIRST.bindTo(link)));
    return site.dynamicInvoker();
  }

  /** {@code link.get()}, as a handle of {@code (Supplier) MethodHandle}. */
  private static final MethodHandle LINK_FIRST;

  static {
    try {
      LINK_FIRST =
          java.lang.invoke.MethodHandles.lookup()
              .findStatic(
                  JdkLibbcc.class,
                  "linkFirst",
                  java.lang.invoke.MethodType.methodType(
                      MethodHandle.class, java.util.function.Supplier.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static MethodHandle linkFirst(java.util.function.Supplier<MethodHandle> link) {
    return link.get();
  }
}
