package io.cognitogate.revocation;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;

/**
 * Opens the configured store without naming the DynamoDB class here: callers that have revocation off
 * never load a single SDK class (the authorizer's cold start), and callers that have it on get it
 * behind the {@link RevocationStore} interface.
 */
public final class RevocationStores {
  private static final String DYNAMODB_STORE = "io.cognitogate.revocation.DynamoDbRevocationStore";

  private RevocationStores() {
  }

  public static RevocationStore open(RevocationConfig config, Clock clock) {
    try {
      return (RevocationStore) Class.forName(DYNAMODB_STORE, true, RevocationStores.class.getClassLoader())
          .getMethod("create", RevocationConfig.class, Clock.class)
          .invoke(null, config, clock);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("cannot open the revocation store", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot open the revocation store: " + e.getClass().getSimpleName(), e);
    }
  }
}
