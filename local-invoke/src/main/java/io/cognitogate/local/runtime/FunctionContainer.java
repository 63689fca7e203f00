package io.cognitogate.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cognitogate.local.service.FunctionDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One warm Lambda container of one function: its jar in its own class loader, one handler instance
 * built once through its {@code (Map<String,String> environment)} constructor, and the serializers
 * the Lambda Java runtime would pick for the handler's input and output types, from its own copy of
 * the serialization library. Invocations are serial, as in a Lambda execution environment.
 */
public final class FunctionContainer implements AutoCloseable {

  /** What one invocation did. Exactly one of {@code output} and {@code error} is set. */
  public record Invocation(
      boolean cold, long initNanos, String output, Throwable error, boolean initFailed) {}

  private final FunctionDefinition function;
  private final Path artifact;
  private final PrintStream out;

  private URLClassLoader loader;
  private LambdaSerialization serialization;
  private Object handler;
  private LambdaSerialization.Serializer inputSerializer;
  private LambdaSerialization.Serializer outputSerializer;

  public FunctionContainer(FunctionDefinition function, Path artifact, PrintStream out) {
    this.function = function;
    this.artifact = artifact;
    this.out = out;
  }

  public FunctionDefinition function() {
    return function;
  }

  public synchronized Invocation invoke(byte[] eventJson, String requestId) {
    boolean cold = handler == null;
    long initNanos = 0;
    if (cold) {
      long start = System.nanoTime();
      try {
        init();
      } catch (Throwable e) {
        discard();
        return new Invocation(true, System.nanoTime() - start, null, unwrap(e), true);
      }
      initNanos = System.nanoTime() - start;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      LocalContext context =
          new LocalContext(
              requestId,
              function.name(),
              function.memoryMb(),
              System.currentTimeMillis() + function.timeoutSeconds() * 1000L,
              out);
      ByteArrayOutputStream result = new ByteArrayOutputStream(1024);
      if (handler instanceof RequestStreamHandler streamHandler) {
        streamHandler.handleRequest(new ByteArrayInputStream(eventJson), result, context);
      } else {
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> requestHandler = (RequestHandler<Object, Object>) handler;
        Object input = inputSerializer.fromJson(new ByteArrayInputStream(eventJson));
        outputSerializer.toJson(requestHandler.handleRequest(input, context), result);
      }
      return new Invocation(cold, initNanos, result.toString(StandardCharsets.UTF_8), null, false);
    } catch (Throwable e) {
      if (e instanceof Error) {
        // the runtime process would die with it: the next invocation gets a fresh container
        discard();
      }
      return new Invocation(cold, initNanos, null, e, false);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Runs the cold start now, ahead of any invocation, and returns how long it took; a failure
   * leaves the container cold, for its first invocation to retry and report.
   */
  public synchronized long warm() {
    if (handler != null) {
      return 0;
    }
    long start = System.nanoTime();
    try {
      init();
    } catch (Throwable e) {
      discard();
      return -1;
    }
    return System.nanoTime() - start;
  }

  private void init() throws Exception {
    if (!Files.isRegularFile(artifact)) {
      throw new IOException("artifact not found: " + artifact + " (build it with mvn package)");
    }
    RuntimeApiClassLoader runtimeApi = new RuntimeApiClassLoader();
    loader =
        new URLClassLoader(
            "function:" + function.key(), new URL[] {artifact.toUri().toURL()}, runtimeApi);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // Lambda runs init with the function's loader as context loader (ServiceLoader lookups, e.g.
    // the AWS SDK)
    thread.setContextClassLoader(loader);
    try {
      Class<?> handlerClass = Class.forName(function.handler(), true, loader);
      Object instance = instantiate(handlerClass, function.environment());
      if (!(instance instanceof RequestStreamHandler)) {
        if (!(instance instanceof RequestHandler)) {
          throw new IllegalStateException(
              "handler class "
                  + function.handler()
                  + " implements neither RequestHandler nor RequestStreamHandler");
        }
        Type[] types = HandlerTypes.of(handlerClass);
        serialization = new LambdaSerialization(function.key(), runtimeApi);
        inputSerializer = serialization.serializerFor(types[0], loader);
        outputSerializer = serialization.serializerFor(types[1], loader);
      }
      handler = instance;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Object instantiate(Class<?> handlerClass, Map<String, String> environment)
      throws Exception {
    Constructor<?> constructor;
    Object[] arguments;
    try {
      constructor = handlerClass.getConstructor(Map.class);
      arguments = new Object[] {environment};
    } catch (NoSuchMethodException noEnvironmentConstructor) {
      // not our contract, but what Lambda itself calls: the handler then sees this server's
      // environment
      constructor = handlerClass.getConstructor();
      arguments = new Object[0];
    }
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
  }

  private void discard() {
    handler = null;
    inputSerializer = null;
    outputSerializer = null;
    close();
  }

  @Override
  public synchronized void close() {
    if (serialization != null) {
      serialization.close();
      serialization = null;
    }
    if (loader != null) {
      try {
        loader.close();
      } catch (IOException ignored) {
        // closing only releases the jar file handle
      }
      loader = null;
    }
  }
}
