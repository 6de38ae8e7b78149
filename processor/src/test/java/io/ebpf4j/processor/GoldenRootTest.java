package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoldenRootTest {

  @Test
  void rewritesOnlyWhenAsked() {
    assertEquals(Optional.empty(), GoldenRoot.from(Map.of()));
    assertEquals(Optional.empty(), GoldenRoot.from(Map.of("CI", "true")));
    assertEquals(
        Optional.of(Path.of("/tmp/golden")),
        GoldenRoot.from(Map.of(GoldenRoot.VARIABLE, "/tmp/golden")));
  }

  /** Rewriting passes every golden test, so under CI it would hide any change of the output. */
  @Test
  void refusesToRewriteUnderCi() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> GoldenRoot.from(Map.of("CI", "true", GoldenRoot.VARIABLE, "/tmp/golden")));
    assertThat(e).hasMessageThat().contains("unset " + GoldenRoot.VARIABLE);
  }
}
