package io.cognitogate.bench;

import com.auth0.jwk.Jwk;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.policy.PolicyCache;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.HttpJwksFetcher;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.VerifiedToken;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The authorizer's cold path split into phases (ms, each including the class loading it triggers
 * first), printed to stderr. Same arguments as {@link ColdStart}.
 */
public final class ColdPhases {
  public static void main(String[] args) throws Exception {
    long[] t = new long[9];
    t[0] = System.nanoTime();
    String token = ColdStart.token(args);
    Map<String, String> env = ColdStart.environment(args);
    t[1] = System.nanoTime();
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env);
    t[2] = System.nanoTime();
    byte[] body = new HttpJwksFetcher(config.jwksUrl(), config.connectTimeout(), config.readTimeout()).download();
    t[3] = System.nanoTime();
    List<Jwk> jwks = HttpJwksFetcher.parse(body);
    t[4] = System.nanoTime();
    JwksKeySource keys = new JwksKeySource(new Fixed(jwks), Clock.systemUTC(), config.refetchInterval());
    keys.refresh();
    t[5] = System.nanoTime();
    VerifiedToken verified = new CognitoTokenVerifier(config.verifierConfig(), keys, Clock.systemUTC()).verify("Bearer " + token);
    t[6] = System.nanoTime();
    PolicyCache.Route route = new PolicyCache().route(ColdStart.METHOD_ARN);
    AuthorizerResponse response = PolicyBuilder.response(verified,
        route.policy(config.rules().unsatisfied(verified), config.rules()).document());
    new DecisionLog(System.out::println).decision("allow", "VERIFIED", verified.subject(), verified.kid());
    t[7] = System.nanoTime();
    System.out.println("Allow " + response.getPrincipalId());
    t[8] = System.nanoTime();
    String[] names = {"readToken", "config", "jwksHttpFetch", "jwksParse", "keyBuild",
        "firstVerify(RSA+claims)", "policy+logLine", "println"};
    StringBuilder line = new StringBuilder("phases");
    for (int i = 0; i < names.length; i++) {
      line.append(' ').append(names[i]).append('=').append((t[i + 1] - t[i]) / 100_000 / 10.0);
    }
    System.err.println(line.append(" total=").append((t[8] - t[0]) / 100_000 / 10.0));
  }

  private static final class Fixed implements JwksKeySource.Fetcher {
    private final List<Jwk> jwks;

    Fixed(List<Jwk> jwks) {
      this.jwks = jwks;
    }

    @Override
    public List<Jwk> fetchAll() {
      return jwks;
    }
  }
}
