package io.ebpf4j.runtime;

import io.ebpf4j.api.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's symbols from {@code /proc/kallsyms}, sorted by address, for resolving kernel stack
 * frames by binary search. A frame resolves to the symbol with the greatest address not above
 * it.
 *
 * <p>Without {@code CAP_SYSLOG} the kernel shows every address as 0 ({@code kptr_restrict}): then
 * {@link #hidden()} is true and every frame says so. Immutable, so thread-safe.
 */
final class Kallsyms {
  static final Path PROC_KALLSYMS = Path.of("/proc/kallsyms");

  /** The module name of symbols of the kernel image itself. */
  static final String VMLINUX = "vmlinux";

  private final long[] addresses;
  private final String[] names;
  private final String[] modules;
  private final boolean hidden;

  private Kallsyms(long[] addresses, String[] names, String[] modules, boolean hidden) {
    this.addresses = addresses;
    this.names = names;
    this.modules = modules;
    this.hidden = hidden;
  }

  /** Reads {@code /proc/kallsyms}. */
  static Kallsyms load() {
    try (BufferedReader in = Files.newBufferedReader(PROC_KALLSYMS)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROC_KALLSYMS, e);
    }
  }

  /**
   * Parses kallsyms lines, {@code ffffffff81000000 T _stext} or {@code ffffffffc0a01000 t
   * ext4_fill_super\t[ext4]}. Only code symbols ({@code t}, {@code T}, {@code w}, {@code W})
   * are kept: a data symbol between two functions would otherwise capture their addresses.
   */
  static Kallsyms parse(Reader reader) throws IOException {
    BufferedReader in =
        reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    List<Entry> entries = new ArrayList<>(1 << 17);
    boolean allZero = true;
    boolean any = false;
    String line;
    while ((line = in.readLine()) != null) {
      Entry entry = parseLine(line);
      if (entry == null) {
        continue;
      }
      any = true;
      allZero &= entry.address == 0;
      entries.add(entry);
    }
    // A stable sort by address keeps the file's order among aliases of one address.
    entries.sort((a, b) -> Long.compareUnsigned(a.address, b.address));
    long[] addresses = new long[entries.size()];
    String[] names = new String[entries.size()];
    String[] modules = new String[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      addresses[i] = entries.get(i).address;
      names[i] = entries.get(i).name;
      modules[i] = entries.get(i).module;
    }
    return new Kallsyms(addresses, names, modules, any && allZero);
  }

  private record Entry(long address, String name, String module) {}

  private static Entry parseLine(String line) {
    int space = line.indexOf(' ');
    if (space <= 0) {
      return null;
    }
    if (line.length() < space + 4 || line.charAt(space + 2) != ' ') {
      return null;
    }
    char type = line.charAt(space + 1);
    if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
      return null;
    }
    long address;
    try {
      address = Long.parseUnsignedLong(line, 0, space, 16);
    } catch (NumberFormatException e) {
      return null;
    }
    String rest = line.substring(space + 3);
    String module = VMLINUX;
    int tab = rest.indexOf('\t');
    if (tab >= 0) {
      String bracketed = rest.substring(tab + 1).strip();
      rest = rest.substring(0, tab);
      if (bracketed.startsWith("[") && bracketed.endsWith("]")) {
        module = bracketed.substring(1, bracketed.length() - 1);
      }
    }
    return new Entry(address, rest.strip(), module);
  }

  /** Whether the kernel hid its addresses from this process (all were 0). */
  boolean hidden() {
    return hidden;
  }

  /** The number of code symbols. */
  int size() {
    return addresses.length;
  }

  /** The frame of kernel address {@code address}. */
  Frame resolve(long address) {
    if (hidden) {
      return Frame.unresolved(
          address,
          Frame.Kind.KERNEL,
          "",
          "/proc/kallsyms shows no addresses to this process: run as root, or with CAP_SYSLOG"
              + " (kernel.kptr_restrict)");
    }
    int index = floor(address);
    if (index < 0) {
      return Frame.unresolved(
          address, Frame.Kind.KERNEL, "", "below the kernel's first symbol in /proc/kallsyms");
    }
    return new Frame(
        address, Frame.Kind.KERNEL, names[index], address - addresses[index], modules[index], "");
  }

  /** The index of the last symbol whose address is not above {@code address}, or -1. */
  private int floor(long address) {
    int low = 0;
    int high = addresses.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(addresses[mid], address) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  @Override
  public String toString() {
    return "Kallsyms[" + addresses.length + " code symbols" + (hidden ? ", hidden" : "") + "]";
  }
}
