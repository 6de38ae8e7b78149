package io.ebpf4j.runtime;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles for the part of bcc's {@code libbcc.so.0} that ebpf4j uses, as declared in
 * {@code bcc/bcc_common.h} and {@code bcc/libbpf.h} (bcc 0.26). Every handle that can set {@code
 * errno} takes a call-state segment ({@link Libc#CALL_STATE}) as its first argument.
 *
 * <p>The library is linked on first use by {@link #get()}; a machine without it gets a {@link
 * LinkageError} naming the package to install.
 */
final class Libbcc {
  /** The soname, overridable for tests and unusual installs. */
  static final String LIBRARY = System.getProperty("ebpf4j.libbcc", "libbcc.so.0");

  static final int BPF_PROG_TYPE_KPROBE = 2;
  static final int BPF_PROG_TYPE_TRACEPOINT = 5;
  static final int BPF_PROBE_ENTRY = 0;
  static final int BPF_PROBE_RETURN = 1;

  /** {@code struct bcc_symbol} from {@code bcc/bcc_syms.h}. */
  static final java.lang.foreign.StructLayout BCC_SYMBOL =
      java.lang.foreign.MemoryLayout.structLayout(
          ADDRESS.withName("name"),
          ADDRESS.withName("demangle_name"),
          ADDRESS.withName("module"),
          JAVA_LONG.withName("offset"));

  private static volatile Libbcc instance;

  final MethodHandle moduleCreateFromString;
  final MethodHandle moduleDestroy;
  final MethodHandle moduleLicense;
  final MethodHandle moduleKernVersion;
  final MethodHandle numFunctions;
  final MethodHandle functionName;
  final MethodHandle functionStart;
  final MethodHandle functionSize;
  final MethodHandle tableFd;
  final MethodHandle funcLoad;
  final MethodHandle attachKprobe;
  final MethodHandle detachKprobe;
  final MethodHandle attachTracepoint;
  final MethodHandle attachUprobe;
  final MethodHandle detachUprobe;
  final MethodHandle resolveSymname;
  final MethodHandle procutilsFree;
  final MethodHandle procutilsWhichSo;
  final MethodHandle closePerfEventFd;
  final MethodHandle lookupElem;
  final MethodHandle getNextKey;
  final MethodHandle objGetInfoByFd;
  final MethodHandle numTables;
  final MethodHandle tableName;

  private Libbcc(SymbolLookup bcc) {
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
  }

  /** Links libbcc on first use. */
  static Libbcc get() {
    Libbcc result = instance;
    if (result == null) {
      synchronized (Libbcc.class) {
        result = instance;
        if (result == null) {
          result = instance = load(LIBRARY);
        }
      }
    }
    return result;
  }

  /** Links the named library; visible so that tests can ask for one that is not there. */
  static Libbcc load(String library) {
    SymbolLookup lookup;
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
    return new Libbcc(lookup);
  }

  /** Finds symbols and makes downcall handles, with or without errno capture. */
  private record Linker(SymbolLookup library) {
    MethodHandle plain(String name, FunctionDescriptor descriptor) {
      return Libc.LINKER.downcallHandle(find(name), descriptor);
    }

    MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
      return Libc.LINKER.downcallHandle(find(name), descriptor, Libc.CAPTURE_ERRNO);
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
}
