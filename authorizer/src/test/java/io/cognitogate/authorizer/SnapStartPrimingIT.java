package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cognitogate.revocation.DynamoDbRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationTable;
import io.cognitogate.testkit.ClassLoadTrace;
import io.cognitogate.testkit.Dynalite;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming, measured as far as a JVM without CRaC allows: a fresh JVM ({@link
 * SnapStartProbe}) builds the handler from its environment (the JWKS over HTTP, revocation in
 * dynalite with credentials from a container credentials endpoint, as SnapStart functions get
 * them), runs {@code beforeCheckpoint}, waits past the JWKS refetch window, runs {@code
 * afterRestore}, then serves requests. Every class a request still loads after that would be loaded
 * after a real restore too, on the user's time; each request's section must load none. The control
 * section shows the trace does see a late load.
 */
class SnapStartPrimingIT {
  static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";
  static final String ADMIN_ARN =
      "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock/admin";
  static final String TABLE = "snapstart-revocations";
  static final String REVOKED_SUB = "revoked-sub";

  /**
   * Longer than JWKS_REFETCH_INTERVAL_SECONDS below: the first request after the restore refetches
   * the keys.
   */
  static final long STORED_MILLIS = 1_200;

  static JwksServer jwks;
  static Dynalite dynalite;
  static HttpServer credentials;
  static final AtomicInteger credentialRequests = new AtomicInteger();

  @TempDir static Path home;

