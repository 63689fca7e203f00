package io.cognitogate.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a fresh JVM with HotSpot's class loading log ({@code -Xlog:class+load}) on
 * stdout, its loaded classes split by the sections the program announces with {@link #section}:
 * what a section lists is exactly what the JVM loaded (from the JDK, the class path or as hidden
 * classes) while it ran. A fresh JVM, because a test JVM has already loaded whatever earlier tests
 * touched.
 *
 * <p>HotSpot flushes each log line, and {@code System.out} writes through to the same descriptor,
 * so the order of markers and log lines on the pipe is the order of events. Section markers use
 * {@link String#concat} (no invokedynamic string concatenation) so that marking loads nothing
 * itself.
 */
public final class ClassLoadTrace {
  /** A line starting with this opens a section; the rest of the line is its name. */
  public static final String MARK = "@@section ";

  /** Everything before the first marker. */
  public static final String STARTUP = "startup";

  private static final String CLASS_LOAD = "[class,load] ";

  private final Map<String, List<String>> loaded;
  private final Map<String, List<String>> output;
  private final int exitCode;
  private final String stderr;

  private ClassLoadTrace(
      Map<String, List<String>> loaded,
      Map<String, List<String>> output,
      int exitCode,
      String stderr) {
    this.loaded = loaded;
    this.output = output;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  /** Called by the traced program: what loads from now on belongs to section {@code name}. */
  public static void section(String name) {
    System.out.println(MARK.concat(name));
  }

  /**
   * Runs {@code main} on this JVM's class path with exactly {@code environment} (nothing inherited)
   * and waits for it to exit.
   *
   * @param jvmOptions more JVM options, e.g. {@code -XX:TieredStopAtLevel=1} as Lambda runs Java
   */
  public static ClassLoadTrace run(
      Class<?> main,
      Map<String, String> environment,
      List<String> jvmOptions,
      List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:stdout:tags");
    command.addAll(jvmOptions);
    command.add("-cp");
    // surefire and failsafe run tests from a manifest-only jar; they publish the real class path
    // here
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(main.getName());
    command.addAll(arguments);
    Path errors;
    try {
      errors = Files.createTempFile("class-load-trace-", ".err");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Map<String, List<String>> loaded = new LinkedHashMap<>();
    Map<String, List<String>> output = new LinkedHashMap<>();
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String section = STARTUP;
      loaded.put(section, new ArrayList<>());
      output.put(section, new ArrayList<>());
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(CLASS_LOAD)) {
            String name = line.substring(CLASS_LOAD.length());
            int source = name.indexOf(" source: ");
            loaded.get(section).add(source < 0 ? name : name.substring(0, source));
          } else if (line.startsWith(MARK)) {
            section = line.substring(MARK.length());
            loaded.putIfAbsent(section, new ArrayList<>());
            output.putIfAbsent(section, new ArrayList<>());
          } else {
            output.get(section).add(line);
          }
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(main.getName() + " did not exit");
      }
      return new ClassLoadTrace(loaded, output, process.exitValue(), Files.readString(errors));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      try {
        Files.deleteIfExists(errors);
      } catch (IOException e) {
        // a temp file left behind
      }
    }
  }

  /** The classes loaded during {@code section}, in load order (empty if it loaded none). */
  public List<String> loadedIn(String section) {
    requireSection(section);
    return List.copyOf(loaded.get(section));
  }

  /** The program's other stdout lines printed during {@code section}. */
  public List<String> outputOf(String section) {
    requireSection(section);
    return List.copyOf(output.get(section));
  }

  /** The sections in the order the program opened them, {@link #STARTUP} first. */
  public List<String> sections() {
    return List.copyOf(loaded.keySet());
  }

  public int exitCode() {
    return exitCode;
  }

  public String stderr() {
    return stderr;
  }

  private void requireSection(String section) {
    if (!loaded.containsKey(section)) {
      throw new IllegalArgumentException(
          "no section "
              + section
              + " in "
              + loaded.keySet()
              + "; exit code "
              + exitCode
              + ", stderr: "
              + stderr);
    }
  }

  /** One line per section: its name and how many classes it loaded (for a report). */
  public String summary() {
    StringBuilder text = new StringBuilder();
    loaded.forEach(
        (name, classes) -> text.append(name).append(": ").append(classes.size()).append('\n'));
    return text.toString();
  }
}
