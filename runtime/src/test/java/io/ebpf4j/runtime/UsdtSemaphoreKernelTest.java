package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Usdt;
import io.ebpf4j.api.internal.SdtNotes;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A USDT probe behind a semaphore: CPython's {@code python:gc__start} fires only while its
 * semaphore is non-zero. The session has the kernel count it up in every process, including one
 * started before it, and down again when it closes.
 */
@RequiresKernel
class UsdtSemaphoreKernelTest {
  static final String PYTHON = "/usr/bin/python3.11";
  private static final int COLLECTIONS = 3;

  /** {@code gc__start(int generation)}. */
  public static class PythonGc {
    final List<PythonGcStartEvent> starts = new CopyOnWriteArrayList<>();

    @Usdt(binary = PYTHON, provider = "python", name = "gc__start")
    void onGcStart(PythonGcStartEvent e) {
      starts.add(e);
    }
  }

  @Test
  void eachFullCollectionOfAPythonStartedDuringTheSessionArrives() throws Exception {
    PythonGc probes = new PythonGc();
    Process python;
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      python =
          new ProcessBuilder(
                  PYTHON, "-c",
                  // os._exit: no collections at finalization.
                  "import gc, os\nfor _ in range(" + COLLECTIONS + "): gc.collect()\nos._exit(0)")
              .inheritIO()
              .start();
      assertTrue(python.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, python.exitValue());
    }
    long pid = python.pid();
    // gc.collect() is a collection of generation 2; the automatic ones are of 0 or 1.
    assertEquals(
        COLLECTIONS,
        probes.starts.stream().filter(e -> e.pid() == pid && e.arg0() == 2).count(),
        probes.starts.toString());
  }

  @Test
  void theSemaphoreIsCountedUpWhileTheSessionRunsAndDownAfter() throws Exception {
    SdtNotes.Location note =
        SdtNotes.read(Path.of(PYTHON)).stream()
            .filter(l -> l.probe().equals("python:gc__start"))
            .findFirst()
            .orElseThrow();
    Process python = new ProcessBuilder(PYTHON, "-c", "import sys; sys.stdin.read()").start();
    try {
      long address = mappedAddress(python.pid(), note.semaphoreFileOffset());
      assertEquals(0, semaphore(python.pid(), address), "no session yet");
      try (ProbeSession session = ProbeRuntime.start(new PythonGc())) {
        assertEquals(1, semaphore(python.pid(), address), "while the session runs");
      }
      assertEquals(0, semaphore(python.pid(), address), "after close");
    } finally {
      python.getOutputStream().close();
      python.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /** Where file offset {@code offset} of python3.11 is mapped in process {@code pid}. */
  private static long mappedAddress(long pid, long offset) throws Exception {
    Path maps = Path.of("/proc/" + pid + "/maps");
    for (int attempt = 0; attempt < 200; attempt++) {
      for (String line : Files.readAllLines(maps, StandardCharsets.UTF_8)) {
        if (!line.endsWith("python3.11")) {
          continue;
        }
        String[] fields = line.split("\\s+");
        long start = Long.parseUnsignedLong(fields[0].substring(0, fields[0].indexOf('-')), 16);
        long end = Long.parseUnsignedLong(fields[0].substring(fields[0].indexOf('-') + 1), 16);
        long from = Long.parseUnsignedLong(fields[2], 16);
        if (offset >= from && offset < from + (end - start)) {
          return start + offset - from;
        }
      }
      Thread.sleep(50); // the interpreter maps itself before it runs: wait for it, not for time
    }
    throw new AssertionError("offset 0x" + Long.toHexString(offset) + " of python3.11 is not in "
        + maps);
  }

  private static int semaphore(long pid, long address) throws Exception {
    try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      mem.seek(address);
      return Short.toUnsignedInt(Short.reverseBytes(mem.readShort()));
    }
  }
}
