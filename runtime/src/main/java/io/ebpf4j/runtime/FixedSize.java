package io.ebpf4j.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The size in bytes of a {@code byte[]} or {@code String} component of a record that describes a
 * map's key or value: the length of the C array, as in {@code char comm[16]}. A {@code String} is
 * read up to its first NUL and written as UTF-8, padded with NULs; one longer than the array is
 * refused.
 *
 * <pre>{@code
 * record Key(int pid, @FixedSize(16) String comm) {}
 * }</pre>
 */
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.RUNTIME)
public @interface FixedSize {
  /** The C array's length in bytes. */
  int value();
}
