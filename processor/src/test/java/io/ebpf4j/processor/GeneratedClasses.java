package io.ebpf4j.processor;

import com.google.common.io.ByteStreams;
import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Loads the classes a compilation produced, to run the generated code. */
final class GeneratedClasses extends ClassLoader {
  private static final String OUTPUT = "CLASS_OUTPUT/";
  private final Map<String, byte[]> classes = new HashMap<>();

  GeneratedClasses(Compilation compilation) {
    super(GeneratedClasses.class.getClassLoader());
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      if (file.getKind() != JavaFileObject.Kind.CLASS || !path.contains(OUTPUT)) {
        continue;
      }
      String name = path.substring(path.indexOf(OUTPUT) + OUTPUT.length(), path.length() - 6);
      try (InputStream in = file.openInputStream()) {
        classes.put(name.replace('/', '.'), ByteStreams.toByteArray(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }
}
