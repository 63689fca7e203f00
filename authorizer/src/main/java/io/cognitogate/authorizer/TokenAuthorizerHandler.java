package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.authorizer.event.TokenAuthorizerEvent;
import io.cognitogate.authorizer.log.DecisionLog;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/** REST API TOKEN authorizer. Built once per container; the JWKS is fetched in the constructor (init phase). */
public final class TokenAuthorizerHandler implements RequestHandler<TokenAuthorizerEvent, AuthorizerResponse> {
  private final Authorizer authorizer;

  public TokenAuthorizerHandler() {
    this(System.getenv());
  }

  public TokenAuthorizerHandler(Map<String, String> environment) {
    this(Authorizer.create(AuthorizerConfig.fromEnvironment(environment), Clock.systemUTC(), DecisionLog.stdout()));
  }

  public TokenAuthorizerHandler(Authorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
  }

  @Override
  public AuthorizerResponse handleRequest(TokenAuthorizerEvent event, Context context) {
    if (event == null) {
      throw new IllegalArgumentException("no authorizer event");
    }
    return authorizer.authorize(event.getAuthorizationToken(), event.getMethodArn());
  }
}
