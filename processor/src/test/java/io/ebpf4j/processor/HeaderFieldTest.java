package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;

import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.JavaNames;
import org.junit.jupiter.api.Test;

/** The header table agrees with {@link EventHeader}, which the runtime reads. */
class HeaderFieldTest {

  @Test
  void fieldsLieEndToEndUpToTheHeaderSize() {
    int end = 0;
    for (HeaderField field : HeaderField.values()) {
      assertThat(field.offset()).isEqualTo(end);
      assertThat(field.offset() % field.type().alignment()).isEqualTo(0);
      end = field.offset() + field.size();
    }
    assertThat(end).isEqualTo(EventHeader.SIZE);
  }

  @Test
  void offsetsAreTheConstantsTheDecoderNames() throws Exception {
    for (HeaderField field : HeaderField.values()) {
      assertThat(EventHeader.class.getField(field.offsetConstant()).getInt(null))
          .isEqualTo(field.offset());
    }
    assertThat(EventHeader.class.getField(HeaderField.COMM.lengthConstant()).getInt(null))
        .isEqualTo(HeaderField.COMM.size());
  }

  @Test
  void namesAreTheContextComponentsAndHeaderMembers() {
    assertThat(JavaNames.CONTEXT_COMPONENTS)
        .containsExactly("timestampNanos", "pid", "tid", "uid", "gid", "comm");
    assertThat(CNames.HEADER_MEMBERS)
        .containsExactly("timestamp_nanos", "probe_id", "pid", "tid", "uid", "gid", "comm");
  }
}
