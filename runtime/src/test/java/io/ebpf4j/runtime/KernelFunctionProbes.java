package io.ebpf4j.runtime;

import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A kernel function that is not a system call: do_sys_openat2(int dfd, const char *filename, ...). */
public class KernelFunctionProbes {
  /** The arguments this handler needs, in order: the C and Java layouts both come from here. */
  record OpenAt2Args(int dfd, long filename) {}

  final BlockingQueue<KernelCall<OpenAt2Args>> calls = new LinkedBlockingQueue<>();
  final BlockingQueue<KernelReturn> returns = new LinkedBlockingQueue<>();

  @Kprobe(function = "do_sys_openat2")
  void onCall(KernelCall<OpenAt2Args> call) {
    if (call.pid() == NetProbes.PID) {
      calls.add(call);
    }
  }

  @Kretprobe(function = "do_sys_openat2")
  void onReturn(KernelReturn ret) {
    if (ret.pid() == NetProbes.PID) {
      returns.add(ret);
    }
  }
}
