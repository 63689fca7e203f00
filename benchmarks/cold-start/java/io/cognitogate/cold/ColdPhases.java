package io.cognitogate.cold;

import com.auth0.jwk.Jwk;
import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.authorizer.policy.PolicyBuilder;
import io.cognitogate.authorizer.policy.PolicyCache;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationStores;
import io.cognitogate.revocation.TokenRef;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksFetcher;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.VerifiedToken;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The authorizer's cold path as phases run one after another on one thread (the handler overlaps the JWKS
 * transfer with a warm-up thread; {@link ColdStart} measures that), each with the ms and the classes it
 * loads first. Same arguments as {@link ColdStart}; with a DynamoDB endpoint two revocation phases are added.
 * Prints one line to stderr: {@code phases name=ms/classes ... total=ms/classes}.
 *
 * <ol>
 *   <li>config: {@link AuthorizerConfig#fromEnvironment};
 *   <li>jackson: a first {@code ObjectMapper} reading a JSON object (the databind set-up java-jwt and jwks-rsa share);
 *   <li>jwksFetch: {@link JwksFetcher} (jwks-rsa's UrlJwkProvider on its own thread): HTTP GET and JSON;
 *   <li>keyBuild: {@link JwksKeySource#refresh} over the fetched JWKs: RSA public keys through JCA's KeyFactory;
 *   <li>verifierBuild: {@link CognitoTokenVerifier} (java-jwt's {@code JWT.require(...).build()});
 *   <li>jwtDecode: {@code JWT.decode}: java-jwt's header and payload deserializers;
 *   <li>firstVerify: {@link CognitoTokenVerifier#verify}: key by kid, RS256 through JCA, the claims;
 *   <li>revocationInit, revocationCheck (with an endpoint): the SDK's DynamoDbClient built, the first Query;
 *   <li>policy: method ARN, rules, the IamPolicyResponseV1 and the decision log line.
 * </ol>
 */
public final class ColdPhases {
  private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
  private final StringBuilder line = new StringBuilder("phases");
  private final long startNanos;
  private final long startClasses;
  private long lastNanos;
  private long lastClasses;

  private ColdPhases() {
    startClasses = lastClasses = classes.getTotalLoadedClassCount();
    startNanos = lastNanos = System.nanoTime();
  }

  /** Ends a phase: its ms and the classes loaded since the previous one. */
  private void mark(String phase) {
    long nanos = System.nanoTime();
    long loaded = classes.getTotalLoadedClassCount();
    line.append(' ').append(phase).append('=').append(ms(nanos - lastNanos)).append('/').append(loaded - lastClasses);
    lastNanos = nanos;
    lastClasses = loaded;
  }

  private String total() {
    return line.append(" total=").append(ms(lastNanos - startNanos)).append('/').append(lastClasses - startClasses)
        .toString();
  }

  private static double ms(long nanos) {
    return nanos / 10_000 / 100.0;
  }

  public static void main(String[] args) throws Exception {
    // the MXBean's own classes load here, before the first phase starts
    ColdPhases p = new ColdPhases();
    Clock clock = Clock.systemUTC();
    String token = ColdStart.token(args);
    Map<String, String> env = ColdStart.environment(args);
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env);
    p.mark("config");

    Map<?, ?> parsed = new ObjectMapper().readerFor(Map.class).readValue("{\"keys\":[{\"kty\":\"RSA\"}]}");
    p.mark("jackson");

    List<Jwk> jwks = new JwksFetcher(config.jwksUrl(), config.connectTimeout(), config.readTimeout()).fetchAll();
    p.mark("jwksFetch");

    JwksKeySource keys = new JwksKeySource(new Fixed(jwks), clock, config.refetchInterval(), config.keyLifetime());
    keys.refresh();
    p.mark("keyBuild");

    CognitoTokenVerifier verifier = new CognitoTokenVerifier(config.verifierConfig(), keys, clock);
    p.mark("verifierBuild");

    String kid = JWT.decode(token).getKeyId();
    p.mark("jwtDecode");

    VerifiedToken verified = verifier.verify("Bearer " + token);
    p.mark("firstVerify");

    if (args.length > 5) {
      RevocationConfig revocation = RevocationConfig.fromEnvironment(env).orElseThrow();
      RevocationGuard guard = new RevocationGuard(RevocationStores.open(revocation, clock), revocation.failureMode(),
          revocation.notRevokedCacheTime(), clock);
      p.mark("revocationInit");
      RevocationGuard.Verdict verdict = guard.check(new TokenRef(verified.subject(), verified.jti(),
          verified.originJti(), verified.authTime(), verified.expiresAt()));
      if (verdict != RevocationGuard.Verdict.NOT_REVOKED) {
        throw new IllegalStateException("revocation check: " + verdict);
      }
      p.mark("revocationCheck");
    }

    PolicyCache.Route route = new PolicyCache().route(ColdStart.METHOD_ARN);
    long unsatisfied = config.rules().unsatisfied(verified);
    var response = PolicyBuilder.response(verified, route.document(unsatisfied, new Denied(config.rules())));
    DecisionLog.stdout().decision("allow", "VERIFIED", verified.subject(), verified.kid());
    p.mark("policy");

    if (parsed.isEmpty() || kid == null) {
      throw new IllegalStateException("nothing parsed");
    }
    System.out.println(ColdStart.effect(response) + " " + response.getPrincipalId());
    System.err.println(p.total());
  }

  /** The fetched JWKs, handed to the key source as the fetcher would. */
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

  /** The resources denied for the unsatisfied rules (the Authorizer's own is private). */
  private static final class Denied implements BiFunction<MethodArn, Long, List<String>> {
    private final RouteRules rules;

    Denied(RouteRules rules) {
      this.rules = rules;
    }

    @Override
    public List<String> apply(MethodArn arn, Long unsatisfied) {
      return rules.deniedResources(arn, unsatisfied);
    }
  }
}
