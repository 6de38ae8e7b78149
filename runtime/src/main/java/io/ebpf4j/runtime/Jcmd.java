package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code jcmd <pid> <command>}: how a symbolizer asks a running JVM for its perf map
 * ({@code Compiler.perfmap}, JDK 17+) and its flags ({@code VM.flags}).
 */
interface Jcmd {
  /** What a run gave: its output, or why it failed. */
  record Result(boolean ok, String output) {}

  /** Runs {@code jcmd} on {@code pid} with {@code command}. */
  Result run(Path jcmd, int pid, String command);

  /** The real one: a child process, killed if it takes more than 30 s. */
  Jcmd PROCESS =
      (jcmd, pid, command) -> {
        try {
          Process process =
              new ProcessBuilder(List.of(jcmd.toString(), Integer.toString(pid), command))
                  .redirectErrorStream(true)
                  .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                  .start();
          // jcmd prints little; reading it to the end cannot block on a full pipe.
          String output =
              new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(false, jcmd + " " + pid + " " + command + " did not finish");
          }
          boolean ok = process.exitValue() == 0 && !output.contains("Exception");
          return new Result(ok, output.strip());
        } catch (IOException e) {
          return new Result(false, "cannot run " + jcmd + ": " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Result(false, "interrupted while " + jcmd + " ran");
        }
      };
}
