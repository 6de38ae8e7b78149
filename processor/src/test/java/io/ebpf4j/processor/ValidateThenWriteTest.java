package io.ebpf4j.processor;

import static com.google.testing.compile.Compiler.javac;
import static io.ebpf4j.processor.Compilations.bad;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.FormatSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The processor validates a handler completely before it writes anything for it: every error is
 * reported before the first file is created, and the record is still written afterwards.
 */
class ValidateThenWriteTest {

  /** The processor, seeing a Filer and a Messager that log what it does in one list. */
  private static final class LoggingProcessor implements Processor {
    final List<String> log = new ArrayList<>();
    private final ProbeProcessor delegate = new ProbeProcessor();

    @Override
    public void init(ProcessingEnvironment env) {
      Filer filer = logging(Filer.class, env.getFiler(), "create");
      Messager messager = logging(Messager.class, env.getMessager(), "print");
      delegate.init(
          proxy(
              ProcessingEnvironment.class,
              env,
              (name, args) ->
                  switch (name) {
                    case "getFiler" -> filer;
                    case "getMessager" -> messager;
                    default -> null;
                  }));
    }

    /** {@code target}, logging each call whose name starts with {@code prefix}. */
    private <T> T logging(Class<T> type, T target, String prefix) {
      return proxy(
          type,
          target,
          (name, args) -> {
            if (name.startsWith(prefix)) {
              boolean error = args[0] == Diagnostic.Kind.ERROR;
              if (prefix.equals("create") || error) {
                log.add(name + " " + (error ? args[1] : args[0]));
              }
            }
            return null;
          });
    }

    /** A view of {@code target} whose calls {@code override} answers when it returns non-null. */
    private static <T> T proxy(Class<T> type, T target, Answer override) {
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (p, method, args) -> {
                Object answer = override.answer(method.getName(), args);
                if (answer != null) {
                  return answer;
                }
                try {
                  return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }));
    }

    interface Answer {
      Object answer(String method, Object[] args);
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String text) {
      return delegate.getCompletions(element, annotation, member, text);
    }
  }

  @Test
  void reportsEveryErrorBeforeWritingTheRecord() {
    LoggingProcessor processor = new LoggingProcessor();
    javac()
        .withProcessors(processor)
        .withOptions("-A" + ProbeProcessor.FORMATS_OPTION + "=" + FormatSource.SNAPSHOT)
        .compile(bad("WrongParameter"));
    assertEquals(
        List.of(
            "printMessage " + Messages.handlerParameters("com.example.BindEvent"),
            "createSourceFile com.example.BindEvent"),
        processor.log);
  }
}
