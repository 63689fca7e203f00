package io.cognitogate.authorizer.policy;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed method ARNs and their policies, per API route and class of callers (never per token): a
 * policy depends only on the route and on which rules the caller fails. Bounded, because path
 * parameters make method ARNs unbounded; a full map starts over.
 */
public final class PolicyCache {
  static final int MAX_ROUTES = 512;

  /** Classes of callers kept per route (distinct sets of failed rules are few in practice). */
  static final int MAX_POLICIES_PER_ROUTE = 64;

  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

  /**
   * @throws MalformedMethodArnException (not cached)
   */
  public Route route(String methodArn) {
    if (methodArn == null) {
      throw new MalformedMethodArnException("missing");
    }
    Route route = routes.get(methodArn);
    if (route == null) {
      route = new Route(MethodArn.parse(methodArn));
      if (routes.size() >= MAX_ROUTES) {
        routes.clear();
      }
      routes.put(methodArn, route);
    }
    return route;
  }

  int size() {
    return routes.size();
  }

  /** One method ARN and its policies by class of callers. */
  public static final class Route {
    private final MethodArn arn;
    private final ConcurrentHashMap<Object, RoutePolicy> policies = new ConcurrentHashMap<>(4);

    Route(MethodArn arn) {
      this.arn = arn;
    }

    public MethodArn arn() {
      return arn;
    }

    /** The policy for the callers {@code callers} stands for; built once by {@code build}. */
    public <K> RoutePolicy policy(K callers, RoutePolicies<K> build) {
      RoutePolicy policy = policies.get(callers);
      if (policy == null) {
        policy = build.policy(arn, callers);
        if (policies.size() >= MAX_POLICIES_PER_ROUTE) {
          policies.clear();
        }
        policies.put(callers, policy);
      }
      return policy;
    }

    int size() {
      return policies.size();
    }
  }
}
