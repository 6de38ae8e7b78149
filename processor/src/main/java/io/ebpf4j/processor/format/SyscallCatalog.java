package io.ebpf4j.processor.format;

import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.base.Suggestions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * The system calls and tracepoints this kernel traces, from the formats of the {@link
 * FormatSource} the option selects. The source is chosen on first use, and a note says which it
 * is. Formats are parsed once.
 */
public final class SyscallCatalog {

  public static final String CATEGORY = "syscalls";
  public static final String ENTER_PREFIX = "sys_enter_";
  static final String EXIT_PREFIX = "sys_exit_";

  private final String option;
  private final Messager messager;
  private FormatSource source;
  private SortedSet<String> names;
  private SortedSet<String> tracepoints;
  private final Map<String, TracepointFormat> formats = new HashMap<>();

  public SyscallCatalog(String option, Messager messager) {
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

  /** Every tracepoint, {@code category:event}, sorted. */
  SortedSet<String> tracepoints() throws InvalidProbeException {
    if (tracepoints == null) {
      FormatSource formats = source();
      SortedSet<String> found = new TreeSet<>();
      try {
        for (String category : formats.categories()) {
          for (String event : formats.events(category)) {
            found.add(category + ":" + event);
          }
        }
      } catch (IOException e) {
        throw new InvalidProbeException(
            Messages.unreadableFormat(formats.description(), String.valueOf(e.getMessage())));
      }
      tracepoints = found;
    }
    return tracepoints;
  }

  /**
   * The format of {@code category/event}, or empty if there is none.
   *
   * @throws InvalidProbeException if it is malformed or unreadable
   */
  public Optional<TracepointFormat> format(String category, String event) throws InvalidProbeException {
    String key = category + "/" + event;
    TracepointFormat format = formats.get(key);
    if (format == null) {
      try {
        format = source().read(category, event).orElse(null);
      } catch (MalformedFormatException e) {
        throw new InvalidProbeException(e.getMessage());
      } catch (IOException e) {
        throw new InvalidProbeException(
            Messages.unreadableFormat(key + "/format", String.valueOf(e.getMessage())));
      }
      if (format == null) {
        return Optional.empty();
      }
      formats.put(key, format);
    }
    return Optional.of(format);
  }

  /** The {@code sys_enter_} format of a known system call, or empty. */
  public Optional<TracepointFormat> enterFormat(String syscall) throws InvalidProbeException {
    return names().contains(syscall) ? format(CATEGORY, ENTER_PREFIX + syscall) : Optional.empty();
  }

  /** The {@code sys_exit_} format of a known system call, or empty. */
  public Optional<TracepointFormat> exitFormat(String syscall) throws InvalidProbeException {
    return names().contains(syscall) ? format(CATEGORY, EXIT_PREFIX + syscall) : Optional.empty();
  }

  /** The known system call closest to {@code typo}, if one is close. */
  public Optional<String> suggest(String typo) {
    try {
      return Suggestions.closest(typo, names());
    } catch (InvalidProbeException e) {
      return Optional.empty();
    }
  }

  /** The known tracepoint closest to {@code typo} ({@code category:event}), if one is close. */
  public Optional<String> suggestTracepoint(String typo) {
    try {
      return Suggestions.closest(typo, tracepoints());
    } catch (InvalidProbeException e) {
      return Optional.empty();
    }
  }
}
