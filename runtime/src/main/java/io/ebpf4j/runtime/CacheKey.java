package io.ebpf4j.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 that names a {@link ProgramCache} entry: over the cache's format version, the C
 * source, the cflags and the {@link CompileEnvironment}. Each part is hashed with its length
 * first, so that no two different inputs run together into the same bytes.
 */
final class CacheKey {
  static final int BYTES = 32;

  private final byte[] sha256;

  private CacheKey(byte[] sha256) {
    this.sha256 = sha256;
  }

  static CacheKey of(String source, List<String> cflags, CompileEnvironment environment) {
    List<String> parts = new ArrayList<>();
    parts.add("format " + ProgramCache.FORMAT_VERSION);
    parts.add(source);
    parts.add("cflags " + cflags.size());
    parts.addAll(cflags);
    parts.addAll(environment.fields());
    MessageDigest digest = sha256();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update(java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      digest.update(bytes);
    }
    return new CacheKey(digest.digest());
  }

  /** A key read back from an entry. */
  static CacheKey ofBytes(byte[] sha256) {
    if (sha256.length != BYTES) {
      throw new IllegalArgumentException("a key is " + BYTES + " bytes, not " + sha256.length);
    }
    return new CacheKey(sha256.clone());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  byte[] bytes() {
    return sha256.clone();
  }

  /** The key in hex: the entry's file name. */
  String hex() {
    return HexFormat.of().formatHex(sha256);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey other && Arrays.equals(sha256, other.sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return hex();
  }
}
