package io.cognitogate.authorizer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.authorizer.config.IdentitySources.Api;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.InvalidConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultCachingTest {
  static final RouteRules RULES = RouteRules.parse("GET /mock/admin=group:admins");

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void fromEnvironmentWhenTtlUnsetThenCountsAsCachingOnAsApiGatewaysDefault() {
    ResultCaching caching = ResultCaching.fromEnvironment(env(), Api.HTTP);

    assertThat(caching.mayCache()).isTrue();
    assertThat(caching.identitySources().expressions())
        .containsExactly("$request.header.Authorization");
  }

  @Test
  void fromEnvironmentWhenTtlZeroThenCachingOff() {
    assertThat(
            ResultCaching.fromEnvironment(env("AUTHORIZER_RESULT_TTL_SECONDS", "0"), Api.REST)
                .mayCache())
        .isFalse();
    assertThat(
            ResultCaching.fromEnvironment(env("AUTHORIZER_RESULT_TTL_SECONDS", "300"), Api.REST)
                .mayCache())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "3601", "5m", "abc"})
  void fromEnvironmentWhenTtlNotASecondCountApiGatewayTakesThenNamesTheVariable(String ttl) {
    assertThatThrownBy(
            () ->
                ResultCaching.fromEnvironment(env("AUTHORIZER_RESULT_TTL_SECONDS", ttl), Api.REST))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("AUTHORIZER_RESULT_TTL_SECONDS:")
        .hasMessageNotContaining(ttl);
  }

  @Test
  void
      fromEnvironmentWhenCachedAndKeyedWithoutTheAuthorizationHeaderThenRefusesNamingIdentitySource() {
    assertThatThrownBy(
            () ->
                ResultCaching.fromEnvironment(
                    env(
                        "IDENTITY_SOURCE",
                        "method.request.header.X-Tenant",
                        "AUTHORIZER_RESULT_TTL_SECONDS",
                        "300"),
                    Api.REST))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("IDENTITY_SOURCE:")
        .hasMessageContaining("method.request.header.Authorization");
    assertThatThrownBy(
            () ->
                ResultCaching.fromEnvironment(
                    env("IDENTITY_SOURCE", "$context.routeKey"), Api.HTTP))
        .hasMessageStartingWith("IDENTITY_SOURCE:");
  }

  @Test
  void fromEnvironmentWhenKeyedByTheAuthorizationHeaderAndMoreThenAccepted() {
    ResultCaching rest =
        ResultCaching.fromEnvironment(
            env(
                "IDENTITY_SOURCE",
                "method.request.header.X-Tenant, method.request.header.authorization,stageVariables.tier",
                "AUTHORIZER_RESULT_TTL_SECONDS",
                "300"),
            Api.REST);
    ResultCaching http =
        ResultCaching.fromEnvironment(
            env("IDENTITY_SOURCE", "$request.header.Authorization,$context.routeKey"), Api.HTTP);

    assertThat(rest.identitySources().expressions()).hasSize(3);
    assertThat(http.identitySources().includeAuthorizationHeader()).isTrue();
  }

  @Test
  void fromEnvironmentWhenCachingOffThenAnyIdentitySourcesAreFine() {
    assertThatCode(
            () ->
                ResultCaching.fromEnvironment(
                    env(
                        "IDENTITY_SOURCE",
                        "method.request.header.X-Tenant",
                        "AUTHORIZER_RESULT_TTL_SECONDS",
                        "0"),
                    Api.REST))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$request.header.Authorization",
        "method.request.header.",
        "method.request.header.A b",
        "method.request.body.x",
        "header.Authorization",
        "method.request.header.Authorization,"
      })
  void fromEnvironmentWhenRestIdentitySourceMisspelledThenRefusesWithoutQuotingIt(String sources) {
    assertThatThrownBy(
            () -> ResultCaching.fromEnvironment(env("IDENTITY_SOURCE", sources), Api.REST))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("IDENTITY_SOURCE:");
    assertThatThrownBy(
            () ->
                ResultCaching.fromEnvironment(
                    env("IDENTITY_SOURCE", "method.request.header.s3cr3t!"), Api.REST))
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void requireOffOrRouteBlindWhenCachedWithRulesOrDefaultDenyThenRefusesNamingTheTtl() {
    ResultCaching cached =
        ResultCaching.fromEnvironment(env("AUTHORIZER_RESULT_TTL_SECONDS", "300"), Api.HTTP);
    ResultCaching unset = ResultCaching.fromEnvironment(env(), Api.HTTP);

    assertThatThrownBy(() -> cached.requireOffOrRouteBlind(RULES))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("AUTHORIZER_RESULT_TTL_SECONDS:");
    assertThatThrownBy(() -> unset.requireOffOrRouteBlind(RULES))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(
            () ->
                cached.requireOffOrRouteBlind(
                    RouteRules.parse("").denyingByDefault(RouteRules.parseOpenRoutes("GET /mock"))))
        .isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void requireOffOrRouteBlindWhenCachingOffOrNoRulesThenAccepted() {
    ResultCaching off =
        ResultCaching.fromEnvironment(env("AUTHORIZER_RESULT_TTL_SECONDS", "0"), Api.HTTP);
    ResultCaching cached =
        ResultCaching.fromEnvironment(env("AUTHORIZER_RESULT_TTL_SECONDS", "300"), Api.HTTP);

    assertThatCode(() -> off.requireOffOrRouteBlind(RULES)).doesNotThrowAnyException();
    assertThatCode(() -> cached.requireOffOrRouteBlind(RouteRules.none()))
        .doesNotThrowAnyException();
  }
}
