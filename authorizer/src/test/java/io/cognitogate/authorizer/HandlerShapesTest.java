package io.cognitogate.authorizer;

import static io.cognitogate.authorizer.EventFixture.HTTP_STAGE;
import static io.cognitogate.authorizer.EventFixture.REST_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.auth0.jwk.Jwk;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.policy.IamMatcher;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.revocation.InMemoryRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.RevocationConfig.FailureMode;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationStore;
import io.cognitogate.revocation.RevocationStoreException;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.JwksUnavailableException;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One decision core, four answer shapes: REST TOKEN, REST REQUEST, HTTP API simple responses and
 * HTTP API IAM policies. Each is driven with the event API Gateway sends and its answer judged as
 * API Gateway judges it (a policy matched against the request's method ARN, a simple answer taken
 * as it is), and every guarantee holds for each: rules, a 401 for every bad or revoked token, our
 * error (never an Allow) when keys or the revocation store cannot answer, and a policy that stays
 * right when cached for other routes.
 */
class HandlerShapesTest {
  enum Shape {
    REST_TOKEN,
    REST_REQUEST,
    HTTP_API_SIMPLE,
    HTTP_API_POLICY
  }

  /** What the client gets from API Gateway. */
  enum Answer {
    ALLOW,
    DENY,
    UNAUTHORIZED,
    ERROR
  }

  static final BadTokens TOKENS = AuthorizerFixture.TOKENS;
  static final String RULES = "GET /mock/admin=group:admins;DELETE /reports/*=scope:reports/write";
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String[]> ROUTES =
      List.of(
          new String[] {"GET", "/mock"},
          new String[] {"GET", "/mock/admin"},
          new String[] {"HEAD", "/mock/admin"},
          new String[] {"DELETE", "/reports/1"},
          new String[] {"PUT", "/other"});

  final List<String> lines = new ArrayList<>();
  final MutableClock clock = new MutableClock(TestTokens.NOW);

  static String stage(Shape shape) {
    return shape == Shape.REST_TOKEN || shape == Shape.REST_REQUEST ? REST_STAGE : HTTP_STAGE;
  }

  /** The handler of {@code shape} over {@code authorizer}, asked about {@code verb path}. */
  static Object respond(
      Shape shape, Authorizer authorizer, String authorization, String verb, String path) {
    String arn = stage(shape) + "/" + verb + path;
    return switch (shape) {
      case REST_TOKEN ->
          new TokenAuthorizerHandler(authorizer)
              .handleRequest(AuthorizerFixture.event(authorization, arn), null);
      case REST_REQUEST ->
          new RequestAuthorizerHandler(authorizer)
              .handleRequest(
                  EventFixture.restRequest("authorization", authorization, verb, path), null);
      case HTTP_API_SIMPLE ->
          new HttpApiAuthorizerHandler(authorizer)
              .handleRequest(EventFixture.httpApi(authorization, verb, path), null);
      case HTTP_API_POLICY ->
          new HttpApiPolicyAuthorizerHandler(authorizer)
              .handleRequest(EventFixture.httpApi(authorization, verb, path), null);
    };
  }

  /**
   * API Gateway's reading of {@code response} for the request {@code verb path} (cached or fresh).
   */
  static Answer judge(Shape shape, Object response, String verb, String path) {
    String arn = stage(shape) + "/" + verb + path;
    if (response
        instanceof com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse simple) {
      return simple.getIsAuthorized() ? Answer.ALLOW : Answer.DENY;
    }
    Map<String, Object> policy =
        response instanceof IamPolicyResponseV1 rest
            ? AuthorizerFixture.wirePolicy(rest)
            : httpPolicy((IamPolicyResponse) response);
    return IamMatcher.invoke(policy, arn) == IamMatcher.Decision.ALLOW ? Answer.ALLOW : Answer.DENY;
  }

  static Answer call(
      Shape shape, Authorizer authorizer, String authorization, String verb, String path) {
    try {
      return judge(shape, respond(shape, authorizer, authorization, verb, path), verb, path);
    } catch (UnauthorizedException e) {
      return Answer.UNAUTHORIZED;
    } catch (RuntimeException e) {
      assertThat(e.getMessage())
          .as("only the 401 answer says Unauthorized")
          .isNotEqualTo("Unauthorized");
      return Answer.ERROR;
    }
  }

