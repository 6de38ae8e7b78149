package io.ebpf4j.processor.validation;

import io.ebpf4j.processor.base.Messages;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * What validating one element found: every error and warning, each with the element, annotation
 * and annotation value it is about, so that the diagnostic lands on the exact spot (the wrong
 * {@code "bnid"}, not the whole class). Validation only adds to a report; {@link #isClean()}
 * decides whether a model is built, and {@link #printMessagesTo} reports everything afterwards.
 *
 * <p>A report holds the reports of the elements inside its subject (a handler class's methods),
 * so each method can be judged on its own report while the class is judged on all of them.
 */
public final class ValidationReport {

  /**
   * One diagnostic.
   *
   * @param kind error or warning
   * @param message from {@link Messages}
   * @param element where it is reported
   * @param annotation the annotation of {@code element} it is about, or null for the element
   * @param value the value of {@code annotation} it is about, or null for the annotation
   */
  public record Item(
      Diagnostic.Kind kind,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final Element subject;
  private final List<Item> items;
  private final List<ValidationReport> subreports;

  private ValidationReport(Element subject, List<Item> items, List<ValidationReport> subreports) {
    this.subject = subject;
    this.items = List.copyOf(items);
    this.subreports = List.copyOf(subreports);
  }

  /** A builder of the report about {@code subject}. */
  public static Builder about(Element subject) {
    return new Builder(subject);
  }

  /** The element validated. */
  Element subject() {
    return subject;
  }

  /** The diagnostics about the subject itself, in the order they were found. */
  public List<Item> items() {
    return items;
  }

  /** The reports about elements inside the subject, in the order they were added. */
  public List<ValidationReport> subreports() {
    return subreports;
  }

  /** Whether neither this report nor any report inside it has an error; warnings are clean. */
  public boolean isClean() {
    for (Item item : items) {
      if (item.kind() == Diagnostic.Kind.ERROR) {
        return false;
      }
    }
    for (ValidationReport subreport : subreports) {
      if (!subreport.isClean()) {
        return false;
      }
    }
    return true;
  }

  /** Prints this report's diagnostics, then those of each report inside it. */
  public void printMessagesTo(Messager messager) {
    for (Item item : items) {
      // Messager does not promise that a null annotation or value means none: pick the overload.
      if (item.annotation() == null) {
        messager.printMessage(item.kind(), item.message(), item.element());
      } else if (item.value() == null) {
        messager.printMessage(item.kind(), item.message(), item.element(), item.annotation());
      } else {
        messager.printMessage(
            item.kind(), item.message(), item.element(), item.annotation(), item.value());
      }
    }
    for (ValidationReport subreport : subreports) {
      subreport.printMessagesTo(messager);
    }
  }

  /** Collects the diagnostics of one report. */
  public static final class Builder {
    private final Element subject;
    private final List<Item> items = new ArrayList<>();
    private final List<ValidationReport> subreports = new ArrayList<>();

    private Builder(Element subject) {
      this.subject = subject;
    }

    /** An error on the subject. */
    public Builder addError(String message) {
      return addError(message, subject);
    }

    /** An error on {@code element}. */
    public Builder addError(String message, Element element) {
      return addError(message, element, null, null);
    }

    /** An error on {@code annotation} of {@code element}. */
    public Builder addError(String message, Element element, AnnotationMirror annotation) {
      return addError(message, element, annotation, null);
    }

    /**
     * An error on {@code value} of {@code annotation} of {@code element}; a null value reports on
     * the annotation, a null annotation on the element.
     */
    public Builder addError(
        String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
      return add(Diagnostic.Kind.ERROR, message, element, annotation, value);
    }

    /** A warning on {@code element}. */
    public Builder addWarning(String message, Element element) {
      return add(Diagnostic.Kind.WARNING, message, element, null, null);
    }

    /** Adds the report about an element inside the subject. */
    public Builder addSubreport(ValidationReport subreport) {
      subreports.add(subreport);
      return this;
    }

    private Builder add(
        Diagnostic.Kind kind,
        String message,
        Element element,
        AnnotationMirror annotation,
        AnnotationValue value) {
      if (annotation == null && value != null) {
        throw new IllegalArgumentException("a value without its annotation: " + message);
      }
      items.add(new Item(kind, message, element, annotation, value));
      return this;
    }

    public ValidationReport build() {
      return new ValidationReport(subject, items, subreports);
    }
  }
}
