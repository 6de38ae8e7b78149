package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.processor.validation.ValidationReport;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

class ValidationReportTest {

  private final Element handler = named(Element.class, "Handler");
  private final Element method = named(Element.class, "onBind");
  private final AnnotationMirror kprobe = named(AnnotationMirror.class, "@Kprobe");
  private final AnnotationValue bnid = named(AnnotationValue.class, "\"bnid\"");

  /** A stand-in for a javac model object that only knows its name; the report only passes it on. */
  private static <T> T named(Class<T> type, String name) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "toString" -> name;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(m.getName());
                }));
  }

  /** Records each call as which overload was called, and with what. */
  private static final class RecordingMessager implements Messager {
    final List<String> calls = new ArrayList<>();

    @Override
    public void printMessage(Diagnostic.Kind kind, CharSequence msg) {
      calls.add(kind + " " + msg);
    }

    @Override
    public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e) {
      calls.add(kind + " " + msg + " on " + e);
    }

    @Override
    public void printMessage(
        Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a) {
      calls.add(kind + " " + msg + " on " + e + " " + a);
    }

    @Override
    public void printMessage(
        Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a, AnnotationValue v) {
      calls.add(kind + " " + msg + " on " + e + " " + a + " " + v);
    }
  }

  @Test
  void warningsAreClean() {
    assertTrue(ValidationReport.about(handler).build().isClean());
    assertTrue(ValidationReport.about(handler).addWarning("w", handler).build().isClean());
    assertFalse(ValidationReport.about(handler).addError("e").build().isClean());
  }

  @Test
  void anErrorInsideMakesTheWholeUnclean() {
    ValidationReport classReport =
        ValidationReport.about(handler)
            .addWarning("w", handler)
            .addSubreport(ValidationReport.about(method).build())
            .addSubreport(ValidationReport.about(method).addError("e", method).build())
            .build();
    assertTrue(classReport.items().stream().noneMatch(i -> i.kind() == Diagnostic.Kind.ERROR));
    assertFalse(classReport.isClean());
    assertTrue(classReport.subreports().get(0).isClean());
    assertFalse(classReport.subreports().get(1).isClean());
  }

  /** Each diagnostic lands as precisely as it was given: element, annotation, or its value. */
  @Test
  void printsOnTheExactSpotInOrder() {
    ValidationReport report =
        ValidationReport.about(handler)
            .addError("class")
            .addSubreport(
                ValidationReport.about(method)
                    .addError("value", method, kprobe, bnid)
                    .addError("annotation", method, kprobe)
                    .addError("no value written", method, kprobe, null)
                    .build())
            .addWarning("warning", handler)
            .build();
    RecordingMessager messager = new RecordingMessager();
    report.printMessagesTo(messager);
    assertEquals(
        List.of(
            "ERROR class on Handler",
            "WARNING warning on Handler",
            "ERROR value on onBind @Kprobe \"bnid\"",
            "ERROR annotation on onBind @Kprobe",
            "ERROR no value written on onBind @Kprobe"),
        messager.calls);
  }

  @Test
  void aValueNeedsItsAnnotation() {
    ValidationReport.Builder builder = ValidationReport.about(method);
    assertThrows(IllegalArgumentException.class, () -> builder.addError("e", method, null, bnid));
  }
}
