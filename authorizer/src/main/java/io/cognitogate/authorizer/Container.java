package io.cognitogate.authorizer;

import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.revocation.RevocationConfig;
import java.time.Clock;
import java.util.Map;
import org.crac.Core;

/**
 * What a handler built from its environment holds, made in Lambda's init phase as {@link
 * TokenAuthorizerHandler} makes it: the {@link AuthorizerWiring} (JWKS prefetch overlapping the
 * warm-up, decision cache, revocation) and the {@link SnapStartHooks}, registered with CRaC (a
 * no-op outside a CRaC/SnapStart JVM) and held here because a CRaC context may keep them only
 * weakly.
 */
final class Container {
  final Authorizer authorizer;
  final SnapStartHooks snapStart;

  private Container(Authorizer authorizer, SnapStartHooks snapStart) {
    this.authorizer = authorizer;
    this.snapStart = snapStart;
  }

  /**
   * @param warmup the warm-up started before the configuration was read ({@link Warmup#start})
   */
  static Container start(AuthorizerConfig config, Map<String, String> environment, Thread warmup) {
    Clock clock = Clock.systemUTC();
    DecisionLog log = DecisionLog.stdout();
    AuthorizerWiring wiring =
        AuthorizerWiring.create(
            config, RevocationConfig.fromEnvironment(environment), clock, log, warmup);
    SnapStartHooks hooks = new SnapStartHooks(wiring, config, clock, log);
    Core.getGlobalContext().register(hooks);
    return new Container(wiring.authorizer(), hooks);
  }
}
