package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.config.IdentitySources;
import io.cognitogate.authorizer.config.ResultCaching;
import io.cognitogate.authorizer.policy.RequestTarget;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP API Lambda authorizer, payload format 2.0, IAM policy responses ({@code
 * enableSimpleResponses} false): the REST authorizers' cache-safe policy for the routeArn's stage,
 * in the HTTP API's {@link IamPolicyResponse}. API Gateway matches the policy against each route
 * itself, so a cached answer stays right for every route with ROUTE_RULES and DEFAULT_DENY too. The
 * event is never logged.
 */
public final class HttpApiPolicyAuthorizerHandler
    implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, IamPolicyResponse> {
  private final Authorizer authorizer;

  /** Held here: a CRaC context may keep its resources only weakly. */
  private final SnapStartHooks snapStart;

  public HttpApiPolicyAuthorizerHandler() {
    this(System.getenv());
  }

  public HttpApiPolicyAuthorizerHandler(Map<String, String> environment) {
    this(Warmup.start(Clock.systemUTC()), environment);
  }

  private HttpApiPolicyAuthorizerHandler(Thread warmup, Map<String, String> environment) {
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(environment);
    ResultCaching.fromEnvironment(
        environment, IdentitySources.Api.HTTP); // refuses a cache key without the token
    Container container = Container.start(config, environment, warmup);
    this.authorizer = container.authorizer;
    this.snapStart = container.snapStart;
    HttpApiAuthorizerHandler.primeAnswerShapes();
  }

  /** Over an authorizer built elsewhere (tests): no caching check, nothing registered. */
  public HttpApiPolicyAuthorizerHandler(Authorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.snapStart = null;
  }

  @Override
  public IamPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
    String authorization = HttpApiAuthorizerHandler.authorization(authorizer, event);
    return HttpApiResponses.policy(
        authorizer.decide(authorization, RequestTarget.of(event.getRouteArn())));
  }

  /** The SnapStart hooks of a handler built from its environment, or null. */
  SnapStartHooks snapStartHooks() {
    return snapStart;
  }
}
