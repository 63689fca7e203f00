package io.cognitogate.revocation;

import java.time.Clock;

/**
 * Opens the configured store behind the {@link RevocationStore} interface. Callers with revocation
 * off never call it, and the JVM links the DynamoDB store (and with it the AWS SDK) only when this
 * method first runs: the authorizer's cold start without revocation loads no SDK class.
 */
public final class RevocationStores {
  private RevocationStores() {}

  public static RevocationStore open(RevocationConfig config, Clock clock) {
    return DynamoDbRevocationStore.create(config, clock);
  }
}
