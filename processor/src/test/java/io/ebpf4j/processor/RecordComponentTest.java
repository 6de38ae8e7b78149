package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.RecordComponent;
import io.ebpf4j.processor.shape.EventTypeFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one map of a record's components that filters and aggregates name. */
class RecordComponentTest {

  private static EventType openatCall() throws Exception {
    SnapshotArchive snapshot = SnapshotArchive.bundled();
    return EventTypeFactory.syscallCall(
        "p", "openat", snapshot.read("syscalls", "sys_enter_openat").orElseThrow(),
        snapshot.read("syscalls", "sys_exit_openat").orElseThrow());
  }

  @Test
  void theContextComponentsComeFirstThenTheMembersInTheRecordsOrder() throws Exception {
    EventType call = openatCall();
    Map<String, RecordComponent> components = RecordComponent.byName(call);
    assertThat(components.keySet())
        .containsExactly(
            "timestampNanos", "pid", "tid", "uid", "gid", "comm", "dfd", "filename", "flags",
            "mode", "ret", "latencyNanos")
        .inOrder();
    RecordComponent comm = components.get("comm");
    assertThat(comm.header()).isEqualTo(HeaderField.COMM);
    assertThat(comm.cName()).isEqualTo("comm");
    RecordComponent filename = components.get("filename");
    assertThat(filename.member()).isEqualTo(call.members().get(1));
    assertThat(filename.type()).isEqualTo(call.members().get(1).type());
  }

  @Test
  void aComponentIsAHeaderFieldOrAMemberNotBothNorNeither() throws Exception {
    EventType call = openatCall();
    assertThrows(IllegalArgumentException.class, () -> new RecordComponent(null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RecordComponent(HeaderField.PID, call.members().get(0)));
  }
}
