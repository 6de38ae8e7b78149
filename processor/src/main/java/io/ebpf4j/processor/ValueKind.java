package io.ebpf4j.processor;

import com.palantir.javapoet.TypeName;

/** The Java primitive an argument decodes to; its width is the C member's width in the event. */
enum ValueKind {
  BOOLEAN(1, TypeName.BOOLEAN, "JAVA_BYTE"),
  BYTE(1, TypeName.BYTE, "JAVA_BYTE"),
  SHORT(2, TypeName.SHORT, "JAVA_SHORT"),
  INT(4, TypeName.INT, "JAVA_INT"),
  LONG(8, TypeName.LONG, "JAVA_LONG");

  private final int size;
  private final TypeName javaType;
  private final String layoutConstant;

  ValueKind(int size, TypeName javaType, String layoutConstant) {
    this.size = size;
    this.javaType = javaType;
    this.layoutConstant = layoutConstant;
  }

  /** Bytes in the event, which is also the member's alignment. */
  int size() {
    return size;
  }

  TypeName javaType() {
    return javaType;
  }

  /** The {@code java.lang.foreign.ValueLayout} constant that reads it. */
  String layoutConstant() {
    return layoutConstant;
  }
}
