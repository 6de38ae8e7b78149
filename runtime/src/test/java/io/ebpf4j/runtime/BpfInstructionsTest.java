package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Map references out of bcc's instructions and new fds back in, without a kernel. */
class BpfInstructionsTest {
  /** One {@code struct bpf_insn}, little-endian. */
  private static byte[] insn(int code, int dst, int src, int off, int imm) {
    return ByteBuffer.allocate(8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) code)
        .put((byte) ((src << 4) | dst))
        .putShort((short) off)
        .putInt(imm)
        .array();
  }

  private static byte[] program(byte[]... instructions) {
    ByteBuffer all = ByteBuffer.allocate(instructions.length * 8);
    for (byte[] i : instructions) {
      all.put(i);
    }
    return all.array();
  }

  private static int imm(byte[] code, int index) {
    return ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN).getInt(index * 8 + 4);
  }

  // r1 = map fd 7 (ld_imm64, two halves); r2 = 7 (mov); r1 = map fd 9; exit
  private static final byte[] LOADED =
      program(
          insn(0x18, 1, 1, 0, 7),
          insn(0, 0, 0, 0, 0),
          insn(0xb7, 2, 0, 0, 7),
          insn(0x18, 1, 1, 0, 9),
          insn(0, 0, 0, 0, 0),
          insn(0x95, 0, 0, 0, 0));

  @Test
  void mapFdsBecomeReferencesByName() {
    BpfInstructions captured =
        BpfInstructions.capture(LOADED, Map.of(7, "counts", 9, "events")).instructions().orElseThrow();
    assertEquals(
        List.of(new BpfInstructions.MapReference(0, "counts"), new BpfInstructions.MapReference(3, "events")),
        captured.references());
    assertEquals(0, imm(captured.code(), 0), "the old fd is not kept");
    assertEquals(7, imm(captured.code(), 2), "a plain immediate that equals an fd is left alone");
  }

  @Test
  void rewritingPutsTheNewFdsInAndNothingElse() {
    BpfInstructions captured =
        BpfInstructions.capture(LOADED, Map.of(7, "counts", 9, "events")).instructions().orElseThrow();
    byte[] rewritten = captured.rewritten(Map.of("counts", 41, "events", 42));
    byte[] expected =
        program(
            insn(0x18, 1, 1, 0, 41),
            insn(0, 0, 0, 0, 0),
            insn(0xb7, 2, 0, 0, 7),
            insn(0x18, 1, 1, 0, 42),
            insn(0, 0, 0, 0, 0),
            insn(0x95, 0, 0, 0, 0));
    assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(rewritten));
    assertThrows(IllegalArgumentException.class, () -> captured.rewritten(Map.of("counts", 41)));
  }

  @Test
  void theSecondHalfOfAnImmediateLoadIsNotAnInstruction() {
    // The upper half's first byte happens to be 0x18 too: it is data, not a second ld_imm64.
    byte[] loaded = program(insn(0x18, 1, 0, 0, 1), insn(0x18, 0, 1, 0, 5), insn(0x95, 0, 0, 0, 0));
    BpfInstructions captured = BpfInstructions.capture(loaded, Map.of()).instructions().orElseThrow();
    assertEquals(List.of(), captured.references());
  }

  @Test
  void anFdThatIsNoMapOfTheModuleIsRefused() {
    BpfInstructions.Result result = BpfInstructions.capture(LOADED, Map.of(7, "counts"));
    assertTrue(result.instructions().isEmpty());
    assertTrue(result.refusal().contains("map fd 9"), result.refusal());
  }

  @Test
  void otherPseudoLoadsAreRefused() {
    // src_reg 2 is BPF_PSEUDO_MAP_VALUE: a map value's address, resolved by the kernel.
    byte[] loaded = program(insn(0x18, 1, 2, 0, 7), insn(0, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0));
    BpfInstructions.Result result = BpfInstructions.capture(loaded, Map.of(7, "counts"));
    assertTrue(result.instructions().isEmpty());
    assertTrue(result.refusal().contains("src_reg 2"), result.refusal());
  }

  @Test
  void partialInstructionsAreRefused() {
    assertTrue(BpfInstructions.capture(new byte[12], Map.of()).instructions().isEmpty());
  }
}
