package io.cognitogate.authorizer.rules;

import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.policy.PolicyStatements;
import io.cognitogate.authorizer.policy.RoutePolicies;
import io.cognitogate.authorizer.policy.RoutePolicy;
import io.cognitogate.authorizer.policy.RoutePolicy.Verdict;
import io.cognitogate.token.VerifiedToken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ROUTE_RULES setting ({@code ;}-separated {@link RouteRule}s) with DEFAULT_DENY and
 * OPEN_ROUTES, and the policy they give a caller.
 *
 * <p>API Gateway caches the policy per token and applies it to every route of the stage, so the
 * policy is the same for every route a caller asks for and right for all of them:
 *
 * <ul>
 *   <li>default allow (DEFAULT_DENY false): Allow on every route of the stage;
 *   <li>default deny: Allow only on the routes of the rules the caller satisfies and of the open
 *       routes ({@link RoutePattern#allowResources}); any other route or spelling is implicitly
 *       denied;
 *   <li>in both: an explicit Deny on every spelling of the routes of the rules the caller fails
 *       ({@link RoutePattern#denyResources}) and, for such callers (and for everyone under default
 *       deny), on ambiguous paths ({@link #AMBIGUOUS}).
 * </ul>
 *
 * The requested route itself is also matched after normalisation ({@link RequestPath}: letter case,
 * literal dot segments and other spellings the cached patterns leave out); when that finds it
 * denied, the policy returned for it also denies that exact method ARN. A policy cached from
 * another route does not carry that Deny: with authorizer result caching on, those spellings are
 * judged by the cached policy (the documented limit; the default TTL of 0 avoids it). A rule always
 * applies: an open route does not lift it.
 */
public final class RouteRules implements RoutePolicies<UnsatisfiedRules> {
  private static final RouteRules NONE = new RouteRules(List.of(), false, List.of());

  /**
   * Ambiguous paths, relative to {@code <stage>/*}/ (the verb's '*' also spans '/', so each pattern
   * finds its form anywhere in the path): an empty segment, an encoded '.', '/', '\' or control
   * character, a double-encoded {@code %2X}. Literal dot segments and '\' are left to the
   * per-request match: serverless-offline reads policy resources as regular expressions, where
   * those patterns would deny every path with a one- or two-character segment (or every path).
   */
  private static final List<String> AMBIGUOUS =
      List.of(
          "/*", "*%2E*", "*%2e*", "*%2F*", "*%2f*", "*%5C*", "*%5c*", "*%252?*", "*%0?*", "*%1?*");

  private static final int RECENT_SETS = 16;

  private final List<RouteRule> rules;
  private final boolean defaultDeny;
  private final List<RoutePattern> openRoutes;
  private final UnsatisfiedRules[] recentSets = new UnsatisfiedRules[RECENT_SETS];

  private RouteRules(List<RouteRule> rules, boolean defaultDeny, List<RoutePattern> openRoutes) {
    this.rules = List.copyOf(rules);
    this.defaultDeny = defaultDeny;
    this.openRoutes = List.copyOf(openRoutes);
  }

  /** No rules, default allow: any valid token may call any route. */
  public static RouteRules none() {
    return NONE;
  }

  /**
   * ROUTE_RULES, default allow. @throws IllegalArgumentException naming the first malformed rule's
   * position
   */
  public static RouteRules parse(String text) {
    List<RouteRule> rules = new ArrayList<>();
    String[] parts = text == null ? new String[0] : text.split(";");
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
    return rules.isEmpty() ? NONE : new RouteRules(rules, false, List.of());
  }

  /**
   * OPEN_ROUTES: {@code ;}-separated {@code VERB /path}. @throws IllegalArgumentException naming
   * the position
   */
  public static List<RoutePattern> parseOpenRoutes(String text) {
    List<RoutePattern> routes = new ArrayList<>();
    String[] parts = text == null ? new String[0] : text.split(";");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      try {
        if (part.indexOf('=') >= 0) {
          throw new IllegalArgumentException("an open route takes no requirement");
        }
        routes.add(RoutePattern.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("route " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return routes;
  }

  /**
   * These rules with DEFAULT_DENY: a route is allowed only by a rule the caller satisfies or by one
   * of {@code openRoutes}. @throws IllegalArgumentException when that would deny every route
   */
  public RouteRules denyingByDefault(List<RoutePattern> openRoutes) {
    if (rules.isEmpty() && openRoutes.isEmpty()) {
      throw new IllegalArgumentException("denies every route: give ROUTE_RULES or OPEN_ROUTES");
    }
    return new RouteRules(rules, true, openRoutes);
  }

  public List<RouteRule> rules() {
    return rules;
  }

  public boolean defaultDeny() {
    return defaultDeny;
  }

  public List<RoutePattern> openRoutes() {
    return openRoutes;
  }

  /** The rules {@code token} does not satisfy. */
  public UnsatisfiedRules unsatisfied(VerifiedToken token) {
    long low = 0;
    long[] high = null;
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).satisfiedBy(token)) {
        if (i < 64) {
          low |= 1L << i;
        } else {
          high = UnsatisfiedRules.withHigh(high, i);
        }
      }
    }
    if (high != null || low == 0) {
      return UnsatisfiedRules.of(low, high);
    }
    // the same few sets come back on every request: reuse them instead of allocating one per
    // decision
    int slot = (int) (low ^ low >>> 29) & (RECENT_SETS - 1);
    UnsatisfiedRules recent = recentSets[slot];
    if (recent == null || !recent.isLow(low)) {
      recent = UnsatisfiedRules.of(low, null);
      recentSets[slot] =
          recent; // a racy write of an immutable object: a lost update costs one allocation
    }
    return recent;
  }

  /**
   * The policy for callers failing {@code unsatisfied}, returned for a request to {@code route}.
   */
  @Override
  public RoutePolicy policy(MethodArn route, UnsatisfiedRules unsatisfied) {
    PolicyStatements statements = statements(route, unsatisfied);
    RequestPath request = RequestPath.of(route);
    boolean ruleDenies = false;
    for (int i = 0; i < rules.size() && !ruleDenies; i++) {
      ruleDenies = unsatisfied.contains(i) && covers(rules.get(i).route(), request);
    }
    boolean ambiguityDenies = request.ambiguous() && (defaultDeny || !unsatisfied.isEmpty());
    String requested = route.toString();
    if ((ruleDenies || ambiguityDenies)
        && statements.evaluate(requested) == PolicyStatements.Effect.ALLOW) {
      // a spelling no resource pattern expresses (e.g. letter case): deny this very request
      statements = statements.denyingAlso(requested, route.stageArn().length());
    }
    PolicyStatements.Effect effect = statements.evaluate(requested);
    Verdict verdict;
    if (effect == PolicyStatements.Effect.ALLOW) {
      verdict =
          unsatisfied.isEmpty() && !defaultDeny
              ? Verdict.VERIFIED
              : Verdict.VERIFIED_WITH_DENIED_ROUTES;
    } else if (ruleDenies) {
      verdict = Verdict.RULE_NOT_SATISFIED;
    } else if (ambiguityDenies || effect == PolicyStatements.Effect.EXPLICIT_DENY) {
      verdict = Verdict.AMBIGUOUS_PATH;
    } else {
      verdict = Verdict.ROUTE_NOT_OPEN;
    }
    return new RoutePolicy(statements.document(), verdict);
  }

  /**
   * The statements for callers failing {@code unsatisfied}, the same whichever route of the stage
   * was asked for.
   */
  public PolicyStatements statements(MethodArn stage, UnsatisfiedRules unsatisfied) {
    Set<String> allow = new LinkedHashSet<>();
    Set<String> deny = new LinkedHashSet<>();
    if (!defaultDeny) {
      allow.add(stage.allRoutesResource());
    } else {
      for (int i = 0; i < rules.size(); i++) {
        if (!unsatisfied.contains(i)) {
          rules.get(i).route().allowResources(stage, allow);
        }
      }
      for (RoutePattern open : openRoutes) {
        open.allowResources(stage, allow);
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      if (unsatisfied.contains(i)) {
        rules.get(i).route().denyResources(stage, deny);
      }
    }
    if (defaultDeny || !unsatisfied.isEmpty()) {
      for (String ambiguous : AMBIGUOUS) {
        deny.add(stage.resource("*", ambiguous));
      }
    }
    return new PolicyStatements(allow, deny);
  }

  private static boolean covers(RoutePattern route, RequestPath request) {
    if (!route.coversVerb(request.verb())) {
      return false;
    }
    for (String reading : request.readings()) {
      if (route.coversFolded(reading)) {
        return true;
      }
    }
    return false;
  }
}
