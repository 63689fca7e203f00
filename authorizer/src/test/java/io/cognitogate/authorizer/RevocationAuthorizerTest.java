package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.auth0.jwk.Jwk;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.cache.DecisionCache;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.revocation.DynamoDbRevocationStore;
import io.cognitogate.revocation.InMemoryRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationConfig.FailureMode;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationStore;
import io.cognitogate.revocation.RevocationUnavailableException;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reader: after a token verifies, one marker read per sub; revoked is 401, a store that cannot
 * answer is our error (closed: never an Allow) or an Allow with a metric line (open).
 */
class RevocationAuthorizerTest {
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";
  static final BadTokens TOKENS = AuthorizerFixture.TOKENS;
  static final long NOW = TestTokens.NOW_S;
  static final String FAMILY = (String) TestTokens.accessClaims().get("origin_jti");
  static final String JTI = (String) TestTokens.accessClaims().get("jti");
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(TestTokens.NOW);
  final InMemoryRevocationStore store = new InMemoryRevocationStore(clock);
  final List<String> lines = new ArrayList<>();

  Authorizer authorizer(RevocationStore revocationStore, FailureMode mode, Clock guardClock) {
    JwksKeySource keys =
        new JwksKeySource(
            () -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    keys.refresh();
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(
                TestTokens.ISSUER,
                TokenUse.ACCESS,
                Set.of(TestTokens.CLIENT_ID),
                Duration.ofSeconds(5)),
            keys,
            clock);
    DecisionLog log = new DecisionLog(lines::add);
    RevocationGuard guard =
        new RevocationGuard(
            revocationStore,
            mode,
            Duration.ofSeconds(5),
            guardClock,
            new AuthorizerWiring.MetricLine(log, mode, Clock.systemUTC()));
    return new Authorizer(
        verifier, RouteRules.parse(null), log, new DecisionCache(64, clock, keys), guard);
  }

  Authorizer authorizer() {
    return authorizer(store, FailureMode.CLOSED, clock);
  }

  static String token(Map<String, Object> claims) {
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }

  static String token() {
    return token(TestTokens.accessClaims());
  }

