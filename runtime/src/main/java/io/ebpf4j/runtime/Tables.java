package io.ebpf4j.runtime;

import io.ebpf4j.processor.base.Suggestions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Opens a {@link BpfModule}'s maps as typed tables, after checking the Java description against
 * what bcc knows of the C declaration ({@code bpf_table_*_id}, {@code bcc/bcc_common.h}): the map's
 * type, and the key and value sizes. One message per mismatch, naming both sides.
 */
final class Tables {
  private static final Set<MapType> PLAIN =
      EnumSet.of(MapType.HASH, MapType.ARRAY, MapType.LRU_HASH);
  private static final Set<MapType> PER_CPU =
      EnumSet.of(MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_PERCPU_HASH);

  private Tables() {}

  static <K, V> BpfTable<K, V> plain(
      BpfModule module, String name, MapCodec<K> keys, MapCodec<V> values) {
    Libbcc.TableInfo info = info(module, name, PLAIN, "table");
    check(module, name, "key", info.keySize(), info.keyDesc(), keys);
    check(module, name, "value", info.leafSize(), info.leafDesc(), values);
    return new BpfTable<>(access(module, name, info), keys, values);
  }

  static <K, V> PerCpuTable<K, V> perCpu(
      BpfModule module, String name, MapCodec<K> keys, MapCodec<V> values) {
    Libbcc.TableInfo info = info(module, name, PER_CPU, "perCpuTable");
    check(module, name, "key", info.keySize(), info.keyDesc(), keys);
    check(module, name, "value", info.leafSize(), info.leafDesc(), values);
    return new PerCpuTable<>(access(module, name, info), keys, values);
  }

  static StackTraceTable stackTraces(BpfModule module, String name) {
    Libbcc.TableInfo info = info(module, name, EnumSet.of(MapType.STACK_TRACE), "stackTraceTable");
    return new StackTraceTable(access(module, name, info));
  }

  private static MapAccess access(BpfModule module, String name, Libbcc.TableInfo info) {
    MapType type = MapType.of(info.type());
    return new MapAccess(
        module,
        name,
        type,
        info.fd(),
        info.keySize(),
        info.leafSize(),
        info.maxEntries(),
        type.perCpu() ? KernelCounters.possibleCpus() : 1);
  }

  /** The map's metadata, if it exists and is of one of {@code accepted}; else one clear error. */
  private static Libbcc.TableInfo info(
      BpfModule module, String name, Set<MapType> accepted, String method) {
    Libbcc.TableInfo info =
        module.tableInfo(name).orElseThrow(() -> unknown(module, name));
    MapType type = MapType.of(info.type());
    if (type != null && accepted.contains(type)) {
      return info;
    }
    String opener =
        type == null
            ? null
            : type == MapType.STACK_TRACE
                ? "stackTraceTable(name)"
                : type.perCpu()
                    ? "perCpuTable(name, keyType, valueType)"
                    : "table(name, keyType, valueType)";
    throw new Ebpf4jException(
        "map `"
            + name
            + "` of "
            + module.description()
            + (type == null
                ? " is of BPF map type "
                    + info.type()
                    + ", which ebpf4j's tables do not read; they read "
                    + describe(EnumSet.allOf(MapType.class))
                : " is "
                    + MapAccess.article(type)
                    + ", which "
                    + method
                    + "() does not open: open it with "
                    + opener));
  }

  private static Ebpf4jException unknown(BpfModule module, String name) {
    List<String> names = module.tableNames();
    String suggestion =
        Suggestions.closest(name, names).map(s -> "; did you mean `" + s + "`?").orElse("");
    return new Ebpf4jException(
        module.description()
            + " has no map named `"
            + name
            + "`"
            + suggestion
            + (names.isEmpty()
                ? " It declares no maps."
                : " Its maps: " + String.join(", ", names.stream().sorted().toList())));
  }

  private static void check(
      BpfModule module, String name, String what, long cSize, String cDesc, MapCodec<?> codec) {
    if (cSize == codec.size()) {
      return;
    }
    throw new Ebpf4jException(
        "map `"
            + name
            + "` of "
            + module.description()
            + ": the C declaration's "
            + what
            + " is "
            + cSize
            + " bytes ("
            + cDesc
            + "), but the Java "
            + what
            + " type, "
            + codec.javaType()
            + ", is "
            + codec.size()
            + " bytes; describe the "
            + what
            + " with a Java type of "
            + cSize
            + " bytes (Integer for a u32, Long for a u64, a record with the struct's fields)");
  }

  private static String describe(Set<MapType> types) {
    return String.join(", ", types.stream().map(MapType::description).toList());
  }
}