  /** The policy document of an HTTP API IAM answer as the Lambda runtime writes it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> httpPolicy(IamPolicyResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuthorizerFixture.runtimeSerializer(IamPolicyResponse.class).toJson(response, out);
    try {
      return (Map<String, Object>)
          JSON.readValue(out.toString(StandardCharsets.UTF_8), Map.class).get("policyDocument");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Authorizer authorizer(KeySourceKind keys, RevocationStore store) {
    JwksKeySource source =
        new JwksKeySource(
            keys == KeySourceKind.DOWN
                ? () -> {
                  throw new JwksUnavailableException("connection refused");
                }
                : () -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    if (keys == KeySourceKind.UP) {
      source.refresh();
    }
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(
                TestTokens.ISSUER,
                TokenUse.ACCESS,
                Set.of(TestTokens.CLIENT_ID),
                Duration.ofSeconds(5)),
            source,
            clock);
    DecisionLog log = new DecisionLog(lines::add);
    RevocationGuard guard =
        store == null
            ? null
            : new RevocationGuard(
                store,
                FailureMode.CLOSED,
                Duration.ofSeconds(5),
                clock,
                new AuthorizerWiring.MetricLine(log, FailureMode.CLOSED, Clock.systemUTC()));
    return new Authorizer(
        verifier, RouteRules.parse(RULES), log, new DecisionCache(64, clock, source), guard);
  }

  enum KeySourceKind {
    UP,
    DOWN
  }

  Authorizer authorizer() {
    return authorizer(KeySourceKind.UP, null);
  }

  static String token(List<String> groups, String scope) {
    Map<String, Object> claims =
        TestTokens.with(
            TestTokens.with(
                TestTokens.accessClaims(), "cognito:groups", groups.isEmpty() ? null : groups),
            "scope",
            scope);
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenCallerLacksTheGroupThenAllowsOtherRoutesAndDeniesTheRuleRoute(Shape shape) {
    Authorizer authorizer = authorizer();
    String user = token(List.of("users"), "openid");

    assertThat(call(shape, authorizer, user, "GET", "/mock")).isEqualTo(Answer.ALLOW);
    assertThat(call(shape, authorizer, user, "PUT", "/other")).isEqualTo(Answer.ALLOW);
    assertThat(call(shape, authorizer, user, "GET", "/mock/admin")).isEqualTo(Answer.DENY);
    assertThat(call(shape, authorizer, user, "HEAD", "/mock/admin")).isEqualTo(Answer.DENY);
    assertThat(call(shape, authorizer, user, "DELETE", "/reports/7")).isEqualTo(Answer.DENY);
    assertThat(lines)
        .last()
        .asString()
        .contains("\"outcome\":\"deny\"", "\"reason\":\"RULE_NOT_SATISFIED\"");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenCallerMeetsTheRulesThenAllowsEveryRoute(Shape shape) {
    Authorizer authorizer = authorizer();
    String admin = token(List.of("admins"), "openid reports/write");

    for (String[] route : ROUTES) {
      assertThat(call(shape, authorizer, admin, route[0], route[1]))
          .as(route[0] + " " + route[1])
          .isEqualTo(Answer.ALLOW);
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenBadTokenTableThenUnauthorizedForEveryCaseAndNoTokenTextInTheLog(Shape shape) {
    Authorizer authorizer = authorizer();
    for (BadTokens.Case bad : TOKENS.rejected()) {
      assertThat(call(shape, authorizer, bad.header(), "GET", "/mock"))
          .as(bad.name())
          .isEqualTo(Answer.UNAUTHORIZED);
    }
    assertThat(lines)
        .hasSize(TOKENS.rejected().size())
        .allSatisfy(line -> assertThat(line).contains("\"outcome\":\"unauthorized\""));
    String log = String.join("\n", lines);
    for (BadTokens.Case bad : TOKENS.rejected()) {
      if (bad.header() != null && bad.header().strip().length() > 24) {
        String[] words = bad.header().strip().split(" ");
        String secret = words[words.length - 1];
        assertThat(log)
            .as(bad.name())
            .doesNotContain(secret.substring(0, Math.min(24, secret.length())));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenAcceptedSpellingsOfABearerTokenThenAllows(Shape shape) {
    Authorizer authorizer = authorizer();
    for (BadTokens.Case good : TOKENS.accepted()) {
      if (!good.header().strip().regionMatches(true, 0, "bearer ", 0, 7)) {
        continue; // a bare token: below
      }
      assertThat(call(shape, authorizer, good.header(), "GET", "/mock"))
          .as(good.name())
          .isEqualTo(Answer.ALLOW);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Shape.class,
      names = {"REST_REQUEST", "HTTP_API_SIMPLE", "HTTP_API_POLICY"})
  void requestShapesWhenTokenHasNoBearerSchemeThenUnauthorizedAsTheTokenAuthorizersGatewayAnswers(
      Shape shape) {
    Answer answer = call(shape, authorizer(), TOKENS.valid(), "GET", "/mock");

    assertThat(answer).isEqualTo(Answer.UNAUTHORIZED);
    assertThat(lines).last().asString().contains("\"reason\":\"UNSUPPORTED_SCHEME\"");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenSessionRevokedThenUnauthorizedEvenForACachedToken(Shape shape) {
    InMemoryRevocationStore store = new InMemoryRevocationStore(clock);
    Authorizer authorizer = authorizer(KeySourceKind.UP, store);
    String user = token(List.of("users"), "openid");
    assertThat(call(shape, authorizer, user, "GET", "/mock")).isEqualTo(Answer.ALLOW);

    store.put(
        new Marker(
            TestTokens.SUB,
            Marker.Kind.FAMILY,
            (String) TestTokens.accessClaims().get("origin_jti"),
            TestTokens.NOW_S,
            TestTokens.NOW_S + 3900));
    clock.advance(Duration.ofSeconds(6)); // past the guard's "not revoked" cache time

    assertThat(call(shape, authorizer, user, "GET", "/mock")).isEqualTo(Answer.UNAUTHORIZED);
    assertThat(lines).last().asString().contains("\"reason\":\"REVOKED\"");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenKeysCannotBeFetchedThenOurErrorNeverAnAllow(Shape shape) {
    Answer answer =
        call(
            shape,
            authorizer(KeySourceKind.DOWN, null),
            token(List.of("admins"), "openid"),
            "GET",
            "/mock");

    assertThat(answer).isEqualTo(Answer.ERROR);
    assertThat(lines).last().asString().contains("\"outcome\":\"error\"", "JWKS_UNAVAILABLE");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void everyShapeWhenRevocationStoreFailsClosedThenOurErrorNeverAnAllow(Shape shape) {
    RevocationStore down =
        new RevocationStore() {
          @Override
          public io.cognitogate.revocation.Markers markersFor(String subject) {
            throw new RevocationStoreException(
                RevocationStoreException.Reason.UNREACHABLE, "connection refused");
          }

          @Override
          public void put(Marker marker) {
            throw new UnsupportedOperationException("the authorizer only reads");
          }
        };
    Answer answer =
        call(
            shape,
            authorizer(KeySourceKind.UP, down),
            token(List.of("admins"), "openid"),
            "GET",
            "/mock");

    assertThat(answer).isEqualTo(Answer.ERROR);
    assertThat(String.join("\n", lines))
        .contains("REVOCATION_UNAVAILABLE")
        .doesNotContain("\"allow\"");
  }

  /**
   * API Gateway caches a policy per token and applies it to every route: the answer given for one
   * route must judge every other route as a fresh decision would. (Simple answers carry no route:
   * with rules the HTTP API handler refuses caching, {@code HttpApiAuthorizerHandlerTest}.)
   */
  @ParameterizedTest
  @EnumSource(
      value = Shape.class,
      names = {"REST_TOKEN", "REST_REQUEST", "HTTP_API_POLICY"})
  void policyShapesWhenAnswerCachedForOneRouteThenEveryOtherRouteJudgedAsAFreshDecision(
      Shape shape) {
    Authorizer authorizer = authorizer();
    for (String caller :
        List.of(
            token(List.of("users"), "openid"),
            token(List.of("admins"), "openid"),
            token(List.of(), "reports/write"))) {
      for (String[] cachedFor : ROUTES) {
        Object cached = respond(shape, authorizer, caller, cachedFor[0], cachedFor[1]);
        for (String[] next : ROUTES) {
          Answer fresh = call(shape, authorizer, caller, next[0], next[1]);
          assertThat(judge(shape, cached, next[0], next[1]))
              .as("cached for %s %s, then %s %s", cachedFor[0], cachedFor[1], next[0], next[1])
              .isEqualTo(fresh);
        }
      }
    }
  }
}
