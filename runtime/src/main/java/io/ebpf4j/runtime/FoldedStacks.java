package io.ebpf4j.runtime;

import java.io.IOException;
import java.util.List;

/**
 * The folded ("collapsed") stack format that flame-graph tools read: one line per stack, its
 * frames from the outermost in, separated by {@code ;}, then a space and the sample count.
 *
 * <pre>
 * java;start_thread;thread_native_entry;JavaThread::run;long Busy.spin(long) 97
 * </pre>
 *
 * <p>The first frame is the thread's {@code comm}, as in bcc's {@code profile -f}; kernel frames
 * end in {@value ProfiledStack#KERNEL_SUFFIX}.
 */
public final class FoldedStacks {
  private FoldedStacks() {}

  /** Writes {@code profile}'s stacks, most sampled first. */
  public static void write(Profile profile, Appendable out) throws IOException {
    for (ProfiledStack stack : profile.stacks()) {
      out.append(line(stack)).append('\n');
    }
  }

  /** One stack's line, without the newline. */
  public static String line(ProfiledStack stack) {
    StringBuilder line = new StringBuilder(frame(stack.comm()));
    for (String frame : stack.frames()) {
      line.append(';').append(frame(frame));
    }
    return line.append(' ').append(stack.samples()).toString();
  }

  /**
   * {@code name} as one folded frame: the format has no escapes, so a {@code ;} (in a JVM type
   * descriptor, say) becomes {@code :} and a line break a space, or the line would split there.
   */
  static String frame(String name) {
    String f = name.replace(';', ':').replace('\n', ' ').replace('\r', ' ');
    return f.isEmpty() ? "[unknown]" : f;
  }

  /**
   * Parses one folded line into its frames and count.
   *
   * @throws IllegalArgumentException if the line does not end in a space and a count
   */
  public static Folded parse(String line) {
    int space = line.lastIndexOf(' ');
    long count;
    try {
      count = space < 0 ? -1 : Long.parseLong(line.substring(space + 1).strip());
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 0) {
      throw new IllegalArgumentException(
          "a folded stack line is `frame;frame;frame count`; this one has no count at its end: `"
              + line
              + "`");
    }
    return new Folded(List.of(line.substring(0, space).split(";", -1)), count);
  }

  /** One parsed line: the frames from the outermost in, and the samples. */
  public record Folded(List<String> frames, long samples) {
    public Folded {
      frames = List.copyOf(frames);
    }
  }
}
