package io.cognitogate.token;

import static io.cognitogate.token.TestTokens.accessClaims;
import static io.cognitogate.token.TestTokens.header;
import static io.cognitogate.token.TestTokens.idClaims;
import static io.cognitogate.token.TestTokens.sign;
import static io.cognitogate.token.TestTokens.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwk.Jwk;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CognitoTokenVerifierTest {
  static final BadTokens TOKENS = new BadTokens();
  static final MutableClock CLOCK = new MutableClock(TestTokens.NOW);

  static JwksKeySource keys() {
    JwksKeySource keys =
        new JwksKeySource(
            () -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(),
            CLOCK,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    keys.refresh();
    return keys;
  }

  static CognitoTokenVerifier verifier(TokenUse use) {
    return new CognitoTokenVerifier(
        new VerifierConfig(
            TestTokens.ISSUER, use, Set.of(TestTokens.CLIENT_ID), Duration.ofSeconds(5)),
        keys(),
        CLOCK);
  }

  static final CognitoTokenVerifier ACCESS = verifier(TokenUse.ACCESS);

  static Stream<BadTokens.Case> rejected() {
    return TOKENS.rejected().stream();
  }

  static Stream<BadTokens.Case> accepted() {
    return TOKENS.accepted().stream();
  }

  @Test
  void catalogueHasAtLeastThirtyBadInputs() {
    assertThat(TOKENS.rejected()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void verifyWhenTokenIsBadThenRejectsWithItsReason(BadTokens.Case bad) {
    TokenRejectedException e =
        catchThrowableOfType(TokenRejectedException.class, () -> ACCESS.verify(bad.header()));
    assertThat(e).as(bad.name()).isNotNull();
    assertThat(e.reason()).as(bad.name()).isEqualTo(bad.reason());
    if (bad.header() != null && bad.header().length() > 20) {
      assertThat(e.getMessage()).doesNotContain(bad.header().substring(7, 20));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void verifyWhenTokenIsGoodThenAccepts(BadTokens.Case good) {
    assertThat(ACCESS.verify(good.header()).subject()).isEqualTo(TestTokens.SUB);
  }

  @Test
  void verifyWhenValidAccessTokenThenReturnsItsClaims() {
    VerifiedToken token = ACCESS.verify("Bearer " + TOKENS.valid());

    assertThat(token.subject()).isEqualTo(TestTokens.SUB);
    assertThat(token.username()).isEqualTo(TestTokens.USERNAME);
    assertThat(token.clientId()).isEqualTo(TestTokens.CLIENT_ID);
    assertThat(token.tokenUse()).isEqualTo(TokenUse.ACCESS);
    assertThat(token.scope()).isEqualTo("openid profile admin/write");
    assertThat(token.groups()).containsExactly("admins", "users");
    assertThat(token.expiresAt()).isEqualTo(TestTokens.NOW_S + 3600);
    assertThat(token.kid()).isEqualTo(BadTokens.KID);
    assertThat(token.hasScope("admin/write")).isTrue();
    assertThat(token.hasScope("admin")).isFalse();
    assertThat(token.inGroup("admins")).isTrue();
    assertThat(token.jti()).isEqualTo("9b8a7c6d-5e4f-3a2b-1c0d-aabbccddeeff");
    assertThat(token.originJti()).isEqualTo("6a1d4c0e-1111-2222-3333-444455556666");
    assertThat(token.authTime()).isEqualTo(TestTokens.NOW_S - 60);
    assertThat(token.hasAuthTime()).isTrue();
  }

  @Test
  void verifyWhenRevocationClaimsAbsentThenEmptyAndNoAuthTime() {
    String token =
        sign(
            header(BadTokens.KID),
            with(with(with(accessClaims(), "jti", null), "origin_jti", null), "auth_time", null),
            TOKENS.signing.getPrivate());

    VerifiedToken verified = ACCESS.verify(token);

    assertThat(verified.jti()).isEmpty();
    assertThat(verified.originJti()).isEmpty();
    assertThat(verified.authTime()).isEqualTo(VerifiedToken.NO_AUTH_TIME);
    assertThat(verified.hasAuthTime()).isFalse();
  }

  @Test
  void verifyWhenAuthTimeIsFractionalThenTruncatedToSeconds() {
    String token =
        sign(
            header(BadTokens.KID),
            with(accessClaims(), "auth_time", TestTokens.NOW_S - 60 + 0.75),
            TOKENS.signing.getPrivate());

    assertThat(ACCESS.verify(token).authTime()).isEqualTo(TestTokens.NOW_S - 60);
  }

  @Test
  void verifyWhenIdTokenAndIdUseConfiguredThenAcceptsWithAudAsClient() {
    VerifiedToken token = verifier(TokenUse.ID).verify(TOKENS.validId());

    assertThat(token.username()).isEqualTo(TestTokens.USERNAME);
    assertThat(token.clientId()).isEqualTo(TestTokens.CLIENT_ID);
    assertThat(token.tokenUse()).isEqualTo(TokenUse.ID);
    assertThat(token.scope()).isEmpty();
  }

  @Test
  void verifyWhenIdTokenAudienceIsAnArrayWithAnAllowedClientThenAccepts() {
    String token =
        sign(
            header(BadTokens.KID),
            with(idClaims(), "aud", List.of("other", TestTokens.CLIENT_ID)),
            TOKENS.signing.getPrivate());
    assertThat(verifier(TokenUse.ID).verify(token).clientId()).isEqualTo(TestTokens.CLIENT_ID);
  }

  @Test
  void verifyWhenIdTokenForForeignAudienceThenRejectsAsClientNotAllowed() {
    String token =
        sign(
            header(BadTokens.KID),
            with(idClaims(), "aud", TestTokens.OTHER_CLIENT_ID),
            TOKENS.signing.getPrivate());
    assertThatThrownBy(() -> verifier(TokenUse.ID).verify(token))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CLIENT_NOT_ALLOWED));
  }

  @Test
  void verifyWhenAccessTokenButIdRequiredThenRejectsAsWrongTokenUse() {
    assertThatThrownBy(() -> verifier(TokenUse.ID).verify(TOKENS.valid()))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TOKEN_USE));
  }

  @Test
  void verifyWhenRejectedAfterTheSignatureThenExceptionNamesSubAndKid() {
    String expired =
        sign(
            header(BadTokens.KID),
            with(accessClaims(), "exp", TestTokens.NOW_S - 600),
            TOKENS.signing.getPrivate());
    TokenRejectedException e =
        catchThrowableOfType(TokenRejectedException.class, () -> ACCESS.verify(expired));
    assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(e.subject()).isEqualTo(TestTokens.SUB);
    assertThat(e.kid()).isEqualTo(BadTokens.KID);
  }

  @Test
  void verifyWhenSignatureIsForgedThenExceptionNamesNoSubject() {
    String forged = sign(header(BadTokens.KID), accessClaims(), TOKENS.attacker.getPrivate());
    TokenRejectedException e =
        catchThrowableOfType(TokenRejectedException.class, () -> ACCESS.verify(forged));
    assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(e.subject()).isNull();
  }

  @Test
  void verifyWhenClockPassesExpiryThenTheSameTokenIsRejected() {
    MutableClock clock = new MutableClock(TestTokens.NOW);
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(
                TestTokens.ISSUER,
                TokenUse.ACCESS,
                Set.of(TestTokens.CLIENT_ID),
                Duration.ofSeconds(5)),
            keys(),
            clock);
    String token = TOKENS.valid();
    clock.set(TestTokens.NOW.plusSeconds(3600 + 4).plusMillis(999));
    assertThat(verifier.verify(token).subject()).isEqualTo(TestTokens.SUB);
    clock.set(TestTokens.NOW.plusSeconds(3600 + 5));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
  }

  /** A verifier whose key source has no key set at all (the JWKS endpoint down since start). */
  private static CognitoTokenVerifier verifierWithKeySourceDown() {
    KeySource down =
        kid -> {
          throw new JwksUnavailableException("down");
        };
    return new CognitoTokenVerifier(
        new VerifierConfig(
            TestTokens.ISSUER,
            TokenUse.ACCESS,
            Set.of(TestTokens.CLIENT_ID),
            Duration.ofSeconds(5)),
        down,
        CLOCK);
  }

  @Test
  void verifyWhenKeySourceHasNoKeysThenFailsAsOursNotTheCallers() {
    CognitoTokenVerifier verifier = verifierWithKeySourceDown();
    assertThatThrownBy(() -> verifier.verify(TOKENS.valid()))
        .isInstanceOf(JwksUnavailableException.class);
  }

  @Test
  void verifyWhenTokenIsMalformedAndKeySourceIsDownThenRejectsAsMalformedNotAsOurs() {
    CognitoTokenVerifier verifier = verifierWithKeySourceDown();
    String[] parts = TOKENS.valid().split("\\.");
    // the whole token is decoded before any key is asked for
    String badPayload =
        "Bearer "
            + parts[0]
            + "."
            + parts[1].substring(0, 10)
            + "*"
            + parts[1].substring(11)
            + "."
            + parts[2];
    TokenRejectedException e =
        catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(badPayload));
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_TOKEN);
  }

  @Test
  void bearerTokenWhenPrintedThenRedactsTheToken() {
    String token = TOKENS.valid();
    assertThat(BearerToken.parse("Bearer " + token).toString())
        .doesNotContain(token.substring(0, 16));
    assertThat(BearerToken.parse("Bearer " + token).jwt()).isEqualTo(token);
  }
}
