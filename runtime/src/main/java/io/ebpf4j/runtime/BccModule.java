package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/** A module as bcc compiled it: every question goes to libbcc with the module's handle. */
record BccModule(Libbcc bcc, MemorySegment handle) implements ModuleBacking {
  @Override
  public int tableFd(String name) {
    return bcc.tableFd(handle, name);
  }

  @Override
  public List<String> tableNames() {
    return bcc.tableNames(handle);
  }

  @Override
  public List<String> functionNames() {
    return bcc.functionNames(handle);
  }

  @Override
  public boolean hasFunction(String function) {
    return bcc.hasFunction(handle, function);
  }

  @Override
  public Libbcc.Loaded load(String function, int programType, int logBytes) {
    return bcc.loadFunction(handle, function, programType, logBytes);
  }

  @Override
  public Optional<Libbcc.TableInfo> tableInfo(String name) {
    return bcc.tableInfo(handle, name);
  }

  @Override
  public void close() {
    bcc.destroyModule(handle);
  }
}
