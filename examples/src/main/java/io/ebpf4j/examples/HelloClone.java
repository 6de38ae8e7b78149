package io.ebpf4j.examples;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.runtime.ProbeRuntime;

/**
 * Prints "PID Hello, World!" for every clone(2) on the machine: run a command in another shell
 * to see one.
 *
 * <pre>scripts/run-example.sh HelloClone [--duration 10s]</pre>
 */
public class HelloClone {

  @Kprobe("clone")
  void onClone(CloneEvent event) {
    System.out.println(event.pid() + " Hello, World!");
  }

  public static void main(String[] args) throws Exception {
    Runner.run(args, () -> ProbeRuntime.start(HelloClone.class));
  }
}
