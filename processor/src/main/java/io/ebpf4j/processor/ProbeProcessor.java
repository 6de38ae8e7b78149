package io.ebpf4j.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.ebpf4j.api.JfrEvents;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.FormatSource;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.shape.AggregateKey;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.validation.AggregateValidator;
import io.ebpf4j.processor.validation.HandlerValidator;
import io.ebpf4j.processor.validation.ProbeAnnotations;
import io.ebpf4j.processor.validation.ProbeRequest;
import io.ebpf4j.processor.validation.ValidatedHandler;
import io.ebpf4j.processor.validation.ValidationReport;
import io.ebpf4j.processor.writing.AggregateProgramWriter;
import io.ebpf4j.processor.writing.BpfSourceWriter;
import io.ebpf4j.processor.writing.EventEncoderWriter;
import io.ebpf4j.processor.writing.EventRecordWriter;
import io.ebpf4j.processor.writing.GeneratedAnnotations;
import io.ebpf4j.processor.writing.JfrEventWriter;
import io.ebpf4j.processor.writing.ProgramWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Generates, for each class with {@link Kprobe}, {@code Kretprobe}, {@link Tracepoint}, {@code
 * Uprobe} or {@code Uretprobe} methods, the event records, the BPF C program and
 * the {@code ProbeProgram} that dispatches to the methods.
 *
 * <p>The work is split the AutoFactory way: {@link HandlerValidator} checks the elements into a
 * {@link ValidationReport} and builds the immutable model ({@link ValidatedHandler}: the {@link
 * HandlerProgram} with its {@link ProbeMethod}s, and the {@link EventType}s of its records), writing
 * nothing; then this class prints the report and the writers ({@link EventRecordWriter}, {@link
 * ProgramWriter}, {@link BpfSourceWriter}, {@link EventEncoderWriter}, and for a class marked
 * {@link JfrEvents} {@link JfrEventWriter}) turn the model into files without seeing an element.
 *
 * <p>Option {@value #FORMATS_OPTION}: where the tracepoint formats come from; see {@link
 * FormatSource#forOption}.
 */
@AutoService(Processor.class)
public final class ProbeProcessor extends AbstractProcessor {

  /** The processor option that selects the tracepoint formats. */
  public static final String FORMATS_OPTION = FormatSource.OPTION;

  private Messager messager;
  private Elements elements;
  private Filer filer;
  private Optional<AnnotationSpec> generated;
  private SyscallCatalog syscalls;
  private HandlerValidator validator;

  /**
   * Event records claimed by the handlers validated so far (written, to be written, or found from
   * an earlier build), by qualified name: a second handler's probe gets the same record or a
   * name-clash error.
   */
  private final Map<String, EventType> events = new HashMap<>();

  /** Event records written, or kept from an earlier build, by qualified name: each is written once. */
  private final Set<String> writtenEvents = new HashSet<>();

  /** The top-level types of every round: types that exist as source, not as stale classes. */
  private final Set<String> sourceTypes = new HashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    messager = processingEnv.getMessager();
    elements = processingEnv.getElementUtils();
    filer = processingEnv.getFiler();
    generated = GeneratedAnnotations.generated(elements, ProbeProcessor.class);
    syscalls = new SyscallCatalog(processingEnv.getOptions().get(FORMATS_OPTION), messager);
    validator = new HandlerValidator(processingEnv, this::eventType);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new HashSet<>(ProbeAnnotations.NAMES);
    names.add(AggregateValidator.NAME);
    return names;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(FORMATS_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
        sourceTypes.add(type.getQualifiedName().toString());
      }
      SortedSet<TypeElement> handlers =
          new TreeSet<>(Comparator.comparing(t -> t.getQualifiedName().toString()));
      for (TypeElement annotation : annotations) {
        for (Element method : round.getElementsAnnotatedWith(annotation)) {
          if (method.getEnclosingElement() instanceof TypeElement type) {
            handlers.add(type);
          }
        }
      }
      for (TypeElement handler : handlers) {
        ValidatedHandler validated = validator.validate(handler);
        validated.report().printMessagesTo(messager);
        for (EventType event : validated.records()) {
          writeRecord(event, handler);
        }
        writeKeys(validated.keys(), handler);
        validated.program().ifPresent(program -> write(program, handler));
      }
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      messager.printMessage(Diagnostic.Kind.ERROR, Messages.internalError(trace.toString()));
    }
    return false;
  }

  /**
   * The event record of {@code request} in {@code handler}'s package, claimed for the package the
   * first time any of its handlers asks for it; errors go to {@code report}, on the annotation's
   * target. Nothing is written here: {@link #writeRecord} does that after validation.
   */
  private Optional<EventType> eventType(
      TypeElement handler,
      ProbeRequest request,
      ExecutableElement method,
      ValidationReport.Builder report) {
    String packageName = packageOf(handler);
    String recordName = request.shape().recordName(request.target());
    String qualifiedName = packageName.isEmpty() ? recordName : packageName + "." + recordName;
    EventType known = events.get(qualifiedName);
    if (known != null) {
      if (known.origin().equals(request.origin())) {
        if (known.stacks() == request.stacks().isEmpty()) {
          report.addError(
              Messages.stacksMismatch(qualifiedName, request.origin(), known.stacks()),
              method, request.annotation(),
              request.stacksValue() != null ? request.stacksValue() : request.targetValue());
          return Optional.empty();
        }
        return Optional.of(known);
      }
      report.addError(
          Messages.eventTypeNameClash(qualifiedName, request.origin(), known.origin()),
          method, request.annotation(), request.targetValue());
      return Optional.empty();
    }
    Optional<EventType> event;
    try {
      event = create(packageName, request);
    } catch (InvalidProbeException e) {
      report.addError(e.getMessage(), method, request.annotation(), request.targetValue());
      return Optional.empty();
    }
    if (event.isEmpty()) {
      report.addError(
          request.shape().unknownTarget(syscalls, request.target(), request.binary()),
          method,
          request.annotation(),
          request.targetValue());
      return event;
    }
    TypeElement existing = elements.getTypeElement(qualifiedName);
    if (existing != null && sourceTypes.contains(qualifiedName) && !isGeneratedHere(existing)) {
      report.addError(
          Messages.eventTypeExists(qualifiedName, request.origin()),
          method, request.annotation(), request.targetValue());
      return Optional.empty();
    }
    // Else any type of that name is a record an earlier build generated, handed back to javac as
    // source, which writeRecord keeps; or a class file, a stale output of an earlier build, which
    // the new source replaces.
    if (!request.stacks().isEmpty()) {
      event = event.map(EventType::withStacks);
    }
    events.put(qualifiedName, event.get());
    return event;
  }

  /**
   * Writes the record of {@code event} unless it is written already, by an earlier handler of the
   * package, or by an earlier build and handed back to javac as source (which {@link #eventType}
   * found to be generated here).
   */
  private void writeRecord(EventType event, TypeElement handler) {
    String qualifiedName = event.record().canonicalName();
    if (!writtenEvents.add(qualifiedName) || sourceTypes.contains(qualifiedName)) {
      return;
    }
    try {
      writeSource(event.record().packageName(), EventRecordWriter.write(event, generated), handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes each aggregation key record, once per name: a name is made of the event record and the
   * key fields, so equal names are equal records.
   */
  private void writeKeys(List<AggregateKey> keys, TypeElement handler) {
    for (AggregateKey key : keys) {
      String qualifiedName = key.name().canonicalName();
      if (!writtenEvents.add(qualifiedName) || sourceTypes.contains(qualifiedName)) {
        continue;
      }
      try {
        writeSource(
            key.name().packageName(), AggregateProgramWriter.keyRecord(key, generated), handler);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The event of a probe whose record is generated, or empty if its target is unknown. */
  private Optional<EventType> create(String packageName, ProbeRequest request)
      throws InvalidProbeException {
    return request.shape().eventType(syscalls, packageName, request.target(), request.binary());
  }

  private boolean isGeneratedHere(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().toString().equals("javax.annotation.processing.Generated")
          && mirror.getElementValues().values().stream()
              .anyMatch(v -> v.toString().contains(ProbeProcessor.class.getName()))) {
        return true;
      }
    }
    return false;
  }

  private void write(HandlerProgram program, TypeElement handler) {
    String programClass = program.programClass().canonicalName();
    TypeElement existing = elements.getTypeElement(programClass);
    if (existing != null && sourceTypes.contains(programClass)) {
      if (!isGeneratedHere(existing)) {
        messager.printMessage(
            Diagnostic.Kind.ERROR,
            Messages.programClassExists(program.canonicalName(), programClass),
            handler);
      }
      // Else a program an earlier build generated, handed back to javac as source: keep it.
      return;
    }
    boolean recordsToJfr = handler.getAnnotation(JfrEvents.class) != null;
    try {
      writeSource(
          program.handler().packageName(),
          ProgramWriter.write(program, generated, recordsToJfr),
          handler);
      writeSource(
          program.handler().packageName(), EventEncoderWriter.write(program, generated), handler);
      if (recordsToJfr) {
        writeSource(
            program.handler().packageName(), JfrEventWriter.write(program, generated), handler);
      }
      FileObject resource =
          filer.createResource(
              StandardLocation.CLASS_OUTPUT,
              program.handler().packageName(),
              program.bpfResourceName(),
              handler);
      try (Writer writer = resource.openWriter()) {
        writer.write(BpfSourceWriter.write(program));
      }
    } catch (FilerException e) {
      // Another processor, or a type javac has not shown us, took the name.
      messager.printMessage(
          Diagnostic.Kind.ERROR,
          Messages.programNotWritten(program.canonicalName(), programClass, e.getMessage()),
          handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code type} through the Filer itself rather than {@code JavaFile.writeTo(Filer)}: the
   * originating element must be passed, and {@code TypeSpec.toBuilder()} drops a record's
   * components.
   */
  private void writeSource(String packageName, TypeSpec type, TypeElement originatingElement)
      throws IOException {
    JavaFile file = JavaFile.builder(packageName, type).skipJavaLangImports(true).build();
    String name = packageName.isEmpty() ? type.name() : packageName + "." + type.name();
    try (Writer writer = filer.createSourceFile(name, originatingElement).openWriter()) {
      file.writeTo(writer);
    }
  }

  private String packageOf(TypeElement type) {
    PackageElement pkg = elements.getPackageOf(type);
    return pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
  }
}
