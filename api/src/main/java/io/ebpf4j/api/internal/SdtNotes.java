package io.ebpf4j.api.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The SDT notes of an ELF file: the {@code NT_STAPSDT} notes of its {@code .note.stapsdt}
 * section, one per location of a USDT probe, as {@code <sys/sdt.h>} writes them. Read at build
 * time by the processor (which probes exist, and their arguments' sizes) and at run time (where
 * each location is, and where its arguments are). Only 64-bit little-endian files: x86-64.
 *
 * <p>Each note's descriptor is the location's address, the address of {@code .stapsdt.base} at
 * link time and the semaphore's address (0 if none), then three NUL-terminated strings: provider,
 * name and argument spec. A prelinked file moved {@code .stapsdt.base}; the difference moves the
 * addresses too. Addresses become file offsets through the {@code PT_LOAD} segment holding them,
 * which is what a uprobe and its {@code ref_ctr_offset} take.
 */
public final class SdtNotes {
  private static final int NT_STAPSDT = 3;
  private static final int SHT_NOTE = 7;
  private static final int PT_LOAD = 1;

  /** One location of one probe. */
  public record Location(
      String provider,
      String name,
      long address,
      long fileOffset,
      long semaphoreAddress,
      long semaphoreFileOffset,
      String argumentSpec) {

    /** {@code provider:name}. */
    public String probe() {
      return provider + ":" + name;
    }

    /** The arguments of {@link #argumentSpec}, parsed. */
    public List<SdtArgument> arguments() {
      return SdtArgument.parseAll(argumentSpec);
    }
  }

  private SdtNotes() {}

  /**
   * The notes of {@code file}, in file order; empty if it has none.
   *
   * @throws IOException if it cannot be read or is not a 64-bit little-endian ELF file
   */
  public static List<Location> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() < 64) {
        throw new IOException(file + " is not an ELF file (" + channel.size() + " bytes)");
      }
      ByteBuffer header = read(channel, 0, 64);
      if (header.getInt(0) != 0x464c457f) {
        throw new IOException(file + " is not an ELF file");
      }
      if (header.get(4) != 2 || header.get(5) != 1) {
        throw new IOException(file + " is not a 64-bit little-endian ELF file");
      }
      long phoff = header.getLong(0x20);
      long shoff = header.getLong(0x28);
      int phentsize = Short.toUnsignedInt(header.getShort(0x36));
      int phnum = Short.toUnsignedInt(header.getShort(0x38));
      int shentsize = Short.toUnsignedInt(header.getShort(0x3a));
      int shnum = Short.toUnsignedInt(header.getShort(0x3c));
      int shstrndx = Short.toUnsignedInt(header.getShort(0x3e));
      if (shoff == 0 || shnum == 0) {
        return List.of();
      }
      ByteBuffer sections = read(channel, shoff, (long) shentsize * shnum);
      ByteBuffer names =
          read(channel, sections.getLong(shstrndx * shentsize + 0x18),
              sections.getLong(shstrndx * shentsize + 0x20));
      long baseAddress = -1;
      ByteBuffer notes = null;
      for (int i = 0; i < shnum; i++) {
        int at = i * shentsize;
        String name = string(names, sections.getInt(at));
        if (name.equals(".stapsdt.base")) {
          baseAddress = sections.getLong(at + 0x10);
        } else if (name.equals(".note.stapsdt") && sections.getInt(at + 4) == SHT_NOTE) {
          notes = read(channel, sections.getLong(at + 0x18), sections.getLong(at + 0x20));
        }
      }
      if (notes == null) {
        return List.of();
      }
      List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
      ByteBuffer programs = read(channel, phoff, (long) phentsize * phnum);
      for (int i = 0; i < phnum; i++) {
        int at = i * phentsize;
        if (programs.getInt(at) == PT_LOAD) {
          loads.add(new long[] {programs.getLong(at + 0x10), programs.getLong(at + 8),
              programs.getLong(at + 0x20)});
        }
      }
      return parseNotes(notes, baseAddress, loads);
    }
  }

  private static List<Location> parseNotes(ByteBuffer notes, long baseAddress, List<long[]> loads) {
    List<Location> locations = new ArrayList<>();
    int at = 0;
    while (at + 12 <= notes.limit()) {
      int nameSize = notes.getInt(at);
      int descSize = notes.getInt(at + 4);
      int type = notes.getInt(at + 8);
      int name = at + 12;
      int desc = name + align4(nameSize);
      at = desc + align4(descSize);
      if (type != NT_STAPSDT || !string(notes, name).equals("stapsdt") || descSize < 24) {
        continue;
      }
      long address = notes.getLong(desc);
      long linkBase = notes.getLong(desc + 8);
      long semaphore = notes.getLong(desc + 16);
      if (baseAddress >= 0 && linkBase != 0) {
        long shift = baseAddress - linkBase;
        address += shift;
        semaphore = semaphore == 0 ? 0 : semaphore + shift;
      }
      int strings = desc + 24;
      String provider = string(notes, strings);
      strings += provider.length() + 1;
      String probe = string(notes, strings);
      strings += probe.length() + 1;
      String arguments = strings < desc + descSize ? string(notes, strings) : "";
      locations.add(
          new Location(provider, probe, address, fileOffset(loads, address), semaphore,
              semaphore == 0 ? 0 : fileOffset(loads, semaphore), arguments));
    }
    return List.copyOf(locations);
  }

  /** The file offset of {@code address}, or the address itself where no segment holds it. */
  private static long fileOffset(List<long[]> loads, long address) {
    for (long[] load : loads) {
      if (address >= load[0] && address < load[0] + load[2]) {
        return address - load[0] + load[1];
      }
    }
    return address;
  }

  private static int align4(int size) {
    return (size + 3) & ~3;
  }

  private static String string(ByteBuffer buffer, int at) {
    int end = at;
    while (end < buffer.limit() && buffer.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - at];
    buffer.get(at, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ByteBuffer read(FileChannel channel, long position, long size) throws IOException {
    if (size < 0 || size > 64 << 20 || position < 0 || position + size > channel.size()) {
      throw new IOException("malformed ELF file: " + size + " bytes at " + position);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("malformed ELF file: it ends at " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }
}
