package io.cognitogate.authorizer.rules;

import io.cognitogate.token.VerifiedToken;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code VERB /path=requirement|requirement}: the route (see {@link RoutePattern}) needs any one of
 * the requirements.
 */
public record RouteRule(RoutePattern route, List<Requirement> anyOf) {

  public RouteRule {
    anyOf = List.copyOf(anyOf);
  }

  static RouteRule parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("rule must look like 'VERB /path=group:NAME'");
    }
    RoutePattern route = RoutePattern.parse(text.substring(0, eq));
    List<Requirement> anyOf = new ArrayList<>();
    for (String alternative : text.substring(eq + 1).split("\\|", -1)) {
      anyOf.add(Requirement.parse(alternative.trim()));
    }
    return new RouteRule(route, anyOf);
  }

  boolean satisfiedBy(VerifiedToken token) {
    for (Requirement requirement : anyOf) {
      if (requirement.satisfiedBy(token)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return route.toString();
  }
}
