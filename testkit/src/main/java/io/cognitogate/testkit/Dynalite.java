package io.cognitogate.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real dynalite 4.0.0 (in-memory DynamoDB emulator, Apache-2.0) in a child process, for tests.
 *
 * <p>Started from code, not its command line: {@code cli.js --port 0} silently falls back to 4567
 * (as dynalite 4.0.0 does), so the child runs {@code require('dynalite')({createTableMs: 0,
 * ...}).listen(0, '127.0.0.1')} and prints the port the OS picked. It stops when {@link #close()}
 * is called, from a JVM shutdown hook if a test run dies first, and by itself when its stdin closes
 * (the parent JVM is gone).
 *
 * <p>Not DynamoDB: no {@code UpdateTimeToLive} (400 {@code UnknownOperationException}), no TTL
 * expiry, no signature check, no transactions. Any credentials and region work.
 */
public final class Dynalite implements AutoCloseable {
  private static final String MODULE = "node_modules/dynalite/index.js";
  private static final String SCRIPT =
      String.join(
          "\n",
          "const dynalite = require(process.argv[1]);",
          "const server = dynalite({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});",
          "server.listen(0, '127.0.0.1', () => console.log('DYNALITE_PORT=' + server.address().port));",
          "process.stdin.on('end', () => process.exit(0));",
          "process.stdin.resume();",
          "process.on('SIGTERM', () => process.exit(0));");

  private final Process process;
  private final int port;
  private final Thread shutdownHook;

  private Dynalite(Process process, int port) {
    this.process = process;
    this.port = port;
    this.shutdownHook = new Thread(this::stopProcess, "dynalite-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts an empty dynalite on a free loopback port; returns once it listens. */
  public static Dynalite start() {
    Path root = repositoryRoot(Path.of("").toAbsolutePath());
    Path log;
    try {
      log = Files.createTempFile("dynalite-", ".log");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create dynalite's log file", e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(node(), "-e", SCRIPT, root.resolve("node_modules/dynalite").toString())
            .directory(root.toFile())
            .redirectError(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run `node` (is Node.js 20+ on the PATH?)", e);
    }
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(process));
    try {
      return new Dynalite(process, port.get(20, TimeUnit.SECONDS));
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("dynalite did not start; see " + log, e);
    }
  }

  private static int readPort(Process process) {
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("DYNALITE_PORT=")) {
          return Integer.parseInt(line.substring("DYNALITE_PORT=".length()).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read dynalite's port", e);
    }
    throw new IllegalStateException("dynalite exited before listening");
  }

  /** e.g. {@code http://127.0.0.1:41234}: the DynamoDB endpoint override. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static Path repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("package.json"))
          && Files.isRegularFile(dir.resolve(MODULE))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no package.json with node_modules/dynalite above "
            + start
            + ": run `npm ci` in the repository root (package.json pins dynalite 4.0.0)");
  }

  private static String node() {
    String explicit = System.getenv("NODE");
    return explicit == null || explicit.isBlank() ? "node" : explicit;
  }
}
