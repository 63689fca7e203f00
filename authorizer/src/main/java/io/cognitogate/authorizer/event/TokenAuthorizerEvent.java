package io.cognitogate.authorizer.event;

/** The REST API TOKEN authorizer input: {@code {type, authorizationToken, methodArn}}. */
public final class TokenAuthorizerEvent {
  private String type;
  private String authorizationToken;
  private String methodArn;

  public TokenAuthorizerEvent() {
  }

  public TokenAuthorizerEvent(String type, String authorizationToken, String methodArn) {
    this.type = type;
    this.authorizationToken = authorizationToken;
    this.methodArn = methodArn;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getAuthorizationToken() {
    return authorizationToken;
  }

  public void setAuthorizationToken(String authorizationToken) {
    this.authorizationToken = authorizationToken;
  }

  public String getMethodArn() {
    return methodArn;
  }

  public void setMethodArn(String methodArn) {
    this.methodArn = methodArn;
  }

  @Override
  public String toString() {
    return "TokenAuthorizerEvent[type=" + type + ", authorizationToken=<redacted>, methodArn=" + methodArn + "]";
  }
}
