package io.ebpf4j.runtime;

import io.ebpf4j.processor.format.DirectoryFormatSource;
import io.ebpf4j.processor.format.FormatSource;
import io.ebpf4j.processor.format.MalformedFormatException;
import io.ebpf4j.processor.format.TracepointFormat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The running kernel's formats, under tracefs's {@code events}, read and parsed by the
 * processor's {@link DirectoryFormatSource}. Only the listing differs: it takes the names a
 * directory lists without looking into each, since a start needs the ~700 names of {@code
 * syscalls} and a look into each costs more than writing the program. In tracefs every directory
 * of a category is an event with a format; the only files are {@code enable} and {@code filter}
 * (Documentation/trace/events.rst).
 */
final class LiveFormats implements FormatSource {
  private static final Set<String> CONTROL_FILES = Set.of("enable", "filter");

  private final Path events;
  private final DirectoryFormatSource formats;

  LiveFormats(Path tracefs) {
    this.events = tracefs.resolve("events");
    this.formats = new DirectoryFormatSource(events, "the live tracefs at " + events);
  }

  @Override
  public String description() {
    return formats.description();
  }

  @Override
  public SortedSet<String> categories() throws IOException {
    return formats.categories();
  }

  @Override
  public SortedSet<String> events(String category) throws IOException {
    SortedSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(events.resolve(category))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!CONTROL_FILES.contains(name)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return Collections.emptySortedSet();
    }
    return names;
  }

  @Override
  public Optional<TracepointFormat> read(String category, String event)
      throws IOException, MalformedFormatException {
    return formats.read(category, event);
  }
}
