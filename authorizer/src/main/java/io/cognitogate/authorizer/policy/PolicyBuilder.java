package io.cognitogate.authorizer.policy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
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
  private PolicyBuilder() {}

  public static IamPolicyResponseV1 response(
      VerifiedToken token, IamPolicyResponseV1.PolicyDocument document) {
    return response(token.subject(), document, context(token));
  }

  /** The response type of aws-lambda-java-events, which serializes to what API Gateway reads. */
  public static IamPolicyResponseV1 response(
      String principalId,
      IamPolicyResponseV1.PolicyDocument document,
      Map<String, Object> context) {
    return new IamPolicyResponseV1(principalId, document, context, null);
  }

  /**
   * A policy document, shared between responses (never modified after it is built: the runtime only
   * serializes it).
   */
  public static IamPolicyResponseV1.PolicyDocument document(
      List<String> allowed, List<String> denied) {
    List<IamPolicyResponseV1.Statement> statements = new ArrayList<>(2);
    if (!allowed.isEmpty()) {
      statements.add(statement(IamPolicyResponseV1.ALLOW, List.copyOf(allowed)));
    }
    if (!denied.isEmpty()) {
      statements.add(statement(IamPolicyResponseV1.DENY, List.copyOf(denied)));
    }
    return new IamPolicyResponseV1.PolicyDocument(
        IamPolicyResponseV1.VERSION_2012_10_17, List.copyOf(statements));
  }

  private static IamPolicyResponseV1.Statement statement(String effect, List<String> resources) {
    return new IamPolicyResponseV1.Statement(
        IamPolicyResponseV1.EXECUTE_API_INVOKE, effect, resources, null);
  }

  /**
   * {@link #context} as an unmodifiable map, to be shared by the responses for one cached token.
   */
  public static Map<String, Object> immutableContext(VerifiedToken token) {
    return Collections.unmodifiableMap(context(token));
  }

  /**
   * Flat strings and numbers only: API Gateway answers 500 to an object or array in the context.
   */
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
