package io.ebpf4j.processor.format;

import static io.ebpf4j.processor.format.ValueKind.BOOLEAN;
import static io.ebpf4j.processor.format.ValueKind.BYTE;
import static io.ebpf4j.processor.format.ValueKind.INT;
import static io.ebpf4j.processor.format.ValueKind.LONG;
import static io.ebpf4j.processor.format.ValueKind.SHORT;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The type map: the width and signedness of each C type that tracepoint formats declare, for
 * x86-64 and arm64 (LP64), from the kernel's own typedefs ({@code include/linux/types.h}, {@code
 * include/uapi/asm-generic/posix_types.h}, {@code fs/xfs/libxfs/xfs_types.h}, {@code
 * include/linux/jbd2.h}, {@code fs/ext4/ext4.h}, {@code fs/erofs/internal.h}, {@code
 * include/linux/kvm_types.h}, ...). It covers every spelling in every format of the 6.18 snapshot
 * ({@code TypeMapTest} checks that, and that the widths agree with the formats' sizes).
 *
 * <table>
 *   <caption>C types and their Java types</caption>
 *   <tr><th>Java</th><th>C</th></tr>
 *   <tr><td>{@code boolean}</td><td>{@code bool}, {@code _Bool}</td></tr>
 *   <tr><td>{@code byte}</td><td>{@code char}, {@code signed char}, {@code s8}, {@code __s8};
 *       unsigned: {@code unsigned char}, {@code u8}, {@code __u8}, {@code uint8_t}, {@code
 *       xfs_dqtype_t}</td></tr>
 *   <tr><td>{@code short}</td><td>{@code short}, {@code short int}, {@code signed short}, {@code
 *       s16}, {@code __s16}, {@code int16_t}; unsigned: {@code unsigned short}, {@code unsigned
 *       short int}, {@code u16}, {@code __u16}, {@code uint16_t}, {@code umode_t}</td></tr>
 *   <tr><td>{@code int}</td><td>{@code int}, {@code signed}, {@code signed int}, {@code s32},
 *       {@code __s32}, {@code int32_t}, {@code pid_t}, {@code clockid_t}, {@code key_serial_t},
 *       {@code key_t}, {@code timer_t}, {@code mqd_t}, {@code rwf_t}, any {@code enum}; unsigned:
 *       {@code unsigned}, {@code unsigned int}, {@code uint}, {@code u32}, {@code __u32}, {@code
 *       uint32_t}, {@code uid_t}, {@code gid_t}, {@code qid_t}, {@code projid_t}, {@code prid_t},
 *       {@code dev_t}, {@code gfp_t}, {@code blk_opf_t}, {@code errseq_t}, {@code tid_t}, {@code
 *       ext4_lblk_t}, {@code xlog_tid_t}, {@code xfs_agblock_t}, {@code xfs_agino_t}, {@code
 *       xfs_agnumber_t}, {@code xfs_extlen_t}, {@code xfs_dahash_t}, {@code xfs_nlink_t}, {@code
 *       xfs_exntst_t}, {@code xfs_lookup_t}</td></tr>
 *   <tr><td>{@code long}</td><td>{@code long}, {@code long int}, {@code signed long}, {@code long
 *       long}, {@code long long int}, {@code s64}, {@code __s64}, {@code int64_t}, {@code
 *       ssize_t}, {@code loff_t}, {@code off_t}, {@code time_t}, {@code __kernel_old_time_t},
 *       {@code time64_t}, {@code xfs_off_t}, {@code xfs_daddr_t}, {@code xfs_fsize_t}, {@code
 *       xfs_lsn_t}; unsigned: {@code unsigned long}, {@code unsigned long int}, {@code unsigned
 *       long long}, {@code unsigned long long int}, {@code u64}, {@code __u64}, {@code uint64_t},
 *       {@code size_t}, {@code aio_context_t}, {@code ino_t}, {@code sector_t}, {@code blkcnt_t},
 *       {@code vm_flags_t}, {@code resource_size_t}, {@code dma_addr_t}, {@code gpa_t}, {@code
 *       gfn_t}, {@code gva_t}, {@code ext4_fsblk_t}, {@code erofs_nid_t}, {@code erofs_off_t},
 *       {@code erofs_blk_t}, {@code xfs_ino_t}, {@code xfs_fsblock_t}, {@code xfs_rtblock_t},
 *       {@code xfs_fileoff_t}, {@code xfs_filblks_t}, {@code xfs_extnum_t}; and every pointer,
 *       including the pointer typedefs {@code cap_user_header_t}, {@code cap_user_data_t}, {@code
 *       fl_owner_t}, {@code initcall_t}, {@code xfs_failaddr_t}</td></tr>
 * </table>
 *
 * <p>Qualifiers ({@code const}, {@code volatile}, {@code __user}, address spaces such as {@code
 * __seg_gs}) do not change a type. Java has no unsigned integers: an unsigned type keeps its width
 * and bits; see {@link ArgumentType}.
 *
 * <p>A syscall tracepoint stores every argument in an 8-byte slot with {@code signed:0} ({@code
 * kernel/trace/trace_syscalls.c}), so for system calls the declared type alone gives the width,
 * and an unknown one is reported, never guessed. For other tracepoints the format's size is the
 * truth, and {@code model.FieldTypes} uses it wherever this table does not know a type or disagrees.
 *
 * <p>The table above is the static block below, spelling for spelling; {@code ArgumentTypesTest}
 * reads this comment and fails when they differ.
 */
public final class ArgumentTypes {

  /** Qualifiers that do not change how a value is stored. */
  private static final Pattern QUALIFIERS =
      Pattern.compile(
          "\\b(?:const|volatile|__user|restrict|__restrict|__bitwise|__seg_gs|__seg_fs|__rcu"
              + "|__percpu|__iomem|__force)\\b");

  private static final Map<String, ArgumentType> TABLE = new TreeMap<>();

  static {
    add(BOOLEAN, false, "bool", "_Bool");
    // Plain char is signed on x86-64 (and unsigned on arm64, but the bits are the same).
    add(BYTE, false, "char", "signed char", "s8", "__s8");
    add(BYTE, true, "unsigned char", "u8", "__u8", "uint8_t", "xfs_dqtype_t");
    add(SHORT, false, "short", "short int", "signed short", "s16", "__s16", "int16_t");
    add(SHORT, true, "unsigned short", "unsigned short int", "u16", "__u16", "uint16_t",
        "umode_t");
    add(INT, false, "int", "signed", "signed int", "s32", "__s32", "int32_t",
        "pid_t", "key_serial_t", "key_t", "clockid_t", "timer_t", "mqd_t", "rwf_t");
    add(INT, true, "unsigned", "unsigned int", "uint", "u32", "__u32", "uint32_t",
        "uid_t", "gid_t", "qid_t", "projid_t", "prid_t", "dev_t", "gfp_t", "blk_opf_t",
        "errseq_t", "tid_t", "ext4_lblk_t", "xlog_tid_t", "xfs_agblock_t", "xfs_agino_t",
        "xfs_agnumber_t", "xfs_extlen_t", "xfs_dahash_t", "xfs_nlink_t", "xfs_exntst_t",
        "xfs_lookup_t");
    add(LONG, false, "long", "long int", "signed long", "long long", "long long int", "s64",
        "__s64", "int64_t", "ssize_t", "loff_t", "off_t", "time_t", "__kernel_old_time_t",
        "time64_t", "xfs_off_t", "xfs_daddr_t", "xfs_fsize_t", "xfs_lsn_t");
    add(LONG, true, "unsigned long", "unsigned long int", "unsigned long long",
        "unsigned long long int", "u64", "__u64", "uint64_t", "size_t", "aio_context_t",
        "ino_t", "sector_t", "blkcnt_t", "vm_flags_t", "resource_size_t", "dma_addr_t",
        "gpa_t", "gfn_t", "gva_t", "ext4_fsblk_t", "erofs_nid_t", "erofs_off_t", "erofs_blk_t",
        "xfs_ino_t", "xfs_fsblock_t", "xfs_rtblock_t", "xfs_fileoff_t", "xfs_filblks_t",
        "xfs_extnum_t");
    // Typedefs of pointers: include/uapi/linux/capability.h, include/linux/fs.h,
    // include/linux/init.h, fs/xfs/xfs_linux.h.
    for (String pointer :
        new String[] {
          "cap_user_header_t", "cap_user_data_t", "fl_owner_t", "initcall_t", "xfs_failaddr_t"
        }) {
      TABLE.put(pointer, ArgumentType.POINTER);
    }
  }

  private static void add(ValueKind kind, boolean unsigned, String... names) {
    ArgumentType type = unsigned ? ArgumentType.unsigned(kind) : ArgumentType.signed(kind);
    for (String name : names) {
      TABLE.put(name, type);
    }
  }

  private ArgumentTypes() {}

  /** Every spelling the table knows, for tests. */
  public static Map<String, ArgumentType> table() {
    return Collections.unmodifiableMap(TABLE);
  }

  /**
   * The type of a value declared as {@code declaredType} ({@code const char *}, {@code unsigned
   * int}, {@code enum landlock_rule_type}), or empty if its width is unknown. An {@code enum} is an
   * {@code int}, the C ABI's choice for every enum the kernel's syscalls take.
   */
  public static Optional<ArgumentType> forDeclaredType(String declaredType) {
    if (declaredType.contains("*")) {
      return Optional.of(ArgumentType.POINTER);
    }
    String type = normalize(declaredType);
    if (isEnum(type)) {
      return Optional.of(ArgumentType.signed(INT));
    }
    return Optional.ofNullable(TABLE.get(type));
  }

  public static boolean isEnum(String declaredType) {
    return normalize(declaredType).startsWith("enum ");
  }

  /** Drops qualifiers and collapses spaces: {@code const  __u32} is {@code __u32}. */
  public static String normalize(String declaredType) {
    return QUALIFIERS.matcher(declaredType).replaceAll(" ").strip().replaceAll("\\s+", " ");
  }
}
