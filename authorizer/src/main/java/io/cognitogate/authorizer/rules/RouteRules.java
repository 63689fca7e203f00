package io.cognitogate.authorizer.rules;

import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.token.VerifiedToken;
import java.util.ArrayList;
import java.util.List;

/**
 * The ROUTE_RULES setting: {@code ;}-separated {@link RouteRule}s. Without rules any valid token may
 * call any route. Rules the caller does not satisfy become explicit Deny resources of the cached
 * policy, so the policy is right for every route, not only the one being called.
 */
public final class RouteRules {
  private static final RouteRules NONE = new RouteRules(List.of());

  private final List<RouteRule> rules;

  private RouteRules(List<RouteRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static RouteRules none() {
    return NONE;
  }

  /** Rules are tracked as bits of a long (see {@link #unsatisfied}). */
  public static final int MAX_RULES = 64;

  /** @throws IllegalArgumentException naming the first malformed rule's position */
  public static RouteRules parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<RouteRule> rules = new ArrayList<>();
    String[] parts = text.split(";");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      try {
        rules.add(RouteRule.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rule " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (rules.size() > MAX_RULES) {
      throw new IllegalArgumentException("at most " + MAX_RULES + " rules");
    }
    return new RouteRules(rules);
  }

  public List<RouteRule> rules() {
    return rules;
  }

  /** Bit i set when the caller does not satisfy rule i. */
  public long unsatisfied(VerifiedToken token) {
    long mask = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).satisfiedBy(token)) {
        mask |= 1L << i;
      }
    }
    return mask;
  }

  /** Resources to Deny: those of every rule in {@code unsatisfied}, in rule order, without repeats. */
  public List<String> deniedResources(MethodArn arn, long unsatisfied) {
    if (unsatisfied == 0) {
      return List.of();
    }
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if ((unsatisfied & (1L << i)) != 0) {
        for (String resource : rules.get(i).resources(arn)) {
          if (!denied.contains(resource)) {
            denied.add(resource);
          }
        }
      }
    }
    return denied;
  }

  /** Resources to Deny for this caller: those of every rule it does not satisfy. */
  public List<String> deniedResources(MethodArn arn, VerifiedToken token) {
    return deniedResources(arn, unsatisfied(token));
  }

  /** Whether the request named by {@code arn} itself falls under one of the {@code unsatisfied} rules. */
  public boolean deniesRequest(MethodArn arn, long unsatisfied) {
    for (int i = 0; i < rules.size(); i++) {
      if ((unsatisfied & (1L << i)) != 0 && rules.get(i).matches(arn)) {
        return true;
      }
    }
    return false;
  }

  public boolean deniesRequest(MethodArn arn, VerifiedToken token) {
    return deniesRequest(arn, unsatisfied(token));
  }
}
