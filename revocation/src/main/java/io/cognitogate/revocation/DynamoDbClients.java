package io.cognitogate.revocation;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The one place the revocation store's DynamoDB client is built: url-connection HTTP (no Apache or
 * Netty on the class path), the region and endpoint from {@link RevocationConfig}, and every bound
 * explicit, so that "DynamoDB slow or down" becomes a {@link RevocationStoreException} within
 * {@code REVOCATION_TIMEOUT_MS}: connect and socket timeouts and the attempt timeout are {@code
 * REVOCATION_ATTEMPT_TIMEOUT_MS}, the whole call (attempts and backoff) is {@code
 * REVOCATION_TIMEOUT_MS}, and at most {@link RevocationConfig#MAX_ATTEMPTS} attempts.
 */
public final class DynamoDbClients {
  private DynamoDbClients() {}

  /** The function's credentials, resolved on first use (nothing is fetched here). */
  public static AwsCredentialsProvider credentials() {
    // default chain, as AWS advises for SnapStart: container credentials under SnapStart, the key
    // variables otherwise
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * The client. Its own credentials are {@link #credentials()}; the store names its current
   * provider on every request instead (so that {@link DynamoDbRevocationStore#forgetCredentials()}
   * can replace it).
   */
  public static DynamoDbClient create(RevocationConfig config) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(config.attemptTimeout())
                    .socketTimeout(config.attemptTimeout()))
            .region(Region.of(config.region()))
            .credentialsProvider(credentials())
            .overrideConfiguration(
                o ->
                    o.apiCallAttemptTimeout(config.attemptTimeout())
                        .apiCallTimeout(config.callTimeout())
                        .retryStrategy(r -> r.maxAttempts(RevocationConfig.MAX_ATTEMPTS)));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
