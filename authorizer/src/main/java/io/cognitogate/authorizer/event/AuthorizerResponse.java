package io.cognitogate.authorizer.event;

import java.util.Map;

/**
 * The REST API authorizer output. The policy document is a map on purpose: the Lambda runtime's
 * serializer names bean properties in camelCase, while IAM wants {@code Version}, {@code Statement},
 * {@code Effect}, {@code Action}, {@code Resource} (golden-JSON tests prove the wire form).
 */
public final class AuthorizerResponse {
  private final String principalId;
  private final Map<String, Object> policyDocument;
  private final Map<String, Object> context;

  public AuthorizerResponse(String principalId, Map<String, Object> policyDocument, Map<String, Object> context) {
    this.principalId = principalId;
    this.policyDocument = policyDocument;
    this.context = context;
  }

  public String getPrincipalId() {
    return principalId;
  }

  public Map<String, Object> getPolicyDocument() {
    return policyDocument;
  }

  public Map<String, Object> getContext() {
    return context;
  }
}
