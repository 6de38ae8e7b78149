package io.ebpf4j.processor;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * The system calls this kernel traces, from the {@code syscalls/sys_enter_*} formats of the
 * {@link FormatSource} the option selects. The source is chosen on first use, and a note says
 * which it is.
 */
final class SyscallCatalog {

  static final String CATEGORY = "syscalls";
  static final String ENTER_PREFIX = "sys_enter_";

  private final String option;
  private final Messager messager;
  private FormatSource source;
  private SortedSet<String> names;
  private final Map<String, TracepointFormat> formats = new HashMap<>();

  SyscallCatalog(String option, Messager messager) {
    this.option = option;
    this.messager = messager;
  }

  private FormatSource source() throws InvalidProbeException {
    if (source == null) {
      try {
        source = FormatSource.forOption(option);
      } catch (IllegalArgumentException e) {
        throw new InvalidProbeException(e.getMessage());
      }
      messager.printMessage(Diagnostic.Kind.NOTE, Messages.formatSource(source.description()));
    }
    return source;
  }

  /** The names of the system calls, sorted: {@code accept}, ..., {@code bind}, ... */
  SortedSet<String> names() throws InvalidProbeException {
    if (names == null) {
      FormatSource formats = source();
      SortedSet<String> found = new TreeSet<>();
      try {
        for (String event : formats.events(CATEGORY)) {
          if (event.startsWith(ENTER_PREFIX)) {
            found.add(event.substring(ENTER_PREFIX.length()));
          }
        }
      } catch (IOException e) {
        throw new InvalidProbeException(
            Messages.unreadableFormat(formats.description(), String.valueOf(e.getMessage())));
      }
      names = found;
    }
    return names;
  }

  /**
   * The event of {@code syscall} in {@code packageName}, or empty if there is no such system call.
   *
   * @throws InvalidProbeException if its format is malformed or cannot be carried
   */
  Optional<EventType> eventType(String packageName, String syscall) throws InvalidProbeException {
    if (!names().contains(syscall)) {
      return Optional.empty();
    }
    TracepointFormat format = formats.get(syscall);
    if (format == null) {
      String event = ENTER_PREFIX + syscall;
      try {
        format = source().read(CATEGORY, event).orElse(null);
      } catch (MalformedFormatException e) {
        throw new InvalidProbeException(e.getMessage());
      } catch (IOException e) {
        throw new InvalidProbeException(
            Messages.unreadableFormat(
                CATEGORY + "/" + event + "/format", String.valueOf(e.getMessage())));
      }
      if (format == null) {
        return Optional.empty();
      }
      formats.put(syscall, format);
    }
    return Optional.of(EventTypeFactory.create(packageName, syscall, format));
  }

  /** The known system call closest to {@code typo}, if one is close. */
  Optional<String> suggest(String typo) {
    try {
      return Suggestions.closest(typo, names());
    } catch (InvalidProbeException e) {
      return Optional.empty();
    }
  }
}
