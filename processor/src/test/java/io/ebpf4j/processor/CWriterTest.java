package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.MemberType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CWriterTest {

  @Test
  void writesIndentedBlocks() {
    String c =
        new CWriter()
            .open("struct $I {", "x")
            .line("$I $I[$L];", "u8", "pad", 3)
            .close("};")
            .line("_Static_assert(1, $S);", "a \"quoted\" \\ message\n")
            .line("/* $C */", "a */ comment \\")
            .toString();
    assertEquals(
        """
        struct x {
          u8 pad[3];
        };
        _Static_assert(1, "a \\"quoted\\" \\\\ message\\n");
        /* a * / comment   */
        """,
        c);
  }

  @Test
  void refusesWhatIsNotAnIdentifier() {
    CWriter c = new CWriter();
    assertThrows(IllegalArgumentException.class, () -> c.line("$I;", "a;b"));
    assertThrows(IllegalArgumentException.class, () -> c.line("$I;", "1a"));
    assertThrows(IllegalArgumentException.class, () -> c.line("$L;", "1; evil()"));
    assertThrows(IllegalArgumentException.class, () -> c.line("$I;"));
    assertThrows(IllegalArgumentException.class, () -> c.line("$I;", "a", "b"));
  }

  @Test
  void layoutAlignsEachMemberToItsSize() {
    EventLayout bind = layout(ValueKind.INT, ValueKind.LONG, ValueKind.INT);
    assertEquals(List.of(44, 48, 56), bind.offsets());
    assertEquals(64, bind.size());
    EventLayout small =
        layout(ValueKind.BYTE, ValueKind.SHORT, ValueKind.BOOLEAN, ValueKind.INT);
    assertEquals(List.of(44, 46, 48, 52), small.offsets());
    assertEquals(56, small.size());
    assertEquals(48, EventLayout.of(List.of(), 256).size());
  }

  @Test
  void layoutPlacesStringsAndArrays() {
    EventLayout open =
        EventLayout.of(
            List.of(
                MemberType.scalar(ValueKind.INT, false),
                MemberType.probeString(),
                MemberType.array(ValueKind.SHORT, true, 3),
                MemberType.fixedString(16),
                MemberType.scalar(ValueKind.LONG, false)),
            100);
    assertEquals(List.of(44, 48, 148, 154, 176), open.offsets());
    assertEquals(184, open.size());
  }

  private static EventLayout layout(ValueKind... kinds) {
    return EventLayout.of(
        java.util.Arrays.stream(kinds).map(k -> MemberType.scalar(k, false)).toList(), 256);
  }
}
