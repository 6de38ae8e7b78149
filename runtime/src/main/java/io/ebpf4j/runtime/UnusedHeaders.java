package io.ebpf4j.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The cflags that keep clang from parsing kernel headers bcc includes in every program and a
 * program ebpf4j generated does not use. bcc 0.26 forces {@code helpers.h} on every compile, and
 * it includes {@code <uapi/linux/if_packet.h>}, {@code <linux/log2.h>} and {@code <asm/page.h>}
 * (src/cc/export/helpers.h, lines 50-54); bcc parses a program three times (tracepoint pass,
 * rewriter pass, IR pass), so each header is paid for three times at every cold start. Defining
 * a header's include guard first makes its {@code #include} empty: a fifth of a tracepoint
 * program's compile (README, "The cold compile").
 *
 * <p>Only for C that ebpf4j generated, whose every use of those headers is known, and only for
 * one that includes no header itself: the C of a probe that reads the registers includes {@code
 * <uapi/linux/ptrace.h>}, whose chain pulls in most of the kernel's headers anyway (measured: no
 * gain) and defines {@code PAGE_SIZE} itself ({@code asm/page_types.h} on x86-64), so a second
 * definition would only warn. The caller compiles again without the guards if they ever break a
 * compile ({@link BpfModule#compileGenerated}): a later kernel's headers can cost time, never a
 * start.
 */
final class UnusedHeaders {

  // Why each guard is safe, on the 6.1 headers:
  // - <uapi/linux/if_packet.h> holds AF_PACKET's structs and constants (sockaddr_ll, tpacket_*);
  //   neither helpers.h nor a generated program names one.
  // - <asm/page.h> (guard _ASM_X86_PAGE_H on x86-64, __ASM_PAGE_H on arm64) is there for
  //   PAGE_SIZE, which BPF_RINGBUF_OUTPUT multiplies its page count by: defined instead as the
  //   running kernel's page size (arm64 kernels have 4K, 16K or 64K pages), with the kernel's type,
  //   unsigned long. Nothing else of it is used.
  // - <linux/log2.h> is there for roundup_pow_of_two, which BPF_STACK_TRACE sizes its map with:
  //   kept for a program with stacks. Its guard goes only with the page header's, whose
  //   asm-generic/getorder.h calls ilog2.
  private static final String IF_PACKET_GUARD = "-D__LINUX_IF_PACKET_H";

  private static final String LOG2_GUARD = "-D_LINUX_LOG2_H";

  /** The macro of helpers.h that needs {@code <linux/log2.h>}; also matches its build-id form. */
  private static final String LOG2_USER = "BPF_STACK_TRACE";

  private UnusedHeaders() {}

  /** The guards for {@code source}, on this machine's architecture. */
  static List<String> cflags(String source, int pageSize) {
    return cflags(source, pageSize, System.getProperty("os.arch"));
  }

  /**
   * The guards for {@code source} on {@code arch} ({@code os.arch}: {@code amd64}, {@code
   * aarch64}) with pages of {@code pageSize} bytes: none for a source that includes a header; only
   * the architecture-free one on an architecture whose page header is not known here.
   */
  static List<String> cflags(String source, int pageSize, String arch) {
    if (source.contains("#include")) {
      return List.of();
    }
    List<String> cflags = new ArrayList<>(List.of(IF_PACKET_GUARD));
    String pageGuard =
        switch (arch) {
          case "amd64", "x86_64" -> "-D_ASM_X86_PAGE_H";
          case "aarch64", "arm64" -> "-D__ASM_PAGE_H";
          default -> null;
        };
    if (pageGuard != null) {
      cflags.add(pageGuard);
      cflags.add("-DPAGE_SIZE=" + pageSize + "UL");
      if (!source.contains(LOG2_USER)) {
        cflags.add(LOG2_GUARD);
      }
    }
    return List.copyOf(cflags);
  }
}
