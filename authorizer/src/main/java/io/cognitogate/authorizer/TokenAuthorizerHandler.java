package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.revocation.RevocationConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crac.Core;

/**
 * REST API TOKEN authorizer. Built once per container ({@link AuthorizerWiring}: the JWKS is
 * fetched in the constructor, Lambda's init phase); with SnapStart the {@link SnapStartHooks} prime
 * before the snapshot and refresh after. The event is never logged: its {@code toString()} holds
 * the token.
 */
public final class TokenAuthorizerHandler
    implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
  private final Authorizer authorizer;

  /** Held here: a CRaC context may keep its resources only weakly. */
  private final SnapStartHooks snapStart;

  public TokenAuthorizerHandler() {
    this(System.getenv());
  }

  public TokenAuthorizerHandler(Map<String, String> environment) {
    // the warm-up (class loading of the decision path) starts first and overlaps config and JWKS
    // fetch
    this(Warmup.start(Clock.systemUTC()), environment);
  }

  private TokenAuthorizerHandler(Thread warmup, Map<String, String> environment) {
    this(
        AuthorizerConfig.fromEnvironment(environment),
        RevocationConfig.fromEnvironment(environment),
        warmup,
        Clock.systemUTC(),
        DecisionLog.stdout());
  }

  private TokenAuthorizerHandler(
      AuthorizerConfig config,
      Optional<RevocationConfig> revocation,
      Thread warmup,
      Clock clock,
      DecisionLog log) {
    AuthorizerWiring wiring = AuthorizerWiring.create(config, revocation, clock, log, warmup);
    this.authorizer = wiring.authorizer();
    this.snapStart = new SnapStartHooks(wiring, config, clock, log);
    Core.getGlobalContext().register(snapStart); // a no-op outside a CRaC/SnapStart JVM
  }

  public TokenAuthorizerHandler(Authorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.snapStart = null;
  }

  @Override
  public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    if (event == null) {
      throw new IllegalArgumentException("no authorizer event");
    }
    return authorizer.authorize(event.getAuthorizationToken(), event.getMethodArn());
  }

  /** The SnapStart hooks of a handler built from its environment, or null. */
  SnapStartHooks snapStartHooks() {
    return snapStart;
  }
}
