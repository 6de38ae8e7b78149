package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's files, without a kernel: the format, damage, eviction and where it lives. */
class ProgramCacheTest {
  private static final CompileEnvironment ENVIRONMENT =
      new CompileEnvironment("6.1.0-57-amd64", "headers", "libbcc", "0-1");

  @TempDir Path directory;

  static CachedProgram program(int codeBytes) {
    Map<String, BpfInstructions> functions = new LinkedHashMap<>();
    functions.put(
        "on_bind",
        new BpfInstructions(new byte[codeBytes], List.of(new BpfInstructions.MapReference(0, "events"))));
    return new CachedProgram(
        "GPL",
        0x060100,
        List.of(
            new CachedProgram.Table("events", 27, 0, 0, 65536, 0, "", ""),
            new CachedProgram.Table("counts", 1, 4, 8, 10240, 1, "unsigned int", "unsigned long long")),
        functions);
  }

  private ProgramCache cache(long maxBytes) {
    return new ProgramCache(directory, maxBytes, () -> ENVIRONMENT);
  }

  @Test
  void whatIsStoredIsFound() throws IOException {
    ProgramCache cache = cache(ProgramCache.DEFAULT_MAX_BYTES);
    CacheKey key = cache.key("source", List.of("-DX"));
    assertEquals(Optional.empty(), cache.find(key));
    cache.store(key, program(64));
    assertEquals(Optional.of(program(64)), cache.find(key));
    assertEquals(1, cache.hits());
    try (var files = Files.list(directory)) {
      assertEquals(List.of(key.hex() + ".bpfcache"), files.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
    }
  }

  @Test
  void everyFlippedByteIsRejected() throws IOException {
    CacheKey key = cache(1 << 20).key("source", List.of());
    byte[] entry = ProgramCache.encode(key, program(16));
    for (int i = 0; i < entry.length; i++) {
      byte[] damaged = entry.clone();
      damaged[i] ^= 0x40;
      int at = i;
      assertThrows(IOException.class, () -> ProgramCache.decode(damaged, key), () -> "byte " + at);
    }
  }

  @Test
  void everyTruncationIsRejected() throws IOException {
    CacheKey key = cache(1 << 20).key("source", List.of());
    byte[] entry = ProgramCache.encode(key, program(16));
    for (int length = 0; length < entry.length; length++) {
      byte[] truncated = Arrays.copyOf(entry, length);
      assertThrows(IOException.class, () -> ProgramCache.decode(truncated, key), "length " + length);
    }
  }

  @Test
  void anEntryUnderAnotherKeysNameIsRejectedAndDeleted() throws IOException {
    ProgramCache cache = cache(1 << 20);
    CacheKey mine = cache.key("mine", List.of());
    CacheKey other = cache.key("other", List.of());
    Files.write(cache.file(mine), ProgramCache.encode(other, program(16)));
    assertEquals(Optional.empty(), cache.find(mine));
    assertEquals(1, cache.rejections());
    assertFalse(Files.exists(cache.file(mine)));
    IOException why = assertThrows(IOException.class, () -> ProgramCache.decode(ProgramCache.encode(other, program(16)), mine));
    assertTrue(why.getMessage().contains("another program's key"), why.getMessage());
  }

  @Test
  void theLeastRecentlyUsedGoBeyondTheLimit() throws IOException {
    int entryBytes = ProgramCache.encode(cache(0).key("a", List.of()), program(800)).length;
    ProgramCache cache = cache(2L * entryBytes);
    CacheKey a = cache.key("a", List.of());
    CacheKey b = cache.key("b", List.of());
    CacheKey c = cache.key("c", List.of());
    cache.store(a, program(800));
    cache.store(b, program(800));
    Files.setLastModifiedTime(cache.file(a), FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(cache.file(b), FileTime.fromMillis(2_000_000));
    cache.store(c, program(800));
    assertFalse(Files.exists(cache.file(a)), "the oldest is evicted");
    assertTrue(Files.exists(cache.file(b)));
    assertTrue(Files.exists(cache.file(c)));
  }

  @Test
  void anUnwritableDirectoryIsSkipped() throws IOException {
    Path file = Files.writeString(directory.resolve("a-file"), "");
    ProgramCache cache = new ProgramCache(file.resolve("cache"), 1 << 20, () -> ENVIRONMENT);
    CacheKey key = cache.key("source", List.of());
    cache.store(key, program(16)); // logs, does not throw
    assertEquals(0, cache.stores());
    assertEquals(Optional.empty(), cache.find(key));
  }

  @Test
  void theLocationIsTheUsersCacheDirectoryUnlessSet() {
    assertEquals(Path.of("/home/u/.cache/ebpf4j"), ProgramCache.location(null, null, "/home/u"));
    assertEquals(Path.of("/xdg/ebpf4j"), ProgramCache.location(null, "/xdg", "/home/u"));
    assertEquals(Path.of("/home/u/.cache/ebpf4j"), ProgramCache.location(null, "relative", "/home/u"), "XDG wants an absolute path");
    assertEquals(Path.of("/var/cache/x"), ProgramCache.location("/var/cache/x", "/xdg", "/home/u"));
    assertNull(ProgramCache.location("none", "/xdg", "/home/u"));
  }
}
