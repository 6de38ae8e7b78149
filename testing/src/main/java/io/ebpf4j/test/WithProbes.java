package io.ebpf4j.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class's tests against the real kernel, each with a started session of the
 * probes of {@link #value()}: a test method (or constructor) parameter of type {@code
 * ProbeSession} gets the session, one of the handler class gets the handler it calls. The
 * session starts before the method, with {@code ProbeRuntime.start}, and is closed after it.
 *
 * <pre>{@code
 * @WithProbes(BindSnoop.class)
 * class BindSnoopKernelTest {
 *   @Test
 *   void seesMyBind(ProbeSession session, BindSnoop handler) throws Exception { ... }
 * }
 * }</pre>
 *
 * <p>Where the machine cannot run eBPF (not Linux, no privileges, no tracefs, no libbcc, no
 * kernel headers: see {@code io.ebpf4j.runtime.MachineCheck}), the class is skipped with the
 * reasons. Where it must run, as in CI, a skip would hide a broken machine: if the system
 * property or environment variable {@link #requiredBy()} names is {@code true}, the class fails
 * with those reasons instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ProbeSessionExtension.class)
public @interface WithProbes {

  /** The handler class whose probes each test gets a session of. */
  Class<?> value();

  /**
   * The system property, or else environment variable, that makes these tests required: when it
   * is {@code true} a machine that cannot run them fails them instead of skipping. {@code CI} by
   * default, which GitHub Actions, GitLab CI and most CI services set to {@code true}.
   */
  String requiredBy() default "CI";
}
