package io.cognitogate.authorizer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.token.InvalidConfigException;
import io.cognitogate.token.TokenUse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizerConfigTest {

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", "eu-west-1_AbCdEf123");
    env.put("ALLOWED_CLIENT_IDS", "client1, client2");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void fromEnvironmentWhenOnlyRequiredSetThenDerivesIssuerJwksAndDefaults() {
    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(env());

    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.issuer())
        .isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
    assertThat(config.jwksUrl())
        .hasToString(
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json");
    assertThat(config.allowedClientIds()).containsExactlyInAnyOrder("client1", "client2");
    assertThat(config.tokenUse()).isEqualTo(TokenUse.ACCESS);
    assertThat(config.leeway()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1000));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(2000));
    assertThat(config.refetchInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.rules().rules()).isEmpty();
    assertThat(config.rules().defaultDeny()).isFalse();
    assertThat(config.rules().openRoutes()).isEmpty();
  }

  @Test
  void fromEnvironmentWhenOverridesSetThenUsesThem() {
    AuthorizerConfig config =
        AuthorizerConfig.fromEnvironment(
            env(
                "COGNITO_REGION",
                "us-gov-west-1",
                "TOKEN_USE",
                "id",
                "CLOCK_LEEWAY_SECONDS",
                "0",
                "ISSUER_URL",
                "http://127.0.0.1:9229/eu-west-1_AbCdEf123",
                "JWKS_URL",
                "http://127.0.0.1:9229/eu-west-1_AbCdEf123/.well-known/jwks.json",
                "JWKS_CONNECT_TIMEOUT_MS",
                "250",
                "JWKS_READ_TIMEOUT_MS",
                "750",
                "JWKS_REFETCH_INTERVAL_SECONDS",
                "30",
                "ROUTE_RULES",
                "GET /mock/admin=group:admins"));

    assertThat(config.region()).isEqualTo("us-gov-west-1");
    assertThat(config.issuer()).isEqualTo("http://127.0.0.1:9229/eu-west-1_AbCdEf123");
    assertThat(config.jwksUrl().getProtocol()).isEqualTo("http");
    assertThat(config.tokenUse()).isEqualTo(TokenUse.ID);
    assertThat(config.leeway()).isZero();
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.refetchInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.rules().rules()).hasSize(1);
  }

  @Test
  void fromEnvironmentWhenOptionalValuesEmptyThenTreatsThemAsUnset() {
    AuthorizerConfig config =
        AuthorizerConfig.fromEnvironment(
            env("ISSUER_URL", "", "JWKS_URL", " ", "TOKEN_USE", "", "ROUTE_RULES", ""));
    assertThat(config.issuer()).startsWith("https://cognito-idp.eu-west-1.amazonaws.com/");
  }

  @Test
  void fromEnvironmentWhenIssuerIsHttpAndJwksUrlNotSetThenRefusesNamingJwksUrl() {
    assertThatThrownBy(
            () -> AuthorizerConfig.fromEnvironment(env("ISSUER_URL", "http://127.0.0.1:9229/pool")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.variable()).isEqualTo("JWKS_URL"));
  }

  @ParameterizedTest
  @CsvSource({
    "USER_POOL_ID, ''",
    "USER_POOL_ID, us-west-2",
    "USER_POOL_ID, not a pool",
    "ALLOWED_CLIENT_IDS, ''",
    "ALLOWED_CLIENT_IDS, ' , '",
    "ALLOWED_CLIENT_IDS, 'a b'",
    "COGNITO_REGION, Mars",
    "TOKEN_USE, refresh",
    "CLOCK_LEEWAY_SECONDS, -1",
    "CLOCK_LEEWAY_SECONDS, five",
    "CLOCK_LEEWAY_SECONDS, 100000",
    "JWKS_CONNECT_TIMEOUT_MS, 0",
    "JWKS_READ_TIMEOUT_MS, 1.5",
    "JWKS_REFETCH_INTERVAL_SECONDS, 0",
    "ISSUER_URL, ftp://example.com/pool",
    "JWKS_URL, notaurl",
    "JWKS_URL, https://user:s3cretValue@example.com/jwks.json",
    "ROUTE_RULES, GET /mock",
    "ROUTE_RULES, GET /m%6Fck=group:admins",
    "DEFAULT_DENY, enabled",
    "DEFAULT_DENY, 1",
    "DEFAULT_DENY, true",
    "OPEN_ROUTES, GET /health",
    "OPEN_ROUTES, /health"
  })
  void fromEnvironmentWhenVariableInvalidThenFailsNamingItWithoutEchoingTheValue(
      String variable, String value) {
    assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env(variable, value)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo(variable);
              assertThat(e.getMessage()).startsWith(variable + ":");
              if (value.length() > 3) {
                assertThat(e.getMessage()).doesNotContain(value);
              }
            });
  }

  @Test
  void fromEnvironmentWhenDefaultDenyWithRulesAndOpenRoutesThenDeniesEverythingElse() {
    AuthorizerConfig config =
        AuthorizerConfig.fromEnvironment(
            env(
                "DEFAULT_DENY",
                "TRUE",
                "ROUTE_RULES",
                "GET /mock/admin=group:admins",
                "OPEN_ROUTES",
                "GET /health; POST /auth/*"));

    assertThat(config.rules().defaultDeny()).isTrue();
    assertThat(config.rules().rules()).hasSize(1);
    assertThat(config.rules().openRoutes())
        .map(Object::toString)
        .containsExactly("GET /health", "POST /auth/*");
  }

  @Test
  void fromEnvironmentWhenDefaultDenyWithOnlyRulesOrOnlyOpenRoutesThenAcceptsEither() {
    assertThat(
            AuthorizerConfig.fromEnvironment(
                    env("DEFAULT_DENY", "true", "ROUTE_RULES", "GET /a=group:x"))
                .rules()
                .openRoutes())
        .isEmpty();
    assertThat(
            AuthorizerConfig.fromEnvironment(
                    env("DEFAULT_DENY", "true", "OPEN_ROUTES", "GET /health"))
                .rules()
                .rules())
        .isEmpty();
  }

  @Test
  void fromEnvironmentWhenDefaultDenyFalseOrEmptyThenDefaultAllow() {
    assertThat(AuthorizerConfig.fromEnvironment(env("DEFAULT_DENY", "false")).rules().defaultDeny())
        .isFalse();
    assertThat(
            AuthorizerConfig.fromEnvironment(env("DEFAULT_DENY", " ", "OPEN_ROUTES", ""))
                .rules()
                .defaultDeny())
        .isFalse();
  }

  @Test
  void fromEnvironmentWhenDefaultDenyAndAnOpenRouteMalformedThenNamesOpenRoutesWithoutTheValue() {
    assertThatThrownBy(
            () ->
                AuthorizerConfig.fromEnvironment(
                    env("DEFAULT_DENY", "true", "OPEN_ROUTES", "GET /health;GET /s3cr%65t")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo("OPEN_ROUTES");
              assertThat(e.getMessage()).startsWith("OPEN_ROUTES: route 2:").doesNotContain("s3cr");
            });
  }

  @Test
  void fromEnvironmentWhenUserPoolIdMissingThenNamesIt() {
    Map<String, String> env = env();
    env.remove("USER_POOL_ID");
    assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(env))
        .hasMessageStartingWith("USER_POOL_ID:");
  }
}
