package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The part of bcc's {@code libbcc.so.0} that ebpf4j uses, typed: {@code bcc/bcc_common.h},
 * {@code bcc/libbpf.h} and {@code bcc/bcc_syms.h} (bcc 0.26). A module is the opaque pointer
 * {@link #createModule} returns.
 *
 * <p>{@link #get()} links the real library ({@link JdkLibbcc}) on first use; a machine without
 * it gets a {@link LinkageError} naming the package to install. Tests hand {@link BpfModule}
 * another implementation, to start and fail sessions without a kernel.
 *
 * <p>An attach that fails throws {@link NativeCallException} with the function's name, its
 * {@code errno} and the caller's sentence, which {@code failure} makes from the {@code errno}
 * (a privilege hint depends on it).
 */
interface Libbcc {
  /** The soname, overridable for tests and unusual installs. */
  String LIBRARY = System.getProperty("ebpf4j.libbcc", "libbcc.so.0");

  int BPF_PROG_TYPE_KPROBE = 2;
  int BPF_PROG_TYPE_TRACEPOINT = 5;
  int BPF_PROG_TYPE_PERF_EVENT = 7;

  /** Links libbcc on first use. */
  static Libbcc get() {
    return JdkLibbcc.get();
  }

  /** Links the named library; visible so that tests can ask for one that is not there. */
  static Libbcc load(String library) {
    return JdkLibbcc.load(library);
  }

  /**
   * {@code bpf_module_create_c_from_string}: compiles {@code source} with {@code cflags}.
   *
   * @return the module, or {@link MemorySegment#NULL} if it did not compile (bcc printed why)
   */
  MemorySegment createModule(String source, List<String> cflags);

  /** {@code bpf_module_destroy}. */
  void destroyModule(MemorySegment module);

  /** {@code bpf_table_fd}: the map's fd, or a negative number if the module has no such map. */
  int tableFd(MemorySegment module, String name);

  /** {@code bpf_num_tables} and {@code bpf_table_name}: the module's maps. */
  List<String> tableNames(MemorySegment module);

  /** {@code bpf_num_functions} and {@code bpf_function_name}: the module's functions. */
  List<String> functionNames(MemorySegment module);

  /** Whether the module has compiled function {@code function} ({@code bpf_function_start}). */
  boolean hasFunction(MemorySegment module, String function);

  /**
   * {@code bcc_func_load}: loads {@code function} of {@code module}, which must have it, as a
   * program of {@code programType}, with the module's license and kernel version.
   *
   * @param logBytes room for the verifier's log
   */
  Loaded loadFunction(MemorySegment module, String function, int programType, int logBytes);

  /**
   * What {@link #loadFunction} gave: the program's fd, or on failure a negative fd, the errno
   * and the verifier's log (bcc fills it only on failure).
   */
  record Loaded(int fd, int errno, String verifierLog) {}

  /**
   * {@code bpf_attach_kprobe} on the entry, or with {@code ret} the return, of {@code
   * kernelFunction}, as event {@code eventName}.
   *
   * @param maxActive 0 for a kprobe, else the kretprobe's calls in flight
   * @return the perf event fd
   */
  int attachKprobe(
      int progFd,
      boolean ret,
      String eventName,
      String kernelFunction,
      int maxActive,
      IntFunction<String> failure);

  /** {@code bpf_attach_tracepoint}; returns the perf event fd. */
  int attachTracepoint(int progFd, String category, String name, IntFunction<String> failure);

  /**
   * {@code bpf_attach_uprobe} at {@code offset} in {@code path}, on the entry or with {@code ret}
   * the return; returns the perf event fd.
   *
   * @param pid the one process, or -1 for all
   * @param refCtrOffset the file offset of a USDT semaphore, which the kernel counts up in every
   *     process the uprobe covers while it is attached ({@code ref_ctr_offset}, Linux 4.20+); 0
   *     for none
   */
  int attachUprobe(
      int progFd,
      boolean ret,
      String eventName,
      String path,
      long offset,
      int pid,
      long refCtrOffset,
      IntFunction<String> failure);

  /**
   * {@code bpf_attach_perf_event}: opens perf event {@code type}/{@code config} sampled {@code
   * frequency} times a second on {@code cpu}, for every process, and runs the program on each
   * sample; returns the perf event fd.
   */
  int attachPerfEvent(int progFd, int type, int config, long frequency, int cpu,
      IntFunction<String> failure);

  /** {@code bpf_close_perf_event_fd}: 0, or the errno it failed with. */
  int closePerfEvent(int perfFd);

  /** {@code bpf_detach_kprobe}; a kprobe bcc did not list is not an error. */
  void detachKprobe(String eventName);

  /** {@code bpf_detach_uprobe}; a uprobe bcc did not list is not an error. */
  void detachUprobe(String eventName);

  /** Where {@code bcc_resolve_symname} found a user-space symbol: the file and the offset. */
  record UserSymbol(String path, long offset) {}

  /** {@code bcc_resolve_symname} of {@code symbol} in {@code module}; empty if it is not there. */
  Optional<UserSymbol> resolveSymbol(String module, String symbol, int pid);

  /**
   * {@code bcc_procutils_which_so}: the path bcc uses for library {@code library}, from {@code
   * /proc/<pid>/maps}, or {@code ld.so.cache} when pid is 0; empty if there is none.
   */
  Optional<String> whichSo(String library, int pid);

  /**
   * {@code bpf_lookup_elem}: copies the value at {@code key} of map {@code mapFd} into {@code
   * value}.
   *
   * @throws NativeCallException with {@code failure} if there is none
   */
  void lookup(int mapFd, MemorySegment key, MemorySegment value, String failure);

  /**
   * {@code bpf_obj_get_info_by_fd}: fills {@code info}, of {@code length}'s size, and sets
   * {@code length} to what the kernel filled.
   *
   * @throws NativeCallException with {@code failure} if the kernel refuses
   */
  void objectInfo(int fd, MemorySegment info, MemorySegment length, String failure);

  /**
   * What bcc knows of map {@code name} from its declaration ({@code bpf_table_*_id} in {@code
   * bcc/bcc_common.h}); empty if the module has no such map.
   */
  Optional<TableInfo> tableInfo(MemorySegment module, String name);

  /**
   * A map as bcc declared it.
   *
   * @param type the kernel's {@code enum bpf_map_type}
   * @param keySize {@code sizeof} the C key type
   * @param leafSize {@code sizeof} the C value type (one CPU's, for a per-CPU map)
   * @param keyDesc bcc's description of the key type, like {@code "unsigned int"}
   * @param leafDesc bcc's description of the value type
   */
  record TableInfo(
      int fd,
      int type,
      long keySize,
      long leafSize,
      long maxEntries,
      String keyDesc,
      String leafDesc) {}

  /**
   * {@code bpf_lookup_elem} that tells an absent key apart: false on {@code ENOENT}.
   *
   * @throws NativeCallException with {@code failure} on any other errno
   */
  boolean lookupIfPresent(int mapFd, MemorySegment key, MemorySegment value, String failure);

  /**
   * {@code bpf_update_elem} with {@code flags} ({@code BPF_ANY} is 0).
   *
   * @throws NativeCallException with {@code failure} if the kernel refuses
   */
  void update(int mapFd, MemorySegment key, MemorySegment value, long flags, String failure);

  /**
   * {@code bpf_delete_elem}: false if there was no such key ({@code ENOENT}).
   *
   * @throws NativeCallException with {@code failure} on any other errno
   */
  boolean delete(int mapFd, MemorySegment key, String failure);

  /**
   * {@code bpf_get_next_key}: false when {@code key} was the last ({@code ENOENT}).
   *
   * @throws NativeCallException with {@code failure} on any other errno
   */
  boolean nextKey(int mapFd, MemorySegment key, MemorySegment next, String failure);

  /**
   * {@code bpf_lookup_batch} ({@code BPF_MAP_LOOKUP_BATCH}, Linux 5.6+): copies up to {@code
   * count} entries after position {@code inBatch} ({@link MemorySegment#NULL} for the start) into
   * {@code keys} and {@code values}, and sets {@code count} to how many and {@code outBatch} to
   * where to go on.
   *
   * @return 0, or the errno: {@code ENOENT} when this batch reached the end (it may still hold
   *     entries), {@code EINVAL} or {@code ENOTSUPP} where the kernel or map type has no batches,
   *     {@code ENOSPC} when a hash bucket holds more than {@code count}
   */
  int lookupBatch(
      int mapFd,
      MemorySegment inBatch,
      MemorySegment outBatch,
      MemorySegment keys,
      MemorySegment values,
      MemorySegment count);

  /**
   * {@code bcc_free_memory}: hands back the pages of libbcc's code, most of it LLVM's, which a
   * compile faulted in and which otherwise stay resident (bcc_elf.c). They are file-backed: what
   * is called later faults back in.
   *
   * @return 0, or a negative number if bcc found nothing to free
   */
  int freeMemory();

  /** {@code bpf_module_license}: the license the module's {@code BPF_LICENSE} declared. */
  String license(MemorySegment module);

  /** {@code bpf_module_kern_version}: the kernel version the module's loads pass on. */
  int kernelVersion(MemorySegment module);

  /**
   * {@code bpf_function_start} and {@code bpf_function_size}: a copy of {@code function}'s
   * instructions as bcc loads them, its maps' fds already written into them.
   */
  byte[] instructions(MemorySegment module, String function);

  /** {@code bpf_table_flags}: the {@code map_flags} map {@code name} was created with. */
  int tableFlags(MemorySegment module, String name);

  /**
   * {@code bcc_create_map}: a new map, as bcc makes a module's maps without BTF.
   *
   * @return its fd
   * @throws NativeCallException with {@code failure} if the kernel refuses
   */
  int createMap(
      int type,
      String name,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      IntFunction<String> failure);

  /**
   * {@code bcc_prog_load}: loads {@code instructions} as a program of {@code programType}, as
   * {@link #loadFunction} does for a module's function, but without the module.
   */
  Loaded loadProgram(
      int programType,
      String name,
      byte[] instructions,
      String license,
      int kernelVersion,
      int logBytes);

  /**
   * Where {@link #symcacheResolve} placed an address: the symbol (null when the file has none
   * there), the file's path, and the offset from the symbol, or in the file when there is no
   * symbol.
   */
  record SymbolAt(String symbol, String module, long offset) {}

  /**
   * {@code bcc_symcache_new(pid, option)}: bcc's cache of the ELF symbols of process {@code
   * pid}'s mapped files, functions only. Free it with {@link #freeSymcache}.
   */
  default MemorySegment symcacheNew(int pid) {
    throw new UnsupportedOperationException("this libbcc has no symbol cache");
  }

  /**
   * {@code bcc_symcache_resolve}: the symbol at user address {@code address}; empty when the
   * address is in no file the cache knows.
   */
  default Optional<SymbolAt> symcacheResolve(MemorySegment symcache, long address) {
    throw new UnsupportedOperationException("this libbcc has no symbol cache");
  }

  /** {@code bcc_symcache_refresh}: re-reads the process's mappings. */
  default void symcacheRefresh(MemorySegment symcache) {
    throw new UnsupportedOperationException("this libbcc has no symbol cache");
  }

  /** {@code bcc_free_symcache}. */
  default void freeSymcache(MemorySegment symcache, int pid) {
    throw new UnsupportedOperationException("this libbcc has no symbol cache");
  }
}
