package io.ebpf4j.processor.format;

import io.ebpf4j.processor.base.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;

/** Where tracepoint formats come from: a tracefs {@code events} directory, or the snapshot. */
public interface FormatSource {

  /** The processor option ({@code -Aebpf4j.formats=...}) that selects the formats. */
  String OPTION = "ebpf4j.formats";

  /** The option value that selects a live tracefs, then the snapshot. */
  String AUTO = "auto";

  /** The option value that selects the snapshot. */
  String SNAPSHOT = "snapshot";

  /** Where tracefs lives, in order: see Documentation/trace/ftrace.rst. */
  Path[] LIVE_EVENT_DIRECTORIES = {
    Path.of("/sys/kernel/tracing/events"), Path.of("/sys/kernel/debug/tracing/events"),
  };

  /** Says where the formats come from, for a note to the user. */
  String description();

  /** The categories, sorted: {@code alarmtimer}, ..., {@code syscalls}, ... */
  SortedSet<String> categories() throws IOException;

  /** The events of {@code category}, sorted. */
  SortedSet<String> events(String category) throws IOException;

  /** Reads and parses {@code <category>/<event>/format}; empty if there is no such event. */
  Optional<TracepointFormat> read(String category, String event)
      throws IOException, MalformedFormatException;

  /**
   * The source that the {@code ebpf4j.formats} option selects: {@code auto} (or no option), {@code
   * snapshot}, or the path of an {@code events} directory.
   *
   * @throws IllegalArgumentException if the option names a directory that does not exist
   */
  static FormatSource forOption(String option) {
    if (option == null || option.equals(AUTO)) {
      for (Path live : LIVE_EVENT_DIRECTORIES) {
        if (Files.isReadable(live.resolve("syscalls/sys_enter_bind/format"))) {
          return new DirectoryFormatSource(live, "the live tracefs at " + live);
        }
      }
      return SnapshotArchive.bundled();
    }
    if (option.equals(SNAPSHOT)) {
      return SnapshotArchive.bundled();
    }
    Path directory = Path.of(option);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(Messages.formatsOptionNotADirectory(OPTION, option));
    }
    return new DirectoryFormatSource(directory, directory.toString());
  }
}
