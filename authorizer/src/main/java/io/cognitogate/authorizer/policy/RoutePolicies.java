package io.cognitogate.authorizer.policy;

/**
 * Builds the {@link RoutePolicy} of a route for a class of callers; {@link PolicyCache} keeps the
 * result per route and class.
 *
 * @param <K> what sets callers apart (immutable, with equals and hashCode), e.g. the rules they
 *     fail
 */
@FunctionalInterface
public interface RoutePolicies<K> {
  RoutePolicy policy(MethodArn route, K callers);
}
