package io.ebpf4j.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A directory of {@link CachedProgram}s, one file per {@link CacheKey}, so that a process that
 * starts the same program again loads it without clang.
 *
 * <p>An entry is written to a temporary file in the same directory and moved into place with
 * {@code ATOMIC_MOVE}: a reader sees the whole old entry or the whole new one, and two processes
 * storing the same key at once each write a complete file. Each entry carries its whole key and
 * a CRC-32C of everything before it; one that fails either, or is of another {@link
 * #FORMAT_VERSION}, is logged, deleted and compiled again. (The checksum is for damage: a torn
 * write, a truncated file, a flipped bit. A hash that resists a forger would not protect the
 * entries either, as whoever can write the directory can write a matching one.) After each store the oldest entries
 * (by last use) go until the directory holds at most {@code maxBytes}.
 *
 * <p>The location is the system property {@value #PROPERTY}: a directory, or {@code none} for
 * no cache. By default it is {@code $XDG_CACHE_HOME/ebpf4j}, or {@code ~/.cache/ebpf4j}.
 * Nothing the cache does fails a start: a directory it cannot write is logged once and skipped.
 */
final class ProgramCache {
  private static final System.Logger LOG = System.getLogger(ProgramCache.class.getName());

  /** The system property that moves the cache, or turns it off with {@code none}. */
  static final String PROPERTY = "ebpf4j.cache";

  /** The system property that bounds the cache's size in bytes. */
  static final String MAX_BYTES_PROPERTY = "ebpf4j.cache.maxBytes";

  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** Changes whenever the file layout or what the key covers does. */
  static final int FORMAT_VERSION = 2;

  /** The CRC-32C at an entry's end. */
  private static final int CHECKSUM_BYTES = Integer.BYTES;

  private static final byte[] MAGIC = {'e', 'b', 'p', 'f', '4', 'j', 'C', '\n'};
  private static final String SUFFIX = ".bpfcache";

  /** A temporary file older than this was left by a process that died while writing. */
  private static final Duration ABANDONED = Duration.ofHours(1);

  private static final ProgramCache DISABLED = new ProgramCache(null, 0, () -> null);
  private static volatile ProgramCache configured;

  private final Path directory;
  private final long maxBytes;
  private final Supplier<CompileEnvironment> environment;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger stores = new AtomicInteger();
  private final AtomicInteger rejections = new AtomicInteger();
  private volatile boolean unwritableLogged;

  /**
   * @param directory where the entries are, or null for no cache
   * @param environment what the keys cover besides source and cflags
   */
  ProgramCache(Path directory, long maxBytes, Supplier<CompileEnvironment> environment) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.environment = environment;
  }

  /** No cache: every compile is cold. */
  static ProgramCache disabled() {
    return DISABLED;
  }

  /** The cache the system properties and environment name, made again when they change. */
  static ProgramCache configured() {
    Path directory = location(System.getProperty(PROPERTY), System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    long maxBytes = Long.getLong(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES);
    ProgramCache current = configured;
    if (current == null
        || !java.util.Objects.equals(current.directory, directory)
        || current.maxBytes != maxBytes) {
      current = configured = directory == null ? DISABLED : new ProgramCache(directory, maxBytes, CompileEnvironment::host);
    }
    return current;
  }

  /**
   * The cache's directory for a {@value #PROPERTY} of {@code property}; null for {@code none}.
   */
  static Path location(String property, String xdgCacheHome, String userHome) {
    if (property != null && !property.isBlank()) {
      return property.strip().equals("none") ? null : Path.of(property.strip());
    }
    if (xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()) {
      return Path.of(xdgCacheHome, "ebpf4j");
    }
    return Path.of(userHome, ".cache", "ebpf4j");
  }

  boolean enabled() {
    return directory != null;
  }

  Path directory() {
    return directory;
  }

  /** The key of {@code source} compiled with {@code cflags} on this machine. */
  CacheKey key(String source, List<String> cflags) {
    return CacheKey.of(source, cflags, environment.get());
  }

  /** The program stored under {@code key}, if there is a sound one. */
  Optional<CachedProgram> find(CacheKey key) {
    if (!enabled()) {
      return Optional.empty();
    }
    Path file = file(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read BPF cache entry " + file + ": " + e);
      return Optional.empty();
    }
    try {
      CachedProgram program = decode(bytes, key);
      hits.incrementAndGet();
      touch(file);
      return Optional.of(program);
    } catch (IOException e) {
      rejections.incrementAndGet();
      LOG.log(
          System.Logger.Level.WARNING,
          "BPF cache entry {0} is unusable and is compiled again: {1}",
          file,
          e.getMessage());
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // Storing the fresh compile replaces it anyway.
      }
      return Optional.empty();
    }
  }

  /** Stores {@code program} under {@code key}; a failure is logged, never thrown. */
  void store(CacheKey key, CachedProgram program) {
    if (!enabled()) {
      return;
    }
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      temporary = Files.createTempFile(directory, key.hex(), ".tmp");
      Files.write(temporary, encode(key, program));
      try {
        Files.move(temporary, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // rename(2) within one directory is atomic on every local file system; not on this one.
        throw new IOException("the file system cannot rename " + directory + "'s files atomically", e);
      }
      temporary = null;
      stores.incrementAndGet();
      evict();
    } catch (IOException | RuntimeException e) {
      if (!unwritableLogged) {
        unwritableLogged = true;
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot store compiled BPF programs in {0} ({1}); set -D{2}=<directory> or -D{2}=none",
            directory,
            e.toString(),
            PROPERTY);
      }
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // Left for the next eviction, which removes abandoned temporary files.
        }
      }
    }
  }

  /** Entries found sound, since this cache was made. */
  int hits() {
    return hits.get();
  }

  /** Entries written. */
  int stores() {
    return stores.get();
  }

  /** Entries found corrupt or stale, and deleted. */
  int rejections() {
    return rejections.get();
  }

  Path file(CacheKey key) {
    return directory.resolve(key.hex() + SUFFIX);
  }

  /**
   * An entry: the magic, the format version, the key's length and bytes, the program's length and
   * bytes, and a CRC-32C over all of that.
   */
  static byte[] encode(CacheKey key, CachedProgram program) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(payload)) {
      program.write(out);
    }
    byte[] keyBytes = key.bytes();
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(entry)) {
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(keyBytes.length);
      out.write(keyBytes);
      out.writeInt(payload.size());
      payload.writeTo(out);
      out.writeInt(checksum(entry.toByteArray(), entry.size()));
    }
    return entry.toByteArray();
  }

  /**
   * The program in entry {@code bytes}, if it is whole, of this format and for {@code key}.
   *
   * @throws IOException saying what is wrong
   */
  static CachedProgram decode(byte[] bytes, CacheKey key) throws IOException {
    if (bytes.length < MAGIC.length + 3 * Integer.BYTES + CHECKSUM_BYTES) {
      throw new IOException("it is truncated (" + bytes.length + " bytes)");
    }
    if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("it is not a cache entry");
    }
    int body = bytes.length - CHECKSUM_BYTES;
    int stored = java.nio.ByteBuffer.wrap(bytes, body, CHECKSUM_BYTES).getInt();
    if (checksum(bytes, body) != stored) {
      throw new IOException("its checksum does not match its contents");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, body - MAGIC.length));
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new IOException("it is of format " + version + ", not " + FORMAT_VERSION);
    }
    int keyLength = in.readInt();
    if (keyLength < 0 || keyLength > in.available()) {
      throw new IOException("it says its key is " + keyLength + " bytes, but " + in.available() + " follow");
    }
    byte[] storedKey = new byte[keyLength];
    in.readFully(storedKey);
    if (!CacheKey.ofBytes(storedKey).equals(key)) {
      throw new IOException("it holds another program's key (" + CacheKey.ofBytes(storedKey) + ")");
    }
    int length = in.readInt();
    if (length != in.available()) {
      throw new IOException("it says " + length + " bytes follow, but " + in.available() + " do");
    }
    return CachedProgram.read(in);
  }

  /** The CRC-32C of the first {@code length} bytes of {@code bytes}. */
  private static int checksum(byte[] bytes, int length) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /** Marks an entry used, for eviction by last use. */
  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // Evicted meanwhile, or read-only: the entry is simply older.
    }
  }

  /** Deletes the least recently used entries beyond {@code maxBytes}, and abandoned temporaries. */
  private void evict() throws IOException {
    record Entry(Path path, long size, FileTime used) {}
    List<Entry> entries = new ArrayList<>();
    Instant abandoned = Instant.now().minus(ABANDONED);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        try {
          FileTime modified = Files.getLastModifiedTime(f);
          if (name.endsWith(SUFFIX)) {
            entries.add(new Entry(f, Files.size(f), modified));
          } else if (name.endsWith(".tmp") && modified.toInstant().isBefore(abandoned)) {
            Files.deleteIfExists(f);
          }
        } catch (NoSuchFileException goneMeanwhile) {
          // Another process evicted or replaced it.
        }
      }
    }
    entries.sort(Comparator.comparing(Entry::used).reversed());
    long total = 0;
    for (Entry e : entries) {
      total += e.size();
      if (total > maxBytes) {
        Files.deleteIfExists(e.path());
      }
    }
  }
}
