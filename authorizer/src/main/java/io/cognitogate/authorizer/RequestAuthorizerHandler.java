package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.config.IdentitySources;
import io.cognitogate.authorizer.config.ResultCaching;
import io.cognitogate.authorizer.event.AuthorizationHeader;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * REST API REQUEST authorizer: the token from the event's {@code Authorization} header (any letter
 * case), the same decision and the same cache-safe policy as the {@link TokenAuthorizerHandler}.
 * The identity sources (IDENTITY_SOURCE) may add other values to API Gateway's cache key (a tenant
 * header, a stage variable); while answers are cached they must include the Authorization header
 * ({@link ResultCaching}). The event is never logged: it holds the token.
 */
public final class RequestAuthorizerHandler
    implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
  static final String REQUEST = "REQUEST";

  private final Authorizer authorizer;

  /** Held here: a CRaC context may keep its resources only weakly. */
  private final SnapStartHooks snapStart;

  public RequestAuthorizerHandler() {
    this(System.getenv());
  }

  public RequestAuthorizerHandler(Map<String, String> environment) {
    // the warm-up (class loading of the decision path) starts first and overlaps config and JWKS
    // fetch
    this(Warmup.start(Clock.systemUTC()), environment);
  }

  private RequestAuthorizerHandler(Thread warmup, Map<String, String> environment) {
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(environment);
    ResultCaching.fromEnvironment(
        environment, IdentitySources.Api.REST); // refuses a cache key without the token
    Container container = Container.start(config, environment, warmup);
    this.authorizer = container.authorizer;
    this.snapStart = container.snapStart;
    AuthorizationHeader.of(
        Map.of("authorization", "Bearer warmup")); // its class, in the init phase
  }

  public RequestAuthorizerHandler(Authorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.snapStart = null;
  }

  @Override
  public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    if (event == null || !REQUEST.equals(event.getType())) {
      throw authorizer.unexpectedEvent("a REQUEST authorizer event was expected");
    }
    AuthorizationHeader header = AuthorizationHeader.of(event.getHeaders());
    if (header.problem() != null) {
      throw authorizer.unauthorized(header.problem().name());
    }
    return authorizer.authorize(header.value(), event.getMethodArn());
  }

  /** The SnapStart hooks of a handler built from its environment, or null. */
  SnapStartHooks snapStartHooks() {
    return snapStart;
  }
}
