package io.ebpf4j.runtime;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What a {@link ProgramCache} entry is for: the cache's format version, the C source, the cflags
 * and the {@link CompileEnvironment}, as one byte string in which each part comes after its
 * length, so that no two different inputs run together into the same bytes.
 *
 * <p>An entry stores these bytes whole and a lookup compares them whole, so two different
 * programs can never share an entry. The file name is only a 64-bit hash of them (CRC-32 and
 * CRC-32C, which the JDK computes with the CPU's instructions), to spread entries over names; two
 * programs whose names collide take turns in one file, and neither is ever loaded for the other.
 * A {@link java.security.MessageDigest} would name them as well, but its first use loads the
 * JDK's security providers: about 60 classes, 3.6 MB and 50 ms or more of a cached start.
 */
final class CacheKey {
  private final byte[] bytes;

  private CacheKey(byte[] bytes) {
    this.bytes = bytes;
  }

  static CacheKey of(String source, List<String> cflags, CompileEnvironment environment) {
    List<String> parts = new ArrayList<>();
    parts.add("format " + ProgramCache.FORMAT_VERSION);
    parts.add(source);
    parts.add("cflags " + cflags.size());
    parts.addAll(cflags);
    parts.addAll(environment.fields());
    ByteArrayOutputStream key = new ByteArrayOutputStream(source.length() + 1024);
    try (DataOutputStream out = new DataOutputStream(key)) {
      for (String part : parts) {
        byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
    }
    return new CacheKey(key.toByteArray());
  }

  /** A key read back from an entry. */
  static CacheKey ofBytes(byte[] bytes) {
    return new CacheKey(bytes.clone());
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** The entry's file name: 16 hex digits, the key's CRC-32 then its CRC-32C. */
  String hex() {
    CRC32 crc32 = new CRC32();
    crc32.update(bytes);
    CRC32C crc32c = new CRC32C();
    crc32c.update(bytes);
    return HexFormat.of().toHexDigits((crc32.getValue() << 32) | crc32c.getValue());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
