package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Also records every event the probes of this handler class stream as a JDK Flight Recorder
 * event, and the session's figures ({@code SessionStats}) as a periodic one.
 *
 * <pre>{@code
 * @JfrEvents
 * public class NetProbes {
 *   @Kprobe("bind") void onBind(BindEvent e) { ... }
 * }
 * }</pre>
 *
 * <p>The processor then writes, next to the program, one {@code jdk.jfr.Event} class per event
 * record, named {@code ebpf4j.BindEvent}, in the category {@code Kernel / ebpf4j}: the record's
 * components as fields, labelled with their names and described with their C declarations, and
 * the kernel's {@code timestampNanos} kept as a field of its own (the JFR start time is when the
 * delivery thread committed it). Array components are left out: JFR has no array fields.
 *
 * <p>An event is committed only while a recording has it enabled; otherwise the delivery thread
 * checks one flag per event and allocates nothing. Sessions of classes without this annotation
 * never touch JFR. {@code @Aggregate} probes stream no events, so they record none.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface JfrEvents {}
