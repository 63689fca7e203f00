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
import java.util.Optional;
import io.cognitogate.revocation.RevocationConfig;
import org.crac.Core;

/**
 * REST API TOKEN authorizer. Built once per container; the JWKS is fetched in the constructor (init
 * phase), and with SnapStart the {@link SnapStartHooks} prime before the snapshot and refresh after.
 */
public final class TokenAuthorizerHandler implements RequestHandler<TokenAuthorizerEvent, AuthorizerResponse> {
  private final Authorizer authorizer;
  /** Held here: a CRaC context may keep its resources only weakly. */
  private final SnapStartHooks snapStart;

  public TokenAuthorizerHandler() {
    this(System.getenv());
  }

  public TokenAuthorizerHandler(Map<String, String> environment) {
    // the warm-up (class loading of the decision path) starts first and overlaps config and JWKS fetch
    this(Warmup.start(Clock.systemUTC()), environment);
  }

  private TokenAuthorizerHandler(Thread warmup, Map<String, String> environment) {
    this(AuthorizerConfig.fromEnvironment(environment), RevocationConfig.fromEnvironment(environment), warmup,
        Clock.systemUTC(), DecisionLog.stdout());
  }

  private TokenAuthorizerHandler(AuthorizerConfig config, Optional<RevocationConfig> revocation, Thread warmup,
      Clock clock, DecisionLog log) {
    this.authorizer = Authorizer.create(config, revocation, clock, log, warmup);
    this.snapStart = new SnapStartHooks(authorizer, config, clock, log);
    Core.getGlobalContext().register(snapStart); // a no-op outside a CRaC/SnapStart JVM
  }

  public TokenAuthorizerHandler(Authorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.snapStart = null;
  }

  @Override
  public AuthorizerResponse handleRequest(TokenAuthorizerEvent event, Context context) {
    if (event == null) {
      throw new IllegalArgumentException("no authorizer event");
    }
    return authorizer.authorize(event.getAuthorizationToken(), event.getMethodArn());
  }
}