  JsonNode lastLine() throws IOException {
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  static boolean allows(IamPolicyResponseV1 response) {
    return AuthorizerFixture.policyJson(response).contains("Allow");
  }

  @Test
  void authorizeWhenNoMarkerThenAllows() {
    assertThat(allows(authorizer().authorize(token(), ARN))).isTrue();
  }

  @Test
  void authorizeWhenSessionFamilyMarkedThenUnauthorizedAndLoggedAsRevoked() throws Exception {
    store.put(new Marker(TestTokens.SUB, Marker.Kind.FAMILY, FAMILY, NOW, NOW + 3900));
    Authorizer authorizer = authorizer();

    Throwable thrown = catchThrowable(() -> authorizer.authorize(token(), ARN));

    assertThat(thrown).isInstanceOf(UnauthorizedException.class);
    assertThat(lastLine().get("outcome").asText()).isEqualTo("unauthorized");
    assertThat(lastLine().get("reason").asText()).isEqualTo("REVOKED");
    assertThat(lastLine().get("sub").asText()).isEqualTo(TestTokens.SUB);
  }

  @Test
  void authorizeWhenAnotherSessionOrTokenMarkedThenThisOneStillAllowed() {
    store.put(new Marker(TestTokens.SUB, Marker.Kind.FAMILY, "another-family", NOW, NOW + 3900));
    store.put(new Marker(TestTokens.SUB, Marker.Kind.TOKEN, "another-jti", NOW, NOW + 3900));

    assertThat(allows(authorizer().authorize(token(), ARN))).isTrue();
  }

  @Test
  void authorizeWhenTokenWithoutOriginJtiIsMarkedByJtiThenUnauthorized() {
    store.put(new Marker(TestTokens.SUB, Marker.Kind.TOKEN, JTI, NOW, NOW + 3900));

    assertThat(
            catchThrowable(
                () ->
                    authorizer()
                        .authorize(
                            token(TestTokens.with(TestTokens.accessClaims(), "origin_jti", null)),
                            ARN)))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void authorizeWhenUserSignedOutThenOlderSessionsUnauthorizedAndALaterLoginAllowed() {
    store.put(
        Marker.user(
            TestTokens.SUB, NOW - 30, NOW + 3900)); // the test token's auth_time is NOW - 60
    Authorizer authorizer = authorizer();

    assertThat(catchThrowable(() -> authorizer.authorize(token(), ARN)))
        .isInstanceOf(UnauthorizedException.class);
    String later =
        token(
            TestTokens.with(
                TestTokens.with(TestTokens.accessClaims(), "auth_time", NOW - 29),
                "origin_jti",
                "new-session"));
    assertThat(allows(authorizer.authorize(later, ARN))).isTrue();
  }

  @Test
  void authorizeWhenMarkedAfterAnAllowThenTheSameTokenIsRejectedOnceTheCacheTimePassed() {
    Authorizer authorizer = authorizer();
    assertThat(allows(authorizer.authorize(token(), ARN))).isTrue();
    store.put(new Marker(TestTokens.SUB, Marker.Kind.FAMILY, FAMILY, NOW, NOW + 3900));

    clock.advance(Duration.ofSeconds(5));

    assertThat(catchThrowable(() -> authorizer.authorize(token(), ARN)))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void authorizeWhenStoreHangsAndClosedThenOurErrorWithinTheBoundNeverAllowNeverUnauthorized()
      throws Exception {
    try (HangingServer hanging = new HangingServer()) {
      Authorizer authorizer = authorizer(hanging.store(), FailureMode.CLOSED, Clock.systemUTC());

      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> authorizer.authorize(token(), ARN));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(thrown)
          .isInstanceOf(RevocationUnavailableException.class)
          .isNotInstanceOf(UnauthorizedException.class);
      assertThat(thrown.getMessage()).isNotEqualTo("Unauthorized");
      assertThat(took)
          .as("REVOCATION_TIMEOUT_MS 800 plus slack")
          .isLessThan(Duration.ofMillis(2500));
      assertThat(lastLine().get("outcome").asText()).isEqualTo("error");
      assertThat(lastLine().get("reason").asText()).isEqualTo("REVOCATION_UNAVAILABLE");
      assertThat(String.join("\n", lines)).doesNotContain("\"allow\"");
    }
  }

  @Test
  void authorizeWhenStorePortClosedAndOpenThenAllowsAndLogsTheMetricLine() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Authorizer authorizer =
        authorizer(dynamoDb("http://127.0.0.1:" + closed), FailureMode.OPEN, Clock.systemUTC());

    IamPolicyResponseV1 response = authorizer.authorize(token(), ARN);

    assertThat(allows(response)).isTrue();
    JsonNode metric =
        lines.stream()
            .map(RevocationAuthorizerTest::json)
            .filter(line -> line.has("_aws"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no metric line in " + lines));
    assertThat(metric.get("RevocationStoreUnavailable").asInt()).isEqualTo(1);
    assertThat(metric.get("FailureMode").asText()).isEqualTo("open");
    assertThat(
            metric
                .path("_aws")
                .path("CloudWatchMetrics")
                .get(0)
                .path("Metrics")
                .get(0)
                .path("Name")
                .asText())
        .isEqualTo("RevocationStoreUnavailable");
    assertThat(metric.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
        .isEqualTo("cognito-gate");
  }

  @Test
  void authorizeWhenOpenAndStoreGoesDownAfterARevocationWasReadThenStillUnauthorized() {
    FlakyStore flaky = new FlakyStore(store);
    store.put(new Marker(TestTokens.SUB, Marker.Kind.FAMILY, FAMILY, NOW, NOW + 3900));
    Authorizer authorizer = authorizer(flaky, FailureMode.OPEN, clock);
    assertThat(catchThrowable(() -> authorizer.authorize(token(), ARN)))
        .isInstanceOf(UnauthorizedException.class);
    flaky.down = true;
    clock.advance(Duration.ofSeconds(60));

    assertThat(catchThrowable(() -> authorizer.authorize(token(), ARN)))
        .isInstanceOf(UnauthorizedException.class);
    String otherSession = token(TestTokens.with(TestTokens.accessClaims(), "origin_jti", "other"));
    assertThat(allows(authorizer.authorize(otherSession, ARN)))
        .as("unknown to the cache: open allows")
        .isTrue();
  }

  static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  static DynamoDbRevocationStore dynamoDb(String endpoint) {
    RevocationConfig config =
        RevocationConfig.fromEnvironment(
                Map.of(
                    "REVOCATION_TABLE",
                    "revocations",
                    "AWS_REGION",
                    "us-east-1",
                    "DYNAMODB_ENDPOINT",
                    endpoint,
                    "REVOCATION_ATTEMPT_TIMEOUT_MS",
                    "300",
                    "REVOCATION_TIMEOUT_MS",
                    "800",
                    "AWS_ACCESS_KEY_ID",
                    "local",
                    "AWS_SECRET_ACCESS_KEY",
                    "local"))
            .orElseThrow();
    return DynamoDbRevocationStore.create(config, Clock.systemUTC());
  }

  /** Accepts connections and never answers: a hanging DynamoDB endpoint. */
  static final class HangingServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<Socket> accepted = new ArrayList<>();

    HangingServer() throws IOException {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(socket.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "hanging-dynamodb");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    DynamoDbRevocationStore store() {
      return dynamoDb("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  /** Fails every read when {@code down}. */
  static final class FlakyStore implements RevocationStore {
    final RevocationStore delegate;
    volatile boolean down;

    FlakyStore(RevocationStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public io.cognitogate.revocation.Markers markersFor(String subject) {
      if (down) {
        throw new io.cognitogate.revocation.RevocationStoreException(
            io.cognitogate.revocation.RevocationStoreException.Reason.UNREACHABLE, null);
      }
      return delegate.markersFor(subject);
    }

    @Override
    public void put(Marker marker) {
      delegate.put(marker);
    }
  }
}
