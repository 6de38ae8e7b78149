package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.SdtCatalog;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which SDT notes a USDT probe is checked against at build time, read once per binary: those of
 * the binary it names if the build machine has it; for a {@code libjvm.so} it lacks, or for
 * {@code @Hotspot} without a binary, those of the compiling JDK's {@code libjvm.so} if they have
 * the {@code hotspot} provider, else the checked-in snapshot.
 */
final class SdtCatalogs {
  private static final Map<Path, SdtCatalog> READ = new ConcurrentHashMap<>();

  private SdtCatalogs() {}

  static SdtCatalog forBinary(String binary, String annotation) throws InvalidProbeException {
    if (!binary.isEmpty()) {
      Path path = Path.of(binary);
      if (SdtCatalog.readable(path)) {
        return read(path);
      }
      if (!path.getFileName().toString().equals(SdtCatalog.LIBJVM)) {
        throw new InvalidProbeException(Messages.usdtBinaryAbsent(annotation, binary));
      }
    }
    Path own = Path.of(System.getProperty("java.home"), "lib", "server", SdtCatalog.LIBJVM);
    if (SdtCatalog.readable(own)) {
      SdtCatalog notes = read(own);
      if (notes.hasProvider("hotspot")) {
        return notes;
      }
    }
    return SdtCatalog.libjvmSnapshot();
  }

  private static SdtCatalog read(Path path) throws InvalidProbeException {
    SdtCatalog known = READ.get(path);
    if (known != null) {
      return known;
    }
    try {
      SdtCatalog notes = SdtCatalog.of(path);
      READ.put(path, notes);
      return notes;
    } catch (IOException | RuntimeException e) {
      throw new InvalidProbeException(Messages.usdtNotesUnreadable(path.toString(), e.getMessage()));
    }
  }

  /** How many note arguments {@code event}'s emit function takes: two per string. */
  static int argumentCount(EventType event) {
    int count = 0;
    for (EventMember member : event.members()) {
      From from = member.source().from();
      count += from == From.USER_STRING_LENGTH ? 2 : from == From.VALUE ? 1 : 0;
    }
    return count;
  }
}
