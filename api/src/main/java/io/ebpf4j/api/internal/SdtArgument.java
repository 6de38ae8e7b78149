package io.ebpf4j.api.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One argument of an SDT note's spec, {@code -4@%eax}: its size in bytes, whether it is signed
 * (the minus), and the assembler operand that holds it at the location ({@code %eax}, {@code $1},
 * {@code -64(%rbp)}).
 */
public record SdtArgument(int size, boolean signed, String operand) {

  /**
   * The arguments of {@code spec}, separated by spaces.
   *
   * @throws IllegalArgumentException naming the argument that has no {@code size@} or a size
   *     other than 1, 2, 4 or 8
   */
  public static List<SdtArgument> parseAll(String spec) {
    List<SdtArgument> arguments = new ArrayList<>();
    for (String word : spec.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        arguments.add(parse(word));
      }
    }
    return List.copyOf(arguments);
  }

  /** One {@code size@operand}. */
  public static SdtArgument parse(String word) {
    int at = word.indexOf('@');
    int size;
    try {
      size = at < 0 ? 0 : Integer.parseInt(word.substring(0, at));
    } catch (NumberFormatException e) {
      size = 0;
    }
    int bytes = Math.abs(size);
    if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) {
      throw new IllegalArgumentException(
          "SDT argument `" + word + "` is not size@operand with a size of 1, 2, 4 or 8 bytes");
    }
    return new SdtArgument(bytes, size < 0, word.substring(at + 1));
  }
}
