package io.cognitogate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.cognitogate.token.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials source against a real JDK HTTP server playing the container credentials endpoint. */
class AwsCredentialsSourceTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final String KEY_ID = "ASIAENDPOINTKEY00001";
  static final String SECRET = "endpoint-secret-do-not-print";
  static final String TOKEN = "endpoint-session-token-do-not-print";
  static final String AUTH_TOKEN = "container-auth-token-do-not-print";
  static final Duration TIMEOUT = Duration.ofMillis(300);

  final MutableClock clock = new MutableClock(NOW);
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicReference<String> body = new AtomicReference<>(credentialsJson(KEY_ID, NOW.plusSeconds(3600)));
  HttpServer server;
  ServerSocket silent;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (silent != null) {
      silent.close();
    }
  }

  static String credentialsJson(String keyId, Instant expiration) {
    return "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + keyId + "\",\"SecretAccessKey\":\""
        + SECRET + "\",\"Token\":\"" + TOKEN + "\",\"Expiration\":\"" + expiration + "\",\"RoleArn\":\"arn:aws:iam::1:role/r\"}";
  }

  String startEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/creds", exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(authorization == null ? "<none>" : authorization);
      byte[] answer = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status.get(), answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/creds";
  }

  AwsCredentialsSource endpointSource(String uri) {
    return AwsCredentialsSource.fromEnvironment(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri,
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN), TIMEOUT, clock);
  }

  // --- environment ---------------------------------------------------------------------------------

  @Test
  void fromEnvironmentWhenKeysAndEndpointThenKeysWinAndNothingIsFetched() throws IOException {
    String uri = startEndpoint();
    AwsCredentialsSource source = AwsCredentialsSource.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV",
        "AWS_SECRET_ACCESS_KEY", "env-secret", "AWS_SESSION_TOKEN", "env-token",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN), TIMEOUT, clock);

    AwsCredentials credentials = source.current();

    assertThat(credentials.accessKeyId()).isEqualTo("AKIDENV");
    assertThat(credentials.secretAccessKey()).isEqualTo("env-secret");
    assertThat(credentials.sessionToken()).isEqualTo("env-token");
    assertThat(credentials.expiresAt()).isNull();
    assertThat(authorizations).isEmpty();
  }

  @Test
  void fromEnvironmentWhenKeysWithoutSessionTokenThenTokenIsNull() {
    AwsCredentialsSource source = AwsCredentialsSource.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV",
        "AWS_SECRET_ACCESS_KEY", "env-secret", "AWS_SESSION_TOKEN", "  "), TIMEOUT, clock);

    assertThat(source.current().sessionToken()).isNull();
  }

  @Test
  void fromEnvironmentWhenOnlyKeyIdThenNamesBothVariablesNotTheValue() {
    assertThatThrownBy(() -> AwsCredentialsSource.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDLONELYVALUE"),
        TIMEOUT, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ACCESS_KEY_ID")
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("AKIDLONELYVALUE");
  }

  @Test
  void fromEnvironmentWhenOnlySecretThenNamesBothVariablesNotTheValue() {
    assertThatThrownBy(() -> AwsCredentialsSource.fromEnvironment(Map.of("AWS_SECRET_ACCESS_KEY", "lonely-secret",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example"), TIMEOUT, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ACCESS_KEY_ID")
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("lonely-secret");
  }

  @Test
  void fromEnvironmentWhenNothingConfiguredThenIllegalArgument() {
    assertThatThrownBy(() -> AwsCredentialsSource.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", " "), TIMEOUT, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }

  @Test
  void fromEnvironmentWhenFullUriIsHttpToANonLoopbackHostThenRefused() {
    assertThatThrownBy(() -> endpointSource("http://10.1.2.3/creds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    assertThatThrownBy(() -> endpointSource("http://192.0.2.10:8080/creds"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromEnvironmentWhenFullUriIsNotHttpOrMalformedThenRefused() {
    assertThatThrownBy(() -> endpointSource("ftp://127.0.0.1/creds")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> endpointSource("/creds")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> endpointSource("http://user:pw@127.0.0.1/creds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
  }

  @Test
  void fromEnvironmentWhenFullUriIsHttpsOrLoopbackOrLinkLocalHttpThenAccepted() {
    assertThat(endpointSource("https://creds.example.com/v1/credentials")).isNotNull();
    assertThat(endpointSource("http://127.0.0.1:9999/creds")).isNotNull();
    assertThat(endpointSource("http://[::1]:9999/creds")).isNotNull();
    assertThat(endpointSource("http://169.254.170.23/v1/credentials")).isNotNull();
  }

  @Test
  void fromEnvironmentWhenRelativeUriThenResolvedAgainstTheEcsHost() {
    // only constructed: nothing listens on 169.254.170.2 here
    AwsCredentialsSource source = AwsCredentialsSource.fromEnvironment(
        Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"), TIMEOUT, clock);

    assertThat(source).hasToString("AwsCredentialsSource[endpoint]");
    assertThat(AwsCredentialsSource.ECS_HOST).isEqualTo("http://169.254.170.2");
    assertThatThrownBy(() -> AwsCredentialsSource.fromEnvironment(
        Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2/credentials"), TIMEOUT, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  }

  // --- the endpoint --------------------------------------------------------------------------------

  @Test
  void currentWhenEndpointThenSendsAuthorizationTokenAndParsesCredentials() throws IOException {
    AwsCredentialsSource source = endpointSource(startEndpoint());

    AwsCredentials credentials = source.current();

    assertThat(credentials.accessKeyId()).isEqualTo(KEY_ID);
    assertThat(credentials.secretAccessKey()).isEqualTo(SECRET);
    assertThat(credentials.sessionToken()).isEqualTo(TOKEN);
    assertThat(credentials.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(authorizations).containsExactly(AUTH_TOKEN);
  }

  @Test
  void currentWhenTokenFileThenSendsItsTrimmedContentReReadOnEachFetch() throws IOException {
    Path file = dir.resolve("token");
    Files.writeString(file, "  first-token-from-file \n");
    AwsCredentialsSource source = AwsCredentialsSource.fromEnvironment(Map.of(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", startEndpoint(),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.toString()), TIMEOUT, clock);

    source.current();
    Files.writeString(file, "second-token-from-file\n"); // rotated, as EKS Pod Identity does
    source.forget();
    source.current();

    assertThat(authorizations).containsExactly("first-token-from-file", "second-token-from-file");
  }

  @Test
  void currentWhenTokenFileMissingThenErrorWithoutAFetch() throws IOException {
    AwsCredentialsSource source = AwsCredentialsSource.fromEnvironment(Map.of(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", startEndpoint(),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir.resolve("absent").toString()), TIMEOUT, clock);

    assertThatThrownBy(source::current)
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR));
    assertThat(authorizations).isEmpty();
  }

  @Test
  void currentWhenCalledManyTimesThenOneRequestUntilFiveMinutesBeforeExpiration() throws IOException {
    AwsCredentialsSource source = endpointSource(startEndpoint());

    for (int i = 0; i < 20; i++) {
      source.current();
    }
    clock.set(NOW.plusSeconds(3600 - 301)); // just outside the 5-minute margin
    source.current();
    assertThat(authorizations).hasSize(1);

    body.set(credentialsJson("ASIAENDPOINTKEY00002", NOW.plusSeconds(7200)));
    clock.set(NOW.plusSeconds(3600 - 300)); // exactly 5 minutes before: refreshed
    AwsCredentials refreshed = source.current();
    source.current();

    assertThat(refreshed.accessKeyId()).isEqualTo("ASIAENDPOINTKEY00002");
    assertThat(authorizations).hasSize(2);
  }

  @Test
  void currentWhenEndpointHandsOutShortLivedCredentialsThenFetchesAtMostOncePerMinute() throws IOException {
    body.set(credentialsJson("ASIAENDPOINTKEY00001", NOW.plusSeconds(120)));
    AwsCredentialsSource source = endpointSource(startEndpoint());

    source.current();
    source.current();
    clock.set(NOW.plusSeconds(30));
    source.current();
    assertThat(authorizations).hasSize(1);

    clock.set(NOW.plusSeconds(61));
    source.current();
    assertThat(authorizations).hasSize(2);
  }

  @Test
  void currentWhenEndpointAnswersExpiredCredentialsThenErrorNotUsed() throws IOException {
    body.set(credentialsJson("ASIAENDPOINTKEY00001", NOW.plusSeconds(5)));
    AwsCredentialsSource source = endpointSource(startEndpoint());

    RevocationStoreException e = catchThrowableOfType(RevocationStoreException.class, source::current);

    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR);
    assertThat(e.getMessage()).contains("expired");
  }

  @Test
  void fromEnvironmentWhenATokenHasALineBreakThenRejectedNamingTheVariableOnly() {
    assertThatThrownBy(() -> AwsCredentialsSource.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID",
        "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "tok\r\nX-Evil: 1"), Duration.ofSeconds(1), clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS_SESSION_TOKEN")
        .hasMessageNotContaining("tok").hasMessageNotContaining("Evil");
    assertThatThrownBy(() -> AwsCredentialsSource.fromEnvironment(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://127.0.0.1:1/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "x\r\ny"), Duration.ofSeconds(1), clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  }

  @Test
  void forgetWhenCalledThenNextCurrentFetchesAgain() throws IOException {
    AwsCredentialsSource source = endpointSource(startEndpoint());
    source.current();

    source.forget();
    source.current();

    assertThat(authorizations).hasSize(2);
  }

  @Test
  void currentWhenRefreshFailsAndOldCredentialsStillValidThenOldOnesReturned() throws IOException {
    AwsCredentialsSource source = endpointSource(startEndpoint());
    AwsCredentials first = source.current();
    status.set(500);
    clock.set(NOW.plusSeconds(3600 - 240)); // within the margin, not yet expired

    assertThat(source.current()).isSameAs(first);
    assertThat(source.current()).isSameAs(first);
    assertThat(authorizations).as("a failed refresh is tried again a minute later, not on every call").hasSize(2);

    status.set(200);
    body.set(credentialsJson("ASIAENDPOINTKEY00002", NOW.plusSeconds(7200)));
    clock.set(NOW.plusSeconds(3600 - 240 + 61));
    assertThat(source.current().accessKeyId()).isEqualTo("ASIAENDPOINTKEY00002");
    assertThat(authorizations).hasSize(3);
  }

  @Test
  void currentWhenRefreshFailsAndNoneValidThenErrorWithoutSecrets() throws IOException {
    AwsCredentialsSource source = endpointSource(startEndpoint());
    source.current();
    status.set(500);
    clock.set(NOW.plusSeconds(3600)); // the old ones have expired

    assertThatThrownBy(source::current)
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
        .hasMessageContaining("500")
        .hasMessageNotContaining(SECRET)
        .hasMessageNotContaining(TOKEN)
        .hasMessageNotContaining(AUTH_TOKEN)
        .hasMessageNotContaining(KEY_ID);
  }

  @Test
  void currentWhenFirstFetchAnswers500ThenError() throws IOException {
    status.set(500);
    AwsCredentialsSource source = endpointSource(startEndpoint());

    assertThatThrownBy(source::current)
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
        .hasMessageNotContaining(AUTH_TOKEN);
  }

  @Test
  void currentWhenServerDownThenUnreachable() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    AwsCredentialsSource source = endpointSource("http://127.0.0.1:" + port + "/creds");

    assertThatThrownBy(source::current)
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.UNREACHABLE));
  }

  @Test
  void currentWhenServerAcceptsAndNeverAnswersThenTimeoutWithinTheTimeout() throws IOException {
    // the kernel completes the handshake from the backlog; nobody ever reads or writes
    silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    AwsCredentialsSource source = endpointSource("http://127.0.0.1:" + silent.getLocalPort() + "/creds");

    long start = System.nanoTime();
    assertThatThrownBy(source::current)
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(2));
  }

  @Test
  void currentWhenAnswerIsMalformedThenErrorWithoutEchoingIt() throws IOException {
    AwsCredentialsSource source = endpointSource(startEndpoint());
    for (String malformed : List.of("{\"AccessKeyId\":\"" + KEY_ID + "\",\"SecretAccessKey\":\"" + SECRET,
        "not json " + SECRET, "[]", "{\"AccessKeyId\":\"a\",\"SecretAccessKey\":\"b\"} trailing",
        "{\"AccessKeyId\":\"" + KEY_ID + "\",\"Token\":\"" + TOKEN + "\"}",
        "{\"AccessKeyId\":\"" + KEY_ID + "\",\"SecretAccessKey\":\"\"}",
        "{\"AccessKeyId\":\"" + KEY_ID + "\",\"SecretAccessKey\":\"" + SECRET + "\",\"Expiration\":\"tomorrow\"}",
        "{\"AccessKeyId\":\"" + KEY_ID + "\",\"SecretAccessKey\":\"" + SECRET + "\",\"Expiration\":\"2026-11-26\"}")) {
      body.set(malformed);
      source.forget();

      assertThatThrownBy(source::current)
          .as(malformed)
          .isInstanceOfSatisfying(RevocationStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
          .hasMessageNotContaining(SECRET)
          .hasMessageNotContaining(TOKEN)
          .hasMessageNotContaining(KEY_ID);
    }
  }

  @Test
  void currentWhenFixedCredentialsThenReturnedAsGiven() {
    AwsCredentials fixed = new AwsCredentials("AKIDFIXED", "fixed-secret", null, null);

    assertThat(AwsCredentialsSource.of(fixed).current()).isSameAs(fixed);
  }

  @Test
  void toStringWhenAnySourceThenNamesNoKeySecretOrToken() throws IOException {
    AwsCredentialsSource endpoint = endpointSource(startEndpoint());
    AwsCredentials fetched = endpoint.current();
    AwsCredentialsSource keys = AwsCredentialsSource.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV",
        "AWS_SECRET_ACCESS_KEY", "env-secret", "AWS_SESSION_TOKEN", "env-token"), TIMEOUT, clock);

    assertThat(fetched.toString()).doesNotContain(KEY_ID, SECRET, TOKEN).contains("redacted");
    assertThat(keys.current().toString()).doesNotContain("AKIDENV", "env-secret", "env-token");
    assertThat(endpoint.toString()).doesNotContain(KEY_ID, SECRET, TOKEN, AUTH_TOKEN, "127.0.0.1");
    assertThat(keys.toString()).doesNotContain("AKIDENV", "env-secret", "env-token");
  }

  @Test
  void parseWhenExpirationHasAnOffsetOrFractionThenTheSameInstant() throws IOException {
    for (String expiration : new String[] {"2026-11-26T13:00:00Z", "2026-11-26T13:00:00.000Z", "2026-11-26T13:00:00+00:00",
        "2026-11-26T14:00:00+01:00"}) {
      AwsCredentials parsed = AwsCredentialsSource.parse(("{\"AccessKeyId\":\"" + KEY_ID + "\",\"SecretAccessKey\":\""
          + SECRET + "\",\"Expiration\":\"" + expiration + "\"}").getBytes(StandardCharsets.UTF_8));

      assertThat(parsed.expiresAt()).as(expiration).isEqualTo(Instant.parse("2026-11-26T13:00:00Z"));
    }
  }
}
