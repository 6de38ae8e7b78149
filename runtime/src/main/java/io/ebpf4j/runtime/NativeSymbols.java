package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The ELF symbols of one process's mapped files, as a symbolizer uses them; {@link #bcc} is bcc's
 * symbol cache, which reads symbol tables and debug files inside the process's mount namespace.
 */
interface NativeSymbols {
  /** One process's symbols; closed when the symbolizer is done with the process. */
  interface Cache extends AutoCloseable {
    /** The symbol at {@code address}; empty when no mapped file holds it. */
    Optional<Libbcc.SymbolAt> resolve(long address);

    /** Re-reads the process's mappings: it loaded a library since. */
    void refresh();

    @Override
    void close();
  }

  /** A cache for process {@code pid}. */
  Cache open(int pid);

  /** bcc's {@code bcc_symcache_*} through {@code libbcc}. */
  static NativeSymbols bcc(Libbcc bcc) {
    return pid -> {
      MemorySegment cache = bcc.symcacheNew(pid);
      if (cache.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("bcc_symcache_new(" + pid + ") returned NULL");
      }
      return new Cache() {
        private boolean closed;

        @Override
        public Optional<Libbcc.SymbolAt> resolve(long address) {
          return closed ? Optional.empty() : bcc.symcacheResolve(cache, address);
        }

        @Override
        public void refresh() {
          if (!closed) {
            bcc.symcacheRefresh(cache);
          }
        }

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            bcc.freeSymcache(cache, pid);
          }
        }
      };
    };
  }
}
