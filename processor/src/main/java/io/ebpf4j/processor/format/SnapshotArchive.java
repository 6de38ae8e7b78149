package io.ebpf4j.processor.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The checked-in snapshot of every tracepoint format of one machine, for builds without a readable
 * tracefs. {@code processor/scripts/snapshot-formats.sh} writes it; that script documents the
 * container: {@code # } comment lines, then for each format a line {@code %% <category>/<event>}
 * followed by the file's text.
 */
public final class SnapshotArchive implements FormatSource {

  static final String RESOURCE = "tracepoint-formats.gz";
  static final String ENTRY_PREFIX = "%% ";
  private static final String COMMENT_PREFIX = "# ";

  private final List<String> comments;
  /** {@code syscalls/sys_enter_bind} to the text of its format file. */
  private final SortedMap<String, String> entries;

  private SnapshotArchive(List<String> comments, SortedMap<String, String> entries) {
    this.comments = List.copyOf(comments);
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  /** The snapshot bundled with the processor, read once per class loader. */
  public static SnapshotArchive bundled() {
    return Bundled.ARCHIVE;
  }

  private static final class Bundled {
    static final SnapshotArchive ARCHIVE = load();

    private static SnapshotArchive load() {
      try (InputStream in = SnapshotArchive.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        return read(new GZIPInputStream(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Reads the uncompressed container. */
  public static SnapshotArchive read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> comments = new ArrayList<>();
    SortedMap<String, String> entries = new TreeMap<>();
    String name = null;
    StringBuilder text = new StringBuilder();
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.startsWith(ENTRY_PREFIX)) {
        if (name != null) {
          entries.put(name, text.toString());
        }
        name = line.substring(ENTRY_PREFIX.length());
        if (name.split("/", -1).length != 2 || entries.containsKey(name)) {
          throw new IOException(RESOURCE + ":" + lineNumber + ": bad entry name " + name);
        }
        text.setLength(0);
      } else if (name == null) {
        if (!line.startsWith(COMMENT_PREFIX)) {
          throw new IOException(RESOURCE + ":" + lineNumber + ": expected \"# <comment>\"");
        }
        comments.add(line.substring(COMMENT_PREFIX.length()));
      } else {
        text.append(line).append('\n');
      }
    }
    if (name != null) {
      entries.put(name, text.toString());
    }
    return new SnapshotArchive(comments, entries);
  }

  /** Every entry, {@code category/event} to the format's text. */
  public Map<String, String> entries() {
    return entries;
  }

  @Override
  public String description() {
    String machine = comments.isEmpty() ? "" : " (" + comments.get(0) + ")";
    return "the snapshot bundled with ebpf4j" + machine;
  }

  @Override
  public SortedSet<String> categories() {
    SortedSet<String> names = new TreeSet<>();
    for (String key : entries.keySet()) {
      names.add(key.substring(0, key.indexOf('/')));
    }
    return names;
  }

  @Override
  public SortedSet<String> events(String category) {
    SortedSet<String> names = new TreeSet<>();
    String prefix = category + "/";
    for (String key : entries.subMap(prefix, category + "0").keySet()) {
      names.add(key.substring(prefix.length()));
    }
    return names;
  }

  @Override
  public Optional<TracepointFormat> read(String category, String event)
      throws MalformedFormatException {
    String key = category + "/" + event;
    String text = entries.get(key);
    if (text == null) {
      return Optional.empty();
    }
    return Optional.of(
        FormatParser.parse(category, event, RESOURCE + "!" + key + "/format", text));
  }
}
