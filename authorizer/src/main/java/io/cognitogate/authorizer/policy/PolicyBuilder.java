package io.cognitogate.authorizer.policy;

import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.token.VerifiedToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorizer's response: the policy document (one Allow and one Deny statement, either may be
 * absent; an explicit Deny wins in IAM), the principal and the context.
 */
public final class PolicyBuilder {
  private PolicyBuilder() {
  }

  public static AuthorizerResponse response(VerifiedToken token, Map<String, Object> document) {
    return new AuthorizerResponse(token.subject(), document, context(token));
  }

  /** An immutable policy document (shared between responses: the runtime only serializes it). */
  public static Map<String, Object> document(List<String> allowed, List<String> denied) {
    List<Object> statements = new ArrayList<>(2);
    if (!allowed.isEmpty()) {
      statements.add(statement("Allow", List.copyOf(allowed)));
    }
    if (!denied.isEmpty()) {
      statements.add(statement("Deny", List.copyOf(denied)));
    }
    Map<String, Object> document = new LinkedHashMap<>(4);
    document.put("Version", "2012-10-17");
    document.put("Statement", List.copyOf(statements));
    return Collections.unmodifiableMap(document);
  }

  private static Map<String, Object> statement(String effect, List<String> resources) {
    Map<String, Object> statement = new LinkedHashMap<>(4);
    statement.put("Action", "execute-api:Invoke");
    statement.put("Effect", effect);
    statement.put("Resource", resources);
    return Collections.unmodifiableMap(statement);
  }

  /** {@link #context} as an unmodifiable map, to be shared by the responses for one cached token. */
  public static Map<String, Object> immutableContext(VerifiedToken token) {
    return Collections.unmodifiableMap(context(token));
  }

  /** Flat strings and numbers only: API Gateway answers 500 to an object or array in the context. */
  public static Map<String, Object> context(VerifiedToken token) {
    Map<String, Object> context = new LinkedHashMap<>(16);
    context.put("sub", token.subject());
    context.put("username", token.username());
    context.put("client_id", token.clientId());
    context.put("token_use", token.tokenUse().claimValue());
    context.put("scope", token.scope());
    List<String> groups = token.groups();
    context.put("groups", groups.size() == 1 ? groups.get(0) : String.join(",", groups));
    context.put("exp", token.expiresAt());
    return context;
  }
}