  @BeforeAll
  static void start() throws IOException {
    jwks =
        new JwksServer(
            TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, AuthorizerFixture.TOKENS.signing)));
    dynalite = Dynalite.start();
    try (DynamoDbClient admin = RevocationTable.client(dynalite.endpoint())) {
      RevocationTable.create(admin, TABLE);
    }
    RevocationConfig config =
        RevocationConfig.fromEnvironment(
                Map.of(
                    "REVOCATION_TABLE",
                    TABLE,
                    "AWS_REGION",
                    "us-east-1",
                    "DYNAMODB_ENDPOINT",
                    dynalite.endpoint()))
            .orElseThrow();
    long now = Instant.now().getEpochSecond();
    try (DynamoDbRevocationStore writer =
        DynamoDbRevocationStore.create(config, Clock.systemUTC())) {
      writer.put(Marker.user(REVOKED_SUB, now - 30, now + 3900));
    }
    credentials = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    credentials.createContext(
        "/credentials",
        exchange -> {
          credentialRequests.incrementAndGet();
          byte[] body =
              ("{\"AccessKeyId\":\"ASIAPRIMINGTEST\",\"SecretAccessKey\":\"test-secret\",\"Token\":\"test-token\","
                      + "\"Expiration\":\""
                      + Instant.now().plusSeconds(3600)
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    credentials.start();
  }

  @AfterAll
  static void stop() {
    if (credentials != null) {
      credentials.stop(0);
    }
    if (dynalite != null) {
      dynalite.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  /**
   * The function environment as serverless.yml sets it, JWKS on loopback; nothing else is
   * inherited.
   */
  static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", jwks.issuer());
    env.put("JWKS_URL", jwks.url().toString());
    env.put("JWKS_REFETCH_INTERVAL_SECONDS", "1");
    env.put("ROUTE_RULES", "GET /mock/admin=group:admins");
    // no profile files: the default credential chain goes on to the container endpoint, as on
    // Lambda
    env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
    return env;
  }

  static Map<String, String> revocationEnvironment() {
    Map<String, String> env = environment();
    env.put("REVOCATION_TABLE", TABLE);
    env.put("DYNAMODB_ENDPOINT", dynalite.endpoint());
    env.put("AWS_REGION", "us-east-1");
    // how a SnapStart function gets its credentials (no key variables in its environment)
    env.put(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://127.0.0.1:" + credentials.getAddress().getPort() + "/credentials");
    env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "test-authorization");
    return env;
  }

  /**
   * An access token of the test pool, valid now, with {@code changes} applied (a null value removes
   * the claim).
   */
  static String token(Map<String, Object> changes, Map<String, Object> header) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = TestTokens.accessClaims();
    claims.put("iss", jwks.issuer());
    claims.put("iat", now - 60);
    claims.put("auth_time", now - 60);
    claims.put("exp", now + 3600);
    for (Map.Entry<String, Object> change : changes.entrySet()) {
      claims = TestTokens.with(claims, change.getKey(), change.getValue());
    }
    return "Bearer "
        + TestTokens.sign(header, claims, AuthorizerFixture.TOKENS.signing.getPrivate());
  }

  static String token(Map<String, Object> changes) {
    return token(changes, TestTokens.header(BadTokens.KID));
  }

  static String valid() {
    return token(Map.of());
  }

  static String expired() {
    long now = Instant.now().getEpochSecond();
    return token(Map.of("iat", now - 7200, "auth_time", now - 7200, "exp", now - 3600));
  }

  static String badSignature() {
    String token = valid();
    int at = token.length() - 6;
    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  static String headerNotJson() {
    String[] parts = valid().split("\\.");
    return "Bearer " + TestTokens.b64("not json") + "." + parts[1] + "." + parts[2];
  }

  static Map<String, Object> header(String name, Object value) {
    return TestTokens.with(TestTokens.header(BadTokens.KID), name, value);
  }

  /** A null value: Map.of takes none. */
  static Map<String, Object> without(String claim) {
    Map<String, Object> changes = new HashMap<>();
    changes.put(claim, null);
    return changes;
  }

  /** Requests in order: name, method ARN, Authorization value. */
  static final class Requests {
    final Map<String, String[]> byName = new LinkedHashMap<>();

    Requests add(String name, String arn, String authorization) {
      byName.put(name, new String[] {arn, authorization});
      return this;
    }

    List<String> arguments() {
      List<String> arguments = new ArrayList<>();
      arguments.add(Long.toString(STORED_MILLIS));
      byName.forEach(
          (name, request) -> {
            arguments.add(name);
            arguments.add(request[0]);
            arguments.add(request[1]);
          });
      return arguments;
    }
  }

  static ClassLoadTrace trace(Map<String, String> env, Requests requests) {
    // -XX:TieredStopAtLevel=1 as Lambda runs Java; class loading does not depend on it, but the run
    // is closer
    ClassLoadTrace trace =
        ClassLoadTrace.run(
            SnapStartProbe.class, env, List.of("-XX:TieredStopAtLevel=1"), requests.arguments());
    System.out.println("SnapStartProbe classes loaded per section:\n" + trace.summary());
    assertThat(trace.exitCode()).as("probe exit code; stderr: %s", trace.stderr()).isZero();
    assertThat(trace.loadedIn("control"))
        .as("the trace sees a class first used after the restore")
        .containsExactly(SnapStartProbe.Control.class.getName());
    assertThat(trace.loadedIn("afterRestore"))
        .as("classes loaded by the restore hook (restore time)")
        .isEmpty();
    Map<String, List<String>> late = new LinkedHashMap<>();
    for (String name : requests.byName.keySet()) {
      List<String> classes = trace.loadedIn(SnapStartProbe.REQUEST + name);
      if (!classes.isEmpty()) {
        late.put(name, classes);
      }
    }
    assertThat(late)
        .as("classes loaded by requests after beforeCheckpoint and afterRestore, by request")
        .isEmpty();
    return trace;
  }

  static String result(ClassLoadTrace trace, String name) {
    String prefix = SnapStartProbe.RESULT + name + ' ';
    return trace.outputOf("results").stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst()
        .orElseThrow();
  }

  static String decision(ClassLoadTrace trace, String name) {
    return String.join("\n", trace.outputOf(SnapStartProbe.REQUEST + name));
  }

  @Test
  void firstRequestsAfterRestoreWhenRevocationOffThenLoadNoClass() {
    String valid = valid();
    String noAdmins = token(Map.of("cognito:groups", List.of("users")));
    long now = Instant.now().getEpochSecond();
    Requests requests =
        new Requests()
            .add("valid", ARN, valid)
            .add("cached", ARN, valid)
            .add("ruleDenies", ADMIN_ARN, noAdmins)
            .add("expired", ARN, expired())
            .add("badSignature", ARN, badSignature())
            .add("notYetValid", ARN, token(Map.of("nbf", now + 600)))
            .add("otherClient", ARN, token(Map.of("client_id", TestTokens.OTHER_CLIENT_ID)))
            .add("otherIssuer", ARN, token(Map.of("iss", "https://issuer.invalid/pool")))
            .add("noIssuer", ARN, token(without("iss")))
            .add("idToken", ARN, token(Map.of("token_use", "id")))
            .add("algNone", ARN, token(Map.of(), header("alg", "none")))
            .add("critical", ARN, token(Map.of(), header("crit", List.of("exp"))))
            .add("unknownKid", ARN, token(Map.of(), header("kid", "rotated-key")))
            .add("noKid", ARN, token(Map.of(), header("kid", null)))
            .add("headerNotJson", ARN, headerNotJson())
            .add("twoSegments", ARN, "Bearer not.jwt")
            .add("otherScheme", ARN, "Basic dXNlcjpwYXNz");
    // and later ones: nothing is loaded late by a count (JDK 17 inflates reflection after 15 calls)
    for (int i = 0; i < 20; i++) {
      requests.add("fresh" + i, ARN, token(Map.of("jti", "fresh-" + i)));
    }
    ClassLoadTrace trace = trace(environment(), requests);

    assertThat(decision(trace, "valid"))
        .contains("\"outcome\":\"allow\"", "\"reason\":\"VERIFIED\"");
    assertThat(result(trace, "valid")).isEqualTo("policy:" + TestTokens.SUB);
    assertThat(decision(trace, "cached")).contains("\"outcome\":\"allow\"");
    assertThat(decision(trace, "ruleDenies"))
        .contains("\"outcome\":\"deny\"", "RULE_NOT_SATISFIED");
    assertThat(decision(trace, "expired")).contains("\"reason\":\"EXPIRED\"");
    assertThat(decision(trace, "badSignature")).contains("\"reason\":\"BAD_SIGNATURE\"");
    assertThat(decision(trace, "notYetValid")).contains("\"reason\":\"NOT_YET_VALID\"");
    assertThat(decision(trace, "otherClient")).contains("\"reason\":\"CLIENT_NOT_ALLOWED\"");
    assertThat(decision(trace, "otherIssuer")).contains("\"reason\":\"WRONG_ISSUER\"");
    assertThat(decision(trace, "noIssuer")).contains("\"reason\":\"WRONG_ISSUER\"");
    assertThat(decision(trace, "idToken")).contains("\"reason\":\"WRONG_TOKEN_USE\"");
    assertThat(decision(trace, "algNone")).contains("\"reason\":\"UNSUPPORTED_ALGORITHM\"");
    assertThat(decision(trace, "critical")).contains("\"reason\":\"UNSUPPORTED_CRITICAL_HEADER\"");
    assertThat(decision(trace, "unknownKid")).contains("\"reason\":\"UNKNOWN_KID\"");
    assertThat(decision(trace, "noKid")).contains("\"reason\":\"MISSING_KID\"");
    assertThat(decision(trace, "headerNotJson")).contains("\"reason\":\"MALFORMED_TOKEN\"");
    assertThat(decision(trace, "twoSegments")).contains("\"reason\":\"MALFORMED_TOKEN\"");
    assertThat(decision(trace, "otherScheme")).contains("\"reason\":\"UNSUPPORTED_SCHEME\"");
    for (String rejected :
        List.of(
            "expired",
            "badSignature",
            "notYetValid",
            "otherClient",
            "otherIssuer",
            "noIssuer",
            "idToken",
            "algNone",
            "critical",
            "unknownKid",
            "noKid",
            "headerNotJson",
            "twoSegments",
            "otherScheme")) {
      assertThat(result(trace, rejected)).as(rejected).isEqualTo("UnauthorizedException");
    }
    assertThat(trace.outputOf("afterRestore"))
        .anyMatch(line -> line.contains("jwks refetched on next use"));
  }

  @Test
  void firstRequestAfterRestoreWhenRejectedThenLoadsNoClass() {
    ClassLoadTrace trace =
        trace(
            environment(),
            new Requests().add("expired", ARN, expired()).add("valid", ARN, valid()));

    assertThat(result(trace, "expired")).isEqualTo("UnauthorizedException");
    assertThat(decision(trace, "valid")).contains("\"outcome\":\"allow\"");
  }

  @Test
  void firstRequestsAfterRestoreWhenRevocationOnThenLoadNoClass() {
    int credentialsBefore = credentialRequests.get();
    String valid = valid();
    ClassLoadTrace trace =
        trace(
            revocationEnvironment(),
            new Requests()
                .add("valid", ARN, valid)
                .add("cached", ARN, valid)
                .add("revoked", ARN, token(Map.of("sub", REVOKED_SUB)))
                .add("expired", ARN, expired()));

    assertThat(decision(trace, "valid"))
        .contains("\"outcome\":\"allow\"", "\"reason\":\"VERIFIED\"");
    assertThat(decision(trace, "cached")).contains("\"outcome\":\"allow\"");
    assertThat(decision(trace, "revoked")).contains("\"reason\":\"REVOKED\"");
    assertThat(result(trace, "revoked")).isEqualTo("UnauthorizedException");
    assertThat(result(trace, "expired")).isEqualTo("UnauthorizedException");
    assertThat(credentialRequests.get() - credentialsBefore)
        .as(
            "credentials fetched at init, and again after the restore: none held in the snapshot is used")
        .isEqualTo(2);
  }

  @Test
  void firstRequestAfterRestoreWhenRevokedThenLoadsNoClass() {
    ClassLoadTrace trace =
        trace(
            revocationEnvironment(),
            new Requests()
                .add("revoked", ARN, token(Map.of("sub", REVOKED_SUB)))
                .add("valid", ARN, valid()));

    assertThat(decision(trace, "revoked")).contains("\"reason\":\"REVOKED\"");
    assertThat(decision(trace, "valid")).contains("\"outcome\":\"allow\"");
  }
}
