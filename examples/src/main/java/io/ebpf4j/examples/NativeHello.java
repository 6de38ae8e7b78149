package io.ebpf4j.examples;

import io.ebpf4j.runtime.BpfModule;
import io.ebpf4j.runtime.Kernel;
import io.ebpf4j.runtime.TracePipe;
import java.time.Duration;

/**
 * The native passthrough: your own BPF C, attached by function name, its output read back from
 * trace_pipe. Prints "PID Hello, World!" for each clone(2), as HelloClone does without C.
 *
 * <pre>scripts/run-example.sh NativeHello [--duration 10s]</pre>
 */
public class NativeHello {

  private static final String PROGRAM =
      """
      int hello(void *ctx) {
        bpf_trace_printk("Hello, World!\\n");
        return 0;
      }
      """;

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          BpfModule module = BpfModule.compile(PROGRAM);
          // The same function serves both: it reads nothing from its context.
          if (Kernel.hasKprobes()) {
            module.attachKprobe("hello", Kernel.syscallFunction("clone").orElseThrow());
          } else {
            module.attachTracepoint("hello", "syscalls:sys_enter_clone");
          }
          TracePipe pipe = TracePipe.open();
          Thread printer =
              Thread.ofPlatform()
                  .daemon()
                  .name("trace-pipe-printer")
                  .start(
                      () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                          pipe.next(Duration.ofMillis(200))
                              .ifPresent(e -> System.out.println(e.pid() + " " + e.message()));
                        }
                      });
          return () -> {
            printer.interrupt();
            module.close();
            pipe.close();
          };
        });
  }
}
