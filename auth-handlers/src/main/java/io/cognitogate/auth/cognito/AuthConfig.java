package io.cognitogate.auth.cognito;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The auth handlers' configuration, parsed from the function environment (docs/auth-api.md lists
 * it). An empty value of an optional variable means unset. Errors name the variable, never its
 * value.
 */
public record AuthConfig(
    String userPoolId,
    String clientId,
    Optional<ClientSecret> clientSecret,
    Optional<URI> endpoint,
    String region) {

  public static AuthConfig fromEnvironment(Map<String, String> env) {
    String poolId = required(env, "USER_POOL_ID");
    int underscore = poolId.indexOf('_');
    if (underscore <= 0 || underscore == poolId.length() - 1) {
      throw new IllegalArgumentException("USER_POOL_ID must look like <region>_<id>");
    }
    String clientId = required(env, "APP_CLIENT_ID");
    Optional<ClientSecret> secret = optional(env, "APP_CLIENT_SECRET").map(ClientSecret::new);
    Optional<URI> endpoint =
        optional(env, "COGNITO_ENDPOINT")
            .map(
                value -> {
                  try {
                    URI uri = URI.create(value);
                    if (uri.getScheme() == null || uri.getHost() == null) {
                      throw new IllegalArgumentException(
                          "COGNITO_ENDPOINT must be an absolute http(s) URL");
                    }
                    return uri;
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                        "COGNITO_ENDPOINT must be an absolute http(s) URL");
                  }
                });
    String region = optional(env, "AWS_REGION").orElse(poolId.substring(0, underscore));
    return new AuthConfig(poolId, clientId, secret, endpoint, region);
  }

  private static String required(Map<String, String> env, String name) {
    return optional(env, name)
        .orElseThrow(() -> new IllegalArgumentException(name + " is required"));
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
