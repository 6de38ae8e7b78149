package io.ebpf4j.processor.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Formats read from an {@code events} directory laid out as {@code <category>/<event>/format}. */
public final class DirectoryFormatSource implements FormatSource {
  private final Path events;
  private final String description;

  DirectoryFormatSource(Path events, String description) {
    this.events = events;
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public SortedSet<String> categories() throws IOException {
    SortedSet<String> names = new TreeSet<>();
    try (Stream<Path> entries = Files.list(events)) {
      entries.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Override
  public SortedSet<String> events(String category) throws IOException {
    Path directory = events.resolve(category);
    if (!Files.isDirectory(directory)) {
      return Collections.emptySortedSet();
    }
    SortedSet<String> names = new TreeSet<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries
          .filter(p -> Files.isRegularFile(p.resolve("format")))
          .forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Override
  public Optional<TracepointFormat> read(String category, String event)
      throws IOException, MalformedFormatException {
    Path file = events.resolve(category).resolve(event).resolve("format");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(FormatParser.parse(category, event, file.toString(), text));
  }
}
