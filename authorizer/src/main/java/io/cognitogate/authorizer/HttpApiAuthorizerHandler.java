package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.config.IdentitySources;
import io.cognitogate.authorizer.config.ResultCaching;
import io.cognitogate.authorizer.event.AuthorizationHeader;
import io.cognitogate.authorizer.event.HttpApiRequest;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.policy.RequestTarget;
import io.cognitogate.authorizer.policy.RoutePolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP API Lambda authorizer, payload format 2.0, simple responses ({@code enableSimpleResponses}):
 * {@code {"isAuthorized": true|false, "context": {...}}}. The request is judged per request on its
 * routeArn, route key and raw path ({@link HttpApiRequest}); a bad or revoked token is the error
 * {@code Unauthorized}. API Gateway caches a simple answer per identity source for every route, so
 * with ROUTE_RULES or DEFAULT_DENY the handler refuses to start unless
 * AUTHORIZER_RESULT_TTL_SECONDS is 0 ({@link ResultCaching#requireOffOrRouteBlind}); cached
 * per-route answers are {@link HttpApiPolicyAuthorizerHandler}'s. The event is never logged: it
 * holds the token.
 */
public final class HttpApiAuthorizerHandler
    implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
  private final Authorizer authorizer;

  /** Held here: a CRaC context may keep its resources only weakly. */
  private final SnapStartHooks snapStart;

  public HttpApiAuthorizerHandler() {
    this(System.getenv());
  }

  public HttpApiAuthorizerHandler(Map<String, String> environment) {
    this(Warmup.start(Clock.systemUTC()), environment);
  }

  private HttpApiAuthorizerHandler(Thread warmup, Map<String, String> environment) {
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(environment);
    ResultCaching.fromEnvironment(environment, IdentitySources.Api.HTTP)
        .requireOffOrRouteBlind(config.rules());
    Container container = Container.start(config, environment, warmup);
    this.authorizer = container.authorizer;
    this.snapStart = container.snapStart;
    primeAnswerShapes();
  }

  /** Over an authorizer built elsewhere (tests): no caching check, nothing registered. */
  public HttpApiAuthorizerHandler(Authorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.snapStart = null;
  }

  @Override
  public SimpleIAMPolicyResponse handleRequest(
      APIGatewayV2CustomAuthorizerEvent event, Context context) {
    String authorization = authorization(authorizer, event);
    return HttpApiResponses.simple(authorizer.decide(authorization, HttpApiRequest.target(event)));
  }

  /**
   * The Authorization value of a payload 2.0 REQUEST event (shared with the policy handler).
   *
   * @throws UnauthorizedException for a header that cannot be told apart or is not a Bearer
   *     credential
   */
  static String authorization(Authorizer authorizer, APIGatewayV2CustomAuthorizerEvent event) {
    if (event == null
        || !"2.0".equals(event.getVersion())
        || !RequestAuthorizerHandler.REQUEST.equals(event.getType())) {
      throw authorizer.unexpectedEvent(
          "an HTTP API REQUEST authorizer event of payload format 2.0 was expected");
    }
    AuthorizationHeader header = AuthorizationHeader.of(event.getHeaders());
    if (header.problem() != null) {
      throw authorizer.unauthorized(header.problem().name());
    }
    return header.value();
  }

  /**
   * Runs the HTTP API half of the path (the event's readings, the header, both answer shapes) on
   * built-in values in the init phase: the warm-up and the SnapStart priming run the shared
   * decision through the REST answer, so these classes would otherwise load on the first request.
   */
  static void primeAnswerShapes() {
    APIGatewayV2CustomAuthorizerEvent event =
        APIGatewayV2CustomAuthorizerEvent.builder()
            .withVersion("2.0")
            .withType(RequestAuthorizerHandler.REQUEST)
            .withRouteArn(Warmup.METHOD_ARN)
            .withRouteKey("GET /warmup/x")
            .withRawPath("/warmup/y")
            .withHeaders(Map.of("authorization", "Bearer warmup"))
            .build();
    AuthorizationHeader.of(event.getHeaders());
    RequestTarget target = HttpApiRequest.target(event);
    Decision decision =
        new Decision(
            "warmup",
            Map.of("sub", "warmup"),
            new RoutePolicy(
                PolicyBuilder.document(List.of(target.methodArn()), List.of()),
                RoutePolicy.Verdict.VERIFIED));
    HttpApiResponses.simple(decision);
    HttpApiResponses.policy(decision);
  }

  /** The SnapStart hooks of a handler built from its environment, or null. */
  SnapStartHooks snapStartHooks() {
    return snapStart;
  }
}
