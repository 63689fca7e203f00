package io.cognitogate.authorizer.config;

import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.Environment;
import io.cognitogate.token.InvalidConfigException;
import java.util.Map;

/**
 * How API Gateway caches this authorizer's answers, as the REQUEST and HTTP API handlers are told
 * (serverless.yml sets both from the values the authorizer resource is configured with):
 * AUTHORIZER_RESULT_TTL_SECONDS, the seconds a cached answer is served (0: no cache), and
 * IDENTITY_SOURCE, what it is keyed by. A cached answer is served for every route of the API to
 * every request with the same identity source values. An unset TTL counts as caching on (API
 * Gateway's default is 300 s).
 *
 * @param ttlSeconds the TTL, or -1 when unset
 */
public record ResultCaching(long ttlSeconds, IdentitySources identitySources) {
  public static final String TTL_VARIABLE = "AUTHORIZER_RESULT_TTL_SECONDS";
  public static final String IDENTITY_SOURCE_VARIABLE = "IDENTITY_SOURCE";

  /**
   * Reads both variables; IDENTITY_SOURCE defaults to the Authorization header. Refuses a cache
   * keyed by anything but the Authorization header among others: one caller's answer would be
   * served to another.
   */
  public static ResultCaching fromEnvironment(Map<String, String> env, IdentitySources.Api api) {
    long ttl =
        Environment.optional(env, TTL_VARIABLE) == null
            ? -1
            : Environment.integer(env, TTL_VARIABLE, 0, 0, 3600);
    String sources = Environment.optional(env, IDENTITY_SOURCE_VARIABLE);
    IdentitySources identitySources =
        sources == null
            ? IdentitySources.authorizationHeader(api)
            : IdentitySources.parse(api, sources, IDENTITY_SOURCE_VARIABLE);
    ResultCaching caching = new ResultCaching(ttl, identitySources);
    if (caching.mayCache() && !identitySources.includeAuthorizationHeader()) {
      throw new InvalidConfigException(
          IDENTITY_SOURCE_VARIABLE,
          "must include "
              + api.authorizationHeader()
              + " while API Gateway caches answers ("
              + TTL_VARIABLE
              + " unset or above 0), or one caller's"
              + " answer is served to another");
    }
    return caching;
  }

  /** Whether API Gateway may serve a cached answer (the TTL is unset or above 0). */
  public boolean mayCache() {
    return ttlSeconds != 0;
  }

  /**
   * For an answer that is one yes or no (an HTTP API simple response): cached, it is served for
   * every route, so it can only be right for every route when no rule and no DEFAULT_DENY tells
   * routes apart.
   *
   * @throws InvalidConfigException naming the TTL variable otherwise
   */
  public void requireOffOrRouteBlind(RouteRules rules) {
    if (mayCache() && (!rules.rules().isEmpty() || rules.defaultDeny())) {
      throw new InvalidConfigException(
          TTL_VARIABLE,
          "must be 0 with simple responses and ROUTE_RULES or"
              + " DEFAULT_DENY: API Gateway would serve one cached yes or no for every route (cached per-route"
              + " answers need IAM policy responses: HttpApiPolicyAuthorizerHandler)");
    }
  }
}
