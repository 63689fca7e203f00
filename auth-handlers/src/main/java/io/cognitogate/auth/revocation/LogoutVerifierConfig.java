package io.cognitogate.auth.revocation;

import io.cognitogate.token.Environment;
import io.cognitogate.token.JwksLocation;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the logout function verifies the access token it is given, with the authorizer's variable
 * names: issuer from {@code USER_POOL_ID} (and {@code COGNITO_REGION}) unless {@code ISSUER_URL} is
 * set; JWKS at {@code <issuer>/.well-known/jwks.json} unless {@code JWKS_URL} is set ({@code
 * http://} only when set explicitly); the app client is {@code APP_CLIENT_ID}; access tokens only;
 * 5 s leeway; keys trusted for an hour after each fetch.
 */
record LogoutVerifierConfig(
    VerifierConfig verifier,
    URL jwksUrl,
    Duration connectTimeout,
    Duration readTimeout,
    Duration refetchInterval,
    Duration keyLifetime) {

  static LogoutVerifierConfig fromEnvironment(Map<String, String> env) {
    String poolId = Environment.required(env, "USER_POOL_ID");
    int underscore = poolId.indexOf('_');
    if (underscore <= 0 || underscore == poolId.length() - 1) {
      throw new IllegalArgumentException("USER_POOL_ID must look like <region>_<id>");
    }
    String region = Environment.optional(env, "COGNITO_REGION");
    if (region == null) {
      region = poolId.substring(0, underscore);
    }
    JwksLocation location = JwksLocation.fromEnvironment(env, poolId, region);
    String clientId = Environment.required(env, "APP_CLIENT_ID");
    return new LogoutVerifierConfig(
        new VerifierConfig(
            location.issuer(), TokenUse.ACCESS, Set.of(clientId), Duration.ofSeconds(5)),
        location.jwksUrl(),
        Duration.ofMillis(1000),
        Duration.ofMillis(2000),
        Duration.ofSeconds(10),
        Duration.ofHours(1));
  }
}
