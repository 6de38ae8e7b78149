package io.ebpf4j.runtime;

import java.nio.file.Path;
import java.util.List;

/** Debian's headless Chromium, to check that a page renders: scripts run, the DOM is dumped. */
final class Chromium {
  private Chromium() {}

  /** The DOM of {@code page} once its scripts ran; a fresh profile in {@code profileDir}. */
  static String dumpDom(Path page, Path profileDir) {
    return dumpDom(page.toUri().toString(), profileDir);
  }

  /** As {@link #dumpDom(Path, Path)}, for an address: a file's, with a fragment. */
  static String dumpDom(String address, Path profileDir) {
    return Workloads.run(
        List.of(
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--user-data-dir=" + profileDir,
            "--dump-dom",
            address),
        180);
  }
}
