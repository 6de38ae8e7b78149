package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.processor.model.UserStrings;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UserStringsTest {

  /** {@code Kprobe}'s Javadoc lists the string arguments for users; it must be this list. */
  @Test
  void kprobeJavadocListsExactlyTheNames() {
    String javadoc =
        JavadocSource.typeComment(Path.of("../api/src/main/java/io/ebpf4j/api/Kprobe.java"));
    String list = JavadocSource.between(javadoc, "the arguments named", ". Buffers");
    assertEquals(
        new TreeSet<>(UserStrings.NAMES), new TreeSet<>(JavadocSource.codeSpans(list)));
  }

  @Test
  void aStringIsANamedCharPointer() {
    assertTrue(UserStrings.isUserString("const char *", "filename"));
    assertTrue(UserStrings.isUserString("char *", "library"));
    assertFalse(UserStrings.isUserString("const char *", "buf"));
    assertFalse(UserStrings.isUserString("const char *const *", "argv"));
    assertFalse(UserStrings.isUserString("int", "name"));
  }
}
