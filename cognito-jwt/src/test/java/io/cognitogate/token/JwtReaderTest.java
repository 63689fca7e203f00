package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header and claims reader on JsonScanner: what it reads, and the strict JSON it refuses. */
class JwtReaderTest {

  @Test
  void claimsWhenWellFormedThenReadsTheClaimsWeUseAndSkipsTheRest() {
    JwtClaims claims = claims("{\"sub\":\"a\u00e9\\ud83d\\ude00\",\"exp\":1795690800,\"nbf\":1.7956908E9,"
        + "\"iat\":1795690800.9,\"aud\":[\"x\",\"y\"],\"cognito:groups\":[\"g\"],\"other\":{\"deep\":[1,{\"k\":null}]},"
        + "\"scope\":null,\"client_id\":7,\"auth_time\":99999999999999999999}");
    assertThat(claims.sub).isEqualTo("a\u00e9\ud83d\ude00");
    assertThat(claims.exp).isEqualTo(1_795_690_800L);
    assertThat(claims.nbf).isEqualTo(1_795_690_800L);
    assertThat(claims.iat).isEqualTo(1_795_690_800L); // a fraction is truncated, as java-jwt does
    assertThat(claims.aud).isEqualTo(List.of("x", "y"));
    assertThat(claims.groups).isEqualTo(List.of("g"));
    assertThat(claims.scope).isNull();
    assertThat(claims.clientId).isSameAs(JwtClaims.INVALID);
    assertThat(claims.authTime).isSameAs(JwtClaims.INVALID); // beyond a long
  }

  @Test
  void claimsWhenMemberNameIsEscapedThenReadAsTheClaimItSpells() {
    JwtClaims claims = claims("{\"\\u0073ub\":\"s\",\"client\\u005fid\":\"c\",\"s\\u00e9ub\":\"x\",\"jti\\u0000\":\"j\"}");
    assertThat(claims.sub).isEqualTo("s");
    assertThat(claims.clientId).isEqualTo("c");
    assertThat(claims.jti).isNull(); // "jti\u0000" is another member
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "\ufeff{\"sub\":\"a\"}",                  // BOM
      "{\"sub\":\"\\ud800\"}",                  // lone surrogate in a claim we read
      "{\"x\":[\"\\udc00\"]}",                  // lone surrogate in a claim we skip
      "{\"sub\":\"a\u0001\"}",                  // raw control character
      "{\"exp\":01}",                           // leading zero
      "{\"exp\":1.}",
      "{\"exp\":-}",
      "{\"sub\":\"a\"} ,",                      // trailing data
      "{\"sub\":\"a\",\"sub\":\"b\"}",          // a claim we read, twice
      "{\"sub\":\"a\",\"\\u0073ub\":\"b\"}",     // twice, once with an escaped name
      "{\"iss\":\"a\",\"i\\u0073s\":\"b\"}",     // twice, the escape inside the name
      "{\"sub\":\"a\",}",
      "{'sub':'a'}",
      "[]",
      ""})
  void claimsWhenNotStrictJsonThenUndecodable(String json) {
    assertThatThrownBy(() -> claims(json)).isInstanceOf(TokenRejectedException.class)
        .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Reason.UNDECODABLE);
  }

  @Test
  void claimsWhenMalformedUtf8ThenUndecodable() {
    byte[] overlong = {'{', '"', 's', 'u', 'b', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    byte[] surrogate = {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    for (byte[] json : List.of(overlong, surrogate)) {
      assertThatThrownBy(() -> claims(json)).isInstanceOf(TokenRejectedException.class);
    }
  }

  @Test
  void headerWhenMembersOfWrongTypeThenAbsentOrUndecodable() {
    assertThat(header("{\"alg\":1,\"kid\":null}").alg()).isNull();
    assertThat(header("{\"alg\":\"RS256\",\"kid\":\"k\",\"crit\":[\"b64\"]}").critical()).isTrue();
    assertThatThrownBy(() -> header("{\"alg\":{\"x\":1},\"kid\":\"k\"}")).isInstanceOf(TokenRejectedException.class);
    assertThatThrownBy(() -> header("{\"alg\":[\"RS256\"]}")).isInstanceOf(TokenRejectedException.class);
    assertThatThrownBy(() -> header("{\"alg\":\"RS256\",\"alg\":\"RS256\"}")).isInstanceOf(TokenRejectedException.class);
  }

  private static JwtClaims claims(String json) {
    return claims(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JwtClaims claims(byte[] json) {
    byte[] ascii = ("x" + Base64.getUrlEncoder().withoutPadding().encodeToString(json) + "y").getBytes(StandardCharsets.US_ASCII);
    return JwtReader.claims(ascii, 1, ascii.length - 1);
  }

  private static JwtHeader header(String json) {
    byte[] ascii = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.US_ASCII);
    return JwtReader.header(ascii, 0, ascii.length);
  }
}
