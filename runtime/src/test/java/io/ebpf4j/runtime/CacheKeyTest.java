package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the cache's key covers, without a kernel. */
class CacheKeyTest {
  private static final CompileEnvironment HOST =
      new CompileEnvironment("6.1.0-57-amd64", "/usr/src/linux-headers-6.1.0-57-amd64 #define UTS_RELEASE \"6.1.0-57-amd64\" 1@2", "/usr/lib/libbcc.so.0.26.0 3@4", "0-1");
  private static final String SOURCE = "int f(void *ctx) { return 0; }";

  private static CacheKey key(String source, List<String> cflags, CompileEnvironment environment) {
    return CacheKey.of(source, cflags, environment);
  }

  @Test
  void theSameInputsGiveTheSameKey() {
    assertEquals(key(SOURCE, List.of("-DA=1"), HOST), key(SOURCE, List.of("-DA=1"), HOST));
    assertEquals(16, key(SOURCE, List.of(), HOST).hex().length());
  }

  @Test
  void eachInputChangesTheKey() {
    CacheKey base = key(SOURCE, List.of("-DA=1"), HOST);
    assertNotEquals(base, key(SOURCE + " ", List.of("-DA=1"), HOST), "source");
    assertNotEquals(base, key(SOURCE, List.of("-DA=2"), HOST), "cflags");
    assertNotEquals(base, key(SOURCE, List.of("-DA=1", "-DB"), HOST), "another cflag");
    assertNotEquals(base, key(SOURCE, List.of("-DA=1"), new CompileEnvironment("6.1.0-58-amd64", HOST.headers(), HOST.libbcc(), HOST.possibleCpus())), "kernel");
    assertNotEquals(base, key(SOURCE, List.of("-DA=1"), new CompileEnvironment(HOST.kernelRelease(), HOST.headers() + "x", HOST.libbcc(), HOST.possibleCpus())), "headers");
    assertNotEquals(base, key(SOURCE, List.of("-DA=1"), new CompileEnvironment(HOST.kernelRelease(), HOST.headers(), "/usr/lib/libbcc.so.0.27.0 3@4", HOST.possibleCpus())), "libbcc");
    assertNotEquals(base, key(SOURCE, List.of("-DA=1"), new CompileEnvironment(HOST.kernelRelease(), HOST.headers(), HOST.libbcc(), "0-3")), "CPUs");
  }

  @Test
  void partsDoNotRunTogether() {
    assertNotEquals(key(SOURCE, List.of("-DA -DB"), HOST), key(SOURCE, List.of("-DA", "-DB"), HOST));
    assertNotEquals(key(SOURCE + "-DA", List.of(), HOST), key(SOURCE, List.of("-DA"), HOST));
  }
}
