package io.cognitogate.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The parent of every function's class loader: the JDK plus exactly the aws-lambda-java-core API
 * ({@code Context}, {@code RequestHandler}, ...), as the Lambda Java runtime does. A handler jar's
 * own copy of that API is shadowed (parent first), so {@code Context} and {@code RequestHandler}
 * have one identity in this server and in every handler, and everything else comes from the
 * handler's jar.
 */
final class RuntimeApiClassLoader extends ClassLoader {

  private static final String API_PACKAGE = "com.amazonaws.services.lambda.runtime.";

  static {
    registerAsParallelCapable();
  }

  RuntimeApiClassLoader() {
    super("lambda-runtime-api", ClassLoader.getPlatformClassLoader());
  }

  static boolean isRuntimeApi(String className) {
    if (!className.startsWith(API_PACKAGE)) {
      return false;
    }
    String rest = className.substring(API_PACKAGE.length());
    // the API package itself and its logging enums; events, serialization and others are the
    // handler's
    return rest.indexOf('.') < 0
        || rest.startsWith("logging.") && rest.indexOf('.', "logging.".length()) < 0;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (isRuntimeApi(name)) {
      return Class.forName(name, false, Context.class.getClassLoader());
    }
    throw new ClassNotFoundException(name);
  }
}
