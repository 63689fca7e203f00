package io.cognitogate.authorizer.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.authorizer.event.AuthorizationHeader.Problem;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationHeaderTest {
  static final String TOKEN = "Bearer aaa.bbb.ccc";

  @ParameterizedTest
  @ValueSource(strings = {"Authorization", "authorization", "AUTHORIZATION", "aUtHoRiZaTiOn"})
  void ofWhenNameInAnyLetterCaseThenFindsTheValue(String name) {
    AuthorizationHeader header =
        AuthorizationHeader.of(Map.of(name, TOKEN, "Accept", "application/json"));

    assertThat(header.value()).isEqualTo(TOKEN);
    assertThat(header.problem()).isNull();
  }

  @Test
  void ofWhenTwoSpellingsCarryDifferentValuesThenAmbiguousAndNoValue() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", TOKEN);
    headers.put("authorization", "Bearer xxx.yyy.zzz");

    AuthorizationHeader header = AuthorizationHeader.of(headers);

    assertThat(header.problem()).isEqualTo(Problem.AMBIGUOUS_AUTHORIZATION_HEADER);
    assertThat(header.value()).isNull();
  }

  @Test
  void ofWhenTwoSpellingsCarryTheSameValueThenThatValue() {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", TOKEN);
    headers.put("authorization", TOKEN);

    assertThat(AuthorizationHeader.of(headers).value()).isEqualTo(TOKEN);
  }

  @Test
  void ofWhenNoHeadersOrNoAuthorizationThenNoValueAndNoProblemSoTheVerifierSaysMissing() {
    assertThat(AuthorizationHeader.of(null).value()).isNull();
    assertThat(AuthorizationHeader.of(null).problem()).isNull();
    assertThat(AuthorizationHeader.of(Map.of("Authorization-Extra", TOKEN)).value()).isNull();
    assertThat(AuthorizationHeader.of(Map.of("X-Authorization", TOKEN)).problem()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "aaa.bbb.ccc",
        "Bearer\taaa.bbb.ccc",
        "Bearerx aaa.bbb.ccc",
        "Token aaa.bbb.ccc",
        "Bearer,aaa.bbb.ccc"
      })
  void ofWhenNotABearerCredentialThenUnsupportedSchemeBeforeAnyParsing(String value) {
    assertThat(AuthorizationHeader.of(Map.of("authorization", value)).problem())
        .isEqualTo(Problem.UNSUPPORTED_SCHEME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "   ", "Bearer", "bearer ", "BEARER aaa.bbb.ccc", "  Bearer   aaa.bbb.ccc  "})
  void ofWhenEmptyOrBearerSchemeThenGoesToTheVerifier(String value) {
    AuthorizationHeader header = AuthorizationHeader.of(Map.of("authorization", value));

    assertThat(header.problem()).isNull();
    assertThat(header.value()).isEqualTo(value);
  }

  @Test
  void toStringWhenValuePresentThenNeverShowsIt() {
    assertThat(AuthorizationHeader.of(Map.of("authorization", TOKEN)).toString())
        .doesNotContain("aaa");
  }
}
