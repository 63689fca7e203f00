package io.cognitogate.token;

import static io.cognitogate.token.TestTokens.accessClaims;
import static io.cognitogate.token.TestTokens.header;
import static io.cognitogate.token.TestTokens.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What java-jwt itself does on the cases our verifier depends on. If an upgrade changes one of
 * these, this test fails and the verifier's own checks (or their absence) must be looked at again.
 */
class JavaJwtBehaviourTest {
  static final BadTokens TOKENS = CognitoTokenVerifierTest.TOKENS;
  static final JWTVerifier PLAIN =
      JWT.require(Algorithm.RSA256((RSAPublicKey) TOKENS.signing.getPublic(), null))
          .acceptExpiresAt(Long.MAX_VALUE / 2_000)
          .build();
  static final CognitoTokenVerifier OURS = CognitoTokenVerifierTest.ACCESS;

  static String jwt(String header) {
    return BearerToken.parse(header).jwt();
  }

  @Test
  void algNoneWhenVerifiedAsRs256ThenJavaJwtRefusesBeforeAnyKey() {
    String[] parts = TOKENS.valid().split("\\.");
    String none =
        TestTokens.b64(Json.write(with(header(BadTokens.KID), "alg", "none")))
            + "."
            + parts[1]
            + ".";
    assertThatThrownBy(() -> PLAIN.verify(none)).isInstanceOf(AlgorithmMismatchException.class);
  }

  @Test
  void hs256KeyedWithThePublicKeyWhenVerifiedAsRs256ThenJavaJwtRefuses() {
    String confused =
        TestTokens.hs256(
            with(header(BadTokens.KID), "alg", "HS256"),
            accessClaims(),
            TOKENS.signing.getPublic().getEncoded());
    assertThatThrownBy(() -> PLAIN.verify(confused)).isInstanceOf(AlgorithmMismatchException.class);
  }

  @Test
  void critHeaderWhenVerifiedByJavaJwtAloneThenAcceptedSoOurVerifierRefusesItItself() {
    String crit =
        TestTokens.sign(
            with(header(BadTokens.KID), "crit", List.of("exp")),
            accessClaims(),
            TOKENS.signing.getPrivate());
    assertThat(PLAIN.verify(crit).getHeaderClaim("crit").asList(String.class))
        .containsExactly("exp");
    TokenRejectedException e =
        catchThrowableOfType(TokenRejectedException.class, () -> OURS.verify(crit));
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CRITICAL_HEADER);
  }

  @Test
  void expNullWhenRequiredByClaimPresenceThenJavaJwtLetsItThroughSoOurVerifierRefusesIt() {
    String token =
        TestTokens.sign(
            header(BadTokens.KID),
            with(accessClaims(), "exp", new Json.RawJson("null")),
            TOKENS.signing.getPrivate());
    JWTVerifier presence =
        JWT.require(Algorithm.RSA256((RSAPublicKey) TOKENS.signing.getPublic(), null))
            .withClaimPresence("exp")
            .build();
    assertThat(presence.verify(token).getExpiresAtAsInstant()).isNull();
    assertThat(
            catchThrowableOfType(TokenRejectedException.class, () -> OURS.verify(token)).reason())
        .isEqualTo(Reason.INVALID_CLAIM_TYPE);
  }

  @Test
  void expOfAnotherTypeWhenDecodedThenJavaJwtRefusesTheWholeToken() {
    String token =
        TestTokens.sign(
            header(BadTokens.KID),
            with(accessClaims(), "exp", "tomorrow"),
            TOKENS.signing.getPrivate());
    assertThatThrownBy(() -> JWT.decode(token)).isInstanceOf(JWTDecodeException.class);
  }

  @Test
  void duplicateClaimWhenDecodedThenTheLastOneWins() {
    String token =
        TestTokens.signRaw(
            Json.write(header(BadTokens.KID)),
            Json.write(accessClaims())
                .replace("\"origin_jti\":", "\"origin_jti\":\"first\",\"origin_jti\":"),
            TOKENS.signing.getPrivate());
    DecodedJWT decoded = JWT.decode(token);
    assertThat(decoded.getClaim("origin_jti").asString())
        .isEqualTo(accessClaims().get("origin_jti"));
  }

  static Stream<BadTokens.Case> lenient() {
    return TOKENS.lenient().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lenient")
  void lenientSpellingWhenSignedByThePoolOrTheSameBytesThenJavaJwtAndOurVerifierAccept(
      BadTokens.Case lenient) {
    assertThat(PLAIN.verify(jwt(lenient.header())).getSubject()).isEqualTo(TestTokens.SUB);
    assertThat(OURS.verify(lenient.header()).subject()).isEqualTo(TestTokens.SUB);
  }
}
