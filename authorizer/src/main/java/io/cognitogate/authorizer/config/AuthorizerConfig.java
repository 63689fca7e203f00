package io.cognitogate.authorizer.config;

import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.rules.RoutePattern;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.Environment;
import io.cognitogate.token.InvalidConfigException;
import io.cognitogate.token.JwksLocation;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorizer's settings, read from the function environment (docs/authorizer.md lists them). An
 * empty value of an optional variable means unset. Errors name the variable, never its value.
 */
public record AuthorizerConfig(
    String userPoolId,
    String region,
    String issuer,
    URL jwksUrl,
    TokenUse tokenUse,
    Set<String> allowedClientIds,
    Duration leeway,
    RouteRules rules,
    Duration connectTimeout,
    Duration readTimeout,
    Duration refetchInterval,
    Duration keyLifetime) {

  // hand-written checks rather than java.util.regex: the regex engine's set-up is several ms of a
  // cold start
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  public AuthorizerConfig {
    allowedClientIds = Set.copyOf(allowedClientIds);
  }

  public static AuthorizerConfig fromEnvironment(Map<String, String> env) {
    String poolId = Environment.required(env, "USER_POOL_ID");
    // <region>_<id>: region [a-z]{2}(-[a-z]+)+-[0-9]+, id [A-Za-z0-9]+
    int underscore = poolId.indexOf('_');
    if (underscore < 0
        || !MethodArn.isRegion(poolId.substring(0, underscore))
        || !only(poolId.substring(underscore + 1), ALNUM, 1, Integer.MAX_VALUE)) {
      throw new InvalidConfigException(
          "USER_POOL_ID", "must look like <region>_<id>, e.g. us-east-1_AbCdEf123");
    }
    String region = Environment.optional(env, "COGNITO_REGION");
    if (region == null) {
      region = poolId.substring(0, underscore);
    } else if (!MethodArn.isRegion(region)) {
      throw new InvalidConfigException(
          "COGNITO_REGION", "must be an AWS region name, e.g. eu-west-1");
    }

    JwksLocation location = JwksLocation.fromEnvironment(env, poolId, region);
    String issuer = location.issuer();
    URL jwksUrl = location.jwksUrl();

    TokenUse tokenUse;
    String use = Environment.optional(env, "TOKEN_USE");
    try {
      tokenUse = use == null ? TokenUse.ACCESS : TokenUse.parse(use);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("TOKEN_USE", "must be 'access' or 'id'");
    }

    Set<String> clients = new LinkedHashSet<>();
    for (String id : Environment.required(env, "ALLOWED_CLIENT_IDS").split(",")) {
      String trimmed = id.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!only(trimmed, ALNUM + "_-", 1, 128)) {
        throw new InvalidConfigException(
            "ALLOWED_CLIENT_IDS", "client ids are letters, digits, '-' or '_'");
      }
      clients.add(trimmed);
    }
    if (clients.isEmpty()) {
      throw new InvalidConfigException("ALLOWED_CLIENT_IDS", "needs at least one app client id");
    }

    RouteRules rules = routeRules(env);

    return new AuthorizerConfig(
        poolId,
        region,
        issuer,
        jwksUrl,
        tokenUse,
        clients,
        Duration.ofSeconds(Environment.integer(env, "CLOCK_LEEWAY_SECONDS", 5, 0, 300)),
        rules,
        Duration.ofMillis(Environment.integer(env, "JWKS_CONNECT_TIMEOUT_MS", 1000, 1, 30_000)),
        Duration.ofMillis(Environment.integer(env, "JWKS_READ_TIMEOUT_MS", 2000, 1, 30_000)),
        Duration.ofSeconds(
            Environment.integer(env, "JWKS_REFETCH_INTERVAL_SECONDS", 10, 1, 86_400)),
        Duration.ofSeconds(
            Environment.integer(env, "JWKS_KEY_LIFETIME_SECONDS", 3600, 60, 7 * 86_400)));
  }

  /** ROUTE_RULES, DEFAULT_DENY and OPEN_ROUTES; each error names its variable. */
  private static RouteRules routeRules(Map<String, String> env) {
    RouteRules rules;
    try {
      rules = RouteRules.parse(Environment.optional(env, "ROUTE_RULES"));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("ROUTE_RULES", e.getMessage());
    }
    boolean defaultDeny = bool(env, "DEFAULT_DENY", false);
    List<RoutePattern> openRoutes;
    try {
      openRoutes = RouteRules.parseOpenRoutes(Environment.optional(env, "OPEN_ROUTES"));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("OPEN_ROUTES", e.getMessage());
    }
    if (!defaultDeny) {
      if (!openRoutes.isEmpty()) {
        // without DEFAULT_DENY every route is open already: a list here means a forgotten
        // DEFAULT_DENY
        throw new InvalidConfigException("OPEN_ROUTES", "applies only with DEFAULT_DENY=true");
      }
      return rules;
    }
    try {
      return rules.denyingByDefault(openRoutes);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("DEFAULT_DENY", e.getMessage());
    }
  }

  /** {@code true} or {@code false} (any letter case); {@code defaultValue} when unset. */
  private static boolean bool(Map<String, String> env, String name, boolean defaultValue) {
    String value = Environment.optional(env, name);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new InvalidConfigException(name, "must be 'true' or 'false'");
  }

  public VerifierConfig verifierConfig() {
    return new VerifierConfig(issuer, tokenUse, allowedClientIds, leeway);
  }

  /** True if {@code text} has {@code min} to {@code max} chars, each one of {@code allowed}. */
  private static boolean only(String text, String allowed, int min, int max) {
    if (text.length() < min || text.length() > max) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (allowed.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
