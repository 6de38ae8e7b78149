package io.ebpf4j.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import java.util.Optional;
import javax.lang.model.util.Elements;

/**
 * The {@code @Generated} annotation for generated sources, if the compilation can see one. It has
 * no date, so equal input gives equal output.
 */
public final class GeneratedAnnotations {
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private GeneratedAnnotations() {}

  /**
   * {@code @Generated("com.example.Generator")} naming {@code generator}, or empty where {@code
   * javax.annotation.processing.Generated} is not readable (a module that does not read
   * java.compiler).
   */
  public static Optional<AnnotationSpec> generated(Elements elements, Class<?> generator) {
    if (elements.getTypeElement(GENERATED.canonicalName()) == null) {
      return Optional.empty();
    }
    return Optional.of(
        AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", generator.getName())
            .build());
  }
}
