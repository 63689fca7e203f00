package io.cognitogate.local.runtime;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * One function's copy of aws-lambda-java-serialization, as in Lambda where every function has its
 * own runtime process. The library keeps static state (a class cache by name, the Jackson factory's
 * mapper); shared between functions, one function's jar would satisfy another's lookups (joda-time,
 * for one).
 */
final class LambdaSerialization implements AutoCloseable {

  private static final String PACKAGE = "com.amazonaws.services.lambda.runtime.serialization.";

  /** A PojoSerializer of this function's copy of the library. */
  static final class Serializer {
    private final Object target;
    private final Method fromJson;
    private final Method toJson;

    private Serializer(Object target, Method fromJson, Method toJson) {
      this.target = target;
      this.fromJson = fromJson;
      this.toJson = toJson;
    }

    Object fromJson(InputStream json) throws Exception {
      return call(fromJson, target, json);
    }

    void toJson(Object value, OutputStream out) throws Exception {
      call(toJson, target, value, out);
    }
  }

  private final URLClassLoader loader;
  private final Method isLambdaSupportedEvent;
  private final Method serializerFor;
  private final Object jackson;
  private final Method jacksonSerializer;
  private final Method fromJson;
  private final Method toJson;

  LambdaSerialization(String function, ClassLoader runtimeApi) throws Exception {
    // the library's own jar (the shaded server jar when run with java -jar); its parent-first
    // lookups still find the shared runtime API, everything of the library is loaded anew
    URL library = LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation();
    loader = new URLClassLoader("serialization:" + function, new URL[] {library}, runtimeApi);
    Class<?> events = Class.forName(PACKAGE + "events.LambdaEventSerializers", true, loader);
    isLambdaSupportedEvent = events.getMethod("isLambdaSupportedEvent", String.class);
    serializerFor = events.getMethod("serializerFor", Class.class, ClassLoader.class);
    Class<?> factory = Class.forName(PACKAGE + "factories.JacksonFactory", true, loader);
    jackson = factory.getMethod("getInstance").invoke(null);
    jacksonSerializer = factory.getMethod("getSerializer", Type.class);
    Class<?> pojoSerializer = Class.forName(PACKAGE + "PojoSerializer", true, loader);
    fromJson = pojoSerializer.getMethod("fromJson", InputStream.class);
    toJson = pojoSerializer.getMethod("toJson", Object.class, OutputStream.class);
  }

  /**
   * The Lambda Java runtime's choice: the events library's serializer for its event types, Jackson
   * otherwise.
   */
  Serializer serializerFor(Type type, ClassLoader handlerLoader) throws Exception {
    Object serializer;
    if (type instanceof Class<?> eventClass
        && (Boolean) call(isLambdaSupportedEvent, null, eventClass.getName())) {
      serializer = call(serializerFor, null, eventClass, handlerLoader);
    } else {
      serializer = call(jacksonSerializer, jackson, type);
    }
    return new Serializer(serializer, fromJson, toJson);
  }

  private static Object call(Method method, Object target, Object... arguments) throws Exception {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException ignored) {
      // closing only releases the jar file handle
    }
  }
}
