package io.cognitogate.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local stack for the whole test run: every class that takes a {@link LocalStack} parameter (in
 * a {@code @BeforeAll} method) gets the same one, started on first use and stopped when the run
 * ends (and by the JVM shutdown hook of {@link LocalStack} if the run is killed). Starting it costs
 * most of the suite's time (the warm-up), so the classes share it and each creates its own users.
 */
final class SharedLocalStack implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedLocalStack.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, key -> Started.start(), Started.class)
        .stack();
  }

  /**
   * The started stack, or why it did not start (so a second class fails at once instead of
   * retrying).
   */
  private record Started(LocalStack running, RuntimeException failure) implements AutoCloseable {

    static Started start() {
      try {
        return new Started(LocalStack.start(), null);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return new Started(null, new IllegalStateException("the local stack did not start", e));
      }
    }

    LocalStack stack() {
      if (failure != null) {
        throw failure;
      }
      return running;
    }

    @Override
    public void close() {
      if (running != null) {
        running.stop();
      }
    }
  }
}
