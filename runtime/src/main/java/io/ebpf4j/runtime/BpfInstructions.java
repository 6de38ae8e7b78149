package io.ebpf4j.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One function's BPF instructions as bcc loads them, with each reference to a map kept by the
 * map's name instead of the fd it had when bcc compiled it. {@link #rewritten} writes a new set
 * of fds back in, so the same instructions load against maps made by another process.
 *
 * <p>A map reference is the first half of an {@code ld_imm64} ({@code BPF_LD | BPF_DW |
 * BPF_IMM}) with {@code src_reg = BPF_PSEUDO_MAP_FD} and the fd in {@code imm}: bcc writes the
 * fds there after it creates the maps ({@code BPFModule::load_maps}, bcc 0.26). Instructions
 * that refer to anything else the kernel resolves by fd or id (map values, BTF ids, functions)
 * are not {@linkplain #capture captured}: nothing ebpf4j generates uses them.
 */
final class BpfInstructions {
  /** {@code sizeof(struct bpf_insn)}. */
  static final int INSTRUCTION_BYTES = 8;

  /** {@code BPF_LD | BPF_DW | BPF_IMM}: the first half of a 64-bit immediate load. */
  private static final int LD_IMM64 = 0x18;

  /** {@code src_reg} of an {@code ld_imm64} whose {@code imm} is a map's fd. */
  private static final int BPF_PSEUDO_MAP_FD = 1;

  /** Where in an instruction the 32-bit {@code imm} is. */
  private static final int IMM_OFFSET = 4;

  /** The instruction at {@code index} (counted in instructions) refers to map {@code table}. */
  record MapReference(int index, String table) {}

  private final byte[] code;
  private final List<MapReference> references;

  /**
   * @param code the instructions, each reference's {@code imm} zeroed
   * @param references the map references, by instruction index
   */
  BpfInstructions(byte[] code, List<MapReference> references) {
    if (code.length % INSTRUCTION_BYTES != 0) {
      throw new IllegalArgumentException(
          code.length + " bytes are not whole " + INSTRUCTION_BYTES + "-byte instructions");
    }
    for (MapReference r : references) {
      if (r.index() < 0 || r.index() >= code.length / INSTRUCTION_BYTES) {
        throw new IllegalArgumentException("map reference at instruction " + r.index() + " is outside the code");
      }
    }
    this.code = code.clone();
    this.references = List.copyOf(references);
  }

  /**
   * The instructions of {@code loaded}, with each map fd in {@code tableByFd} turned into a
   * reference by name; empty, with the reason, if an instruction refers to something else the
   * kernel resolves by number, which a new process could not give again.
   */
  static Result capture(byte[] loaded, Map<Integer, String> tableByFd) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      // src_reg is the high nibble of byte 1 only where bitfields are laid out little-endian.
      return Result.refused("this machine is not little-endian");
    }
    if (loaded.length % INSTRUCTION_BYTES != 0) {
      return Result.refused("the function is " + loaded.length + " bytes, not whole instructions");
    }
    byte[] code = loaded.clone();
    ByteBuffer buffer = ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN);
    List<MapReference> references = new java.util.ArrayList<>();
    int count = code.length / INSTRUCTION_BYTES;
    for (int i = 0; i < count; i++) {
      int at = i * INSTRUCTION_BYTES;
      if ((code[at] & 0xff) != LD_IMM64) {
        continue;
      }
      int srcReg = (code[at + 1] >> 4) & 0x0f;
      if (srcReg == BPF_PSEUDO_MAP_FD) {
        int fd = buffer.getInt(at + IMM_OFFSET);
        String table = tableByFd.get(fd);
        if (table == null) {
          return Result.refused("instruction " + i + " refers to map fd " + fd + ", not one of the module's maps");
        }
        buffer.putInt(at + IMM_OFFSET, 0);
        references.add(new MapReference(i, table));
      } else if (srcReg != 0) {
        return Result.refused(
            "instruction " + i + " is an ld_imm64 with src_reg " + srcReg + ", which the kernel resolves by number");
      }
      i++; // the second half of the 16-byte load holds only the immediate's upper 32 bits
    }
    return new Result(Optional.of(new BpfInstructions(code, references)), "");
  }

  /** What {@link #capture} made, or why it could not. */
  record Result(Optional<BpfInstructions> instructions, String refusal) {
    static Result refused(String why) {
      return new Result(Optional.empty(), why);
    }
  }

  /**
   * The instructions with each map reference's {@code imm} set to the fd {@code fdByTable} gives
   * for its map.
   *
   * @throws IllegalArgumentException if a referenced map has no fd
   */
  byte[] rewritten(Map<String, Integer> fdByTable) {
    byte[] out = code.clone();
    ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (MapReference r : references) {
      Integer fd = fdByTable.get(r.table());
      if (fd == null) {
        throw new IllegalArgumentException("no fd for map `" + r.table() + "`");
      }
      buffer.putInt(r.index() * INSTRUCTION_BYTES + IMM_OFFSET, fd);
    }
    return out;
  }

  /** The instructions, each map reference's {@code imm} zero. */
  byte[] code() {
    return code.clone();
  }

  List<MapReference> references() {
    return references;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BpfInstructions other
        && Arrays.equals(code, other.code)
        && references.equals(other.references);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(code) + references.hashCode();
  }
}
