package io.ebpf4j.processor.format;

import io.ebpf4j.api.internal.SdtArgument;
import io.ebpf4j.api.internal.SdtNotes;
import io.ebpf4j.processor.base.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The USDT probes of one binary as the processor sees them at build time: each {@code
 * provider:name} with the arguments of its first location (the locations of one probe agree on
 * sizes; where they are is the runtime's business). From the binary's SDT notes, or from the
 * checked-in snapshot of a {@code libjvm.so}'s, which {@code
 * processor/scripts/snapshot-sdt-notes.sh} writes.
 *
 * @param source where the notes came from, for messages: a path, or the snapshot's first line
 */
public record SdtCatalog(String source, SortedMap<String, List<SdtArgument>> probes) {

  static final String SNAPSHOT_RESOURCE = "libjvm-sdt-notes.txt";

  /** The name the snapshot stands in for. */
  public static final String LIBJVM = "libjvm.so";

  public SdtCatalog {
    probes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(probes));
  }

  /** The notes of {@code binary}; empty if it has none. */
  public static SdtCatalog of(Path binary) throws IOException {
    SortedMap<String, List<SdtArgument>> probes = new TreeMap<>();
    for (SdtNotes.Location location : SdtNotes.read(binary)) {
      probes.putIfAbsent(location.probe(), location.arguments());
    }
    return new SdtCatalog(binary.toString(), probes);
  }

  /** The snapshot of a {@code libjvm.so}, bundled with the processor. */
  public static SdtCatalog libjvmSnapshot() {
    return Snapshot.CATALOG;
  }

  /** The arguments of {@code probe}, {@code provider:name}; empty if there is no such probe. */
  public Optional<List<SdtArgument>> arguments(String probe) {
    return Optional.ofNullable(probes.get(probe));
  }

  /** The known probe closest to {@code probe}, for a did-you-mean. */
  public Optional<String> suggest(String probe) {
    return Suggestions.closest(probe, probes.keySet());
  }

  /** Whether any probe has {@code provider}. */
  public boolean hasProvider(String provider) {
    return probes.keySet().stream().anyMatch(p -> p.startsWith(provider + ":"));
  }

  private static final class Snapshot {
    static final SdtCatalog CATALOG = load();

    private static SdtCatalog load() {
      try (InputStream in = SdtCatalog.class.getResourceAsStream(SNAPSHOT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + SNAPSHOT_RESOURCE);
        }
        return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The snapshot's text: {@code # } comments, then {@code <provider> <name> <spec>} lines. */
  static SdtCatalog parse(BufferedReader reader) throws IOException {
    SortedMap<String, List<SdtArgument>> probes = new TreeMap<>();
    List<String> comments = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("#")) {
        comments.add(line.substring(1).trim());
        continue;
      }
      String[] words = line.split(" ", 3);
      if (words.length < 2) {
        continue;
      }
      probes.putIfAbsent(
          words[0] + ":" + words[1], SdtArgument.parseAll(words.length == 3 ? words[2] : ""));
    }
    return new SdtCatalog(
        "the checked-in snapshot (" + (comments.isEmpty() ? SNAPSHOT_RESOURCE : comments.get(0))
            + ")",
        probes);
  }

  /** Whether {@code path} is a file the processor can read notes from. */
  public static boolean readable(Path path) {
    return Files.isRegularFile(path) && Files.isReadable(path);
  }

  /** For tests: the probes as a map. */
  Map<String, List<SdtArgument>> asMap() {
    return probes;
  }
}
