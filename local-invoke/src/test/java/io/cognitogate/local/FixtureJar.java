package io.cognitogate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a handler jar the way a function module's shade plugin does: the fixture handlers compiled
 * against aws-lambda-java-core and -events, with those libraries and joda-time copied inside.
 */
final class FixtureJar {

  private FixtureJar() {}

  static Path build(Path workDir) throws IOException, URISyntaxException, ClassNotFoundException {
    return build(workDir, true);
  }

  /** {@code withJoda=false}: as a function module that excludes joda-time from its shaded jar. */
  static Path build(Path workDir, boolean withJoda)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path core =
        Path.of(RequestHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path events =
        Path.of(
            APIGatewayProxyRequestEvent.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    // the events library depends on joda-time; the runtime's event serializers load it from the
    // handler's jar
    Path joda =
        Path.of(
            Class.forName("org.joda.time.DateTime")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Path sources = Path.of(FixtureJar.class.getResource("/fixture-handlers/fixture").toURI());
    Path classes = Files.createDirectories(workDir.resolve("classes"));
    String jarName = withJoda ? "fixture-handlers.jar" : "fixture-handlers-without-joda.jar";

    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--release",
                "17",
                "-proc:none",
                "-d",
                classes.toString(),
                "-cp",
                core + java.io.File.pathSeparator + events));
    try (Stream<Path> files = Files.list(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> arguments.add(p.toString()));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler.run(null, null, System.err, arguments.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("fixture handlers did not compile");
    }

    Path jar = workDir.resolve(jarName);
    Set<String> written = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String name = classes.relativize(file).toString().replace('\\', '/');
          written.add(name);
          out.putNextEntry(new JarEntry(name));
          Files.copy(file, out);
          out.closeEntry();
        }
      }
      copyEntries(core, out, written);
      copyEntries(events, out, written);
      if (withJoda) {
        copyEntries(joda, out, written);
      }
    }
    return jar;
  }

  private static void copyEntries(Path library, OutputStream target, Set<String> written)
      throws IOException {
    JarOutputStream out = (JarOutputStream) target;
    try (JarFile jar = new JarFile(library.toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
        if (entry.isDirectory()
            || entry.getName().startsWith("META-INF/")
            || !written.add(entry.getName())) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = jar.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
