package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Decision} in the shapes an HTTP API reads (payload 2.0): a simple response {@code
 * {"isAuthorized", "context"}}, or an IAM policy in the HTTP API's type ({@link IamPolicyResponse},
 * not the REST API's {@link IamPolicyResponseV1}).
 */
final class HttpApiResponses {
  private HttpApiResponses() {}

  /**
   * Allowed: true with the claims as strings (the type's context holds strings); denied: false, no
   * context.
   */
  static SimpleIAMPolicyResponse simple(Decision decision) {
    if (!decision.allowsRequest()) {
      return new SimpleIAMPolicyResponse(false, Map.of());
    }
    Map<String, String> context = new LinkedHashMap<>(16);
    for (Map.Entry<String, Object> claim : decision.context().entrySet()) {
      context.put(claim.getKey(), String.valueOf(claim.getValue()));
    }
    return new SimpleIAMPolicyResponse(true, context);
  }

  /** The same cache-safe policy as the REST answer, in the HTTP API's policy type. */
  static IamPolicyResponse policy(Decision decision) {
    IamPolicyResponseV1.PolicyDocument rest = decision.policy().document();
    List<IamPolicyResponse.Statement> statements = new ArrayList<>(rest.getStatement().size());
    for (IamPolicyResponseV1.Statement statement : rest.getStatement()) {
      statements.add(
          new IamPolicyResponse.Statement(
              statement.getAction(), statement.getEffect(), statement.getResource(), null));
    }
    return new IamPolicyResponse(
        decision.principalId(),
        new IamPolicyResponse.PolicyDocument(rest.getVersion(), statements),
        decision.context());
  }
}
