package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Aggregates the events of the probe on the same method in the kernel, instead of streaming
 * them: the method is then not called per event, but with the aggregate, every {@link
 * #intervalMillis()} and once when the session closes. {@code session.aggregate("method")} reads
 * it on demand.
 *
 * <pre>{@code
 * public class Syscalls {
 *   @Kprobe("getppid")
 *   @Aggregate(value = Aggregate.Kind.COUNT, by = "comm")
 *   void perComm(Map<GetppidByComm, Long> counts) { ... }
 *
 *   @Kretprobe(value = "read", withEntry = true)
 *   @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "latencyNanos", intervalMillis = 1000)
 *   void latency(Histogram h) { h.print(System.out, "nsecs"); }
 * }
 * }</pre>
 *
 * <h2>What is aggregated</h2>
 *
 * <p>Each event of the probe, its record built as if it were streamed, adds to the aggregate of
 * its key: the values of the {@link #by()} fields of the record, in order. The key is a generated
 * record in the handler's package, named after the event record and the fields: {@code
 * GetppidEvent} by {@code comm} gives {@code GetppidByComm(String comm)}, {@code ReadCallEvent} by
 * {@code comm} and {@code pid} gives {@code ReadCallByCommPid(String comm, int pid)}.
 *
 * <p>The per-key values live in a per-CPU hash of at most {@link #maxKeys()} keys; Java sums the
 * CPUs when it reads. An event whose key finds the map full is not aggregated; it is counted in
 * {@code SessionStats.aggregateKeysDropped()}. Nothing reaches user space per event.
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>{@code @Aggregate} is on a method that also has a probe annotation, and not on a {@code
 *       KernelCall} or {@code KernelReturn} probe of a kernel function ({@code function = ...}),
 *       nor on a uprobe.
 *   <li>Each {@link #by()} field is a field of the probe's record, the context fields ({@code
 *       pid}, {@code tid}, {@code uid}, {@code gid}, {@code comm}) included, with a suggestion for
 *       a misspelt one; a scalar or a {@code String}, not an array; named once.
 *   <li>{@link #of()} is set for every kind but {@link Kind#COUNT}, and not for {@code COUNT}; it
 *       is an integer field of the record ({@code ret}, {@code latencyNanos} included), not a
 *       {@code boolean}, a {@code String} or an array.
 *   <li>{@link Kind#LINEAR_HISTOGRAM} needs {@code step > 0}, {@code max > min}, and at most
 *       {@value #MAX_LINEAR_BUCKETS} buckets of {@code step} between them; the other kinds leave
 *       {@code min}, {@code max} and {@code step} at 0.
 *   <li>{@link #maxKeys()} is between 1 and {@value #MAX_KEYS}; {@link #intervalMillis()} is 0
 *       (no interval) or positive.
 *   <li>The method takes one parameter, the aggregate: {@code Map<Key, Long>} for {@code COUNT},
 *       {@code SUM}, {@code MIN} and {@code MAX}, {@code Map<Key, Stats>} for {@code STATS} and
 *       {@code Map<Key, Histogram>} for the histograms, where {@code Key} is the generated key;
 *       with no {@code by} fields, {@code long}, {@link Stats} or {@link Histogram} itself.
 * </ul>
 *
 * <h2>Values</h2>
 *
 * <p>Values are taken as signed 64-bit integers. A log2 histogram buckets them as bpftrace's
 * {@code hist()} does: negative values, then 0, then {@code [1]}, {@code [2, 3]}, {@code [4, 7]},
 * and so on; a linear one as its {@code lhist(v, min, max, step)}: below {@code min}, then {@code
 * [min, min + step)} and so on, then {@code max} and above.
 *
 * <p>With {@link #reset()}, each read gives what was added since the previous read (keys with
 * nothing new are left out); count, sum and buckets are exact, while min and max stay those since
 * the session started, since the kernel keeps one value per key and cannot take them back.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Aggregate {

  /** The most keys {@link #maxKeys()} allows. */
  int MAX_KEYS = 1 << 20;

  /** The most buckets between {@code min} and {@code max} of a linear histogram. */
  int MAX_LINEAR_BUCKETS = 1000;

  /** What is kept per key. */
  enum Kind {
    /** The number of events. */
    COUNT,
    /** The sum of {@link #of()}. */
    SUM,
    /** The smallest {@link #of()}. */
    MIN,
    /** The largest {@link #of()}. */
    MAX,
    /** Count, sum, min and max of {@link #of()}, and so the mean: a {@link Stats}. */
    STATS,
    /** A {@link Histogram} of {@link #of()} in power-of-two buckets, as bpftrace's {@code hist}. */
    LOG2_HISTOGRAM,
    /** A {@link Histogram} of {@link #of()} in buckets of {@link #step()}, as {@code lhist}. */
    LINEAR_HISTOGRAM
  }

  /** What is kept per key. */
  Kind value();

  /** The integer field aggregated: {@code "latencyNanos"}, {@code "ret"}, {@code "count"}. */
  String of() default "";

  /** The fields of the key, in order: {@code {"comm", "pid"}}; none for one aggregate in all. */
  String[] by() default {};

  /** The most keys the kernel keeps; events of further keys are counted as dropped. */
  int maxKeys() default 10240;

  /** How often the method is called with the aggregate, in milliseconds; 0 for only at close. */
  long intervalMillis() default 0;

  /** Whether each read gives only what was added since the previous read. */
  boolean reset() default false;

  /** The lowest bucket's start, for {@link Kind#LINEAR_HISTOGRAM}. */
  long min() default 0;

  /** The end of the last bucket, for {@link Kind#LINEAR_HISTOGRAM}: values from here overflow. */
  long max() default 0;

  /** The width of each bucket, for {@link Kind#LINEAR_HISTOGRAM}. */
  long step() default 0;
}
