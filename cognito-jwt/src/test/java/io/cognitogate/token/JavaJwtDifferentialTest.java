package io.cognitogate.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwk.Jwk;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * java-jwt (com.auth0:java-jwt, the library the seed tutorial used) as an oracle: configured with the
 * same RS256 keys (kid lookup over the same usable JWKS entries), the same issuer, token_use, client
 * id, leeway and clock, it must accept exactly the tokens our verifier accepts. Only where the two are
 * meant to agree: cases where we are stricter on purpose are excluded below, each with its reason.
 */
class JavaJwtDifferentialTest {
  static final BadTokens TOKENS = new BadTokens();

  /** Case name -> why java-jwt is expected to disagree (we reject, it accepts). */
  static final Map<String, String> STRICTER_ON_PURPOSE = Map.ofEntries(
      // canonical base64url only (one token text per signature); java-jwt's decoder is lenient
      Map.entry("non-canonical last signature char", "canonical base64url"),
      // RFC 7515 section 2: base64url "with all trailing '=' characters omitted"; java-jwt's decoder takes padding
      Map.entry("padding ending the payload, the signature over it valid", "unpadded base64url"),
      // RFC 7515 4.1.11: a crit header we do not understand must fail; java-jwt ignores crit
      Map.entry("crit header, signed", "crit"),
      // a repeated member would let two parsers read different claims; Jackson keeps the last one
      Map.entry("duplicate exp claim, signed", "duplicate claims"),
      Map.entry("duplicate origin_jti claim, signed", "duplicate claims"),
      Map.entry("kid twice in the header, signed", "duplicate header members"),
      // we type-check claims we read but java-jwt is not asked about (groups, scope, jti, ...)
      Map.entry("groups a string", "claim types"),
      Map.entry("groups with a number", "claim types"),
      Map.entry("scope an array", "claim types"),
      Map.entry("jti a number", "claim types"),
      Map.entry("origin_jti an object", "claim types"),
      Map.entry("auth_time a string", "claim types"),
      // strict JSON: nothing after the claims object; Jackson (java-jwt) stops reading after it
      Map.entry("data after the payload object, signed", "trailing data"),
      // exp must be a number: java-jwt counts a JSON null as present, then skips the expiry check
      Map.entry("exp null", "exp required as a number"),
      // a bound on the header value (8 KB) before any decoding
      Map.entry("token over 8 KB", "size bound"));

  /** Authorization-header cases (scheme, whitespace, absence): not JWT verification, java-jwt sees only a token. */
  static final Set<String> HEADER_LEVEL = Set.of("missing header", "empty header", "blank header", "Bearer alone",
      "Bearer and a space", "Basic credentials", "other scheme with a valid token", "tab as separator");

  final MutableClock clock = new MutableClock(TestTokens.NOW);

  CognitoTokenVerifier ours() {
    JwksKeySource keys = new JwksKeySource(() -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(), clock,
        Duration.ofSeconds(10));
    keys.refresh();
    return new CognitoTokenVerifier(new VerifierConfig(TestTokens.ISSUER, TokenUse.ACCESS, Set.of(TestTokens.CLIENT_ID),
        Duration.ofSeconds(5)), keys, clock);
  }

  /** java-jwt with the same checks: RS256 by kid over the usable keys, iss, exp required, token_use, client_id, sub, leeway 5 s. */
  JWTVerifier oracle() {
    Map<String, VerificationKey> usable = JwksKeySource.usableKeys(TOKENS.jwks().stream().map(Jwk::fromValues).toList());
    RSAKeyProvider keys = new RSAKeyProvider() {
      @Override
      public RSAPublicKey getPublicKeyById(String kid) {
        VerificationKey key = kid == null ? null : usable.get(kid);
        return key == null ? null : TestKeys.publicKey(key);
      }

      @Override
      public RSAPrivateKey getPrivateKey() {
        return null;
      }

      @Override
      public String getPrivateKeyId() {
        return null;
      }
    };
    return ((JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(keys))
        .withIssuer(TestTokens.ISSUER)
        .withClaimPresence("exp")
        .withClaim("token_use", "access")
        .withClaim("client_id", TestTokens.CLIENT_ID)
        .withClaim("sub", (claim, jwt) -> claim.asString() != null && !claim.asString().isEmpty())
        .acceptLeeway(5))
        .build(clock);
  }

  /** The token java-jwt is given: the header value without the Bearer scheme. */
  static String bare(String header) {
    String value = header.trim();
    if (value.regionMatches(true, 0, "bearer ", 0, 7)) {
      value = value.substring(7).trim();
    }
    return value;
  }

  static boolean accepts(Runnable verification) {
    try {
      verification.run();
      return true;
    } catch (TokenRejectedException | JWTVerificationException e) {
      return false;
    }
  }

  @Test
  void verifyWhenGivenTheTokenCorpusThenAcceptsExactlyWhatJavaJwtAccepts() {
    CognitoTokenVerifier ours = ours();
    JWTVerifier oracle = oracle();
    List<BadTokens.Case> corpus = new ArrayList<>(TOKENS.accepted());
    corpus.addAll(TOKENS.rejected());
    corpus.addAll(variants());

    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (BadTokens.Case c : corpus) {
      if (HEADER_LEVEL.contains(c.name()) || STRICTER_ON_PURPOSE.containsKey(c.name())) {
        continue;
      }
      compared++;
      boolean ourVerdict = accepts(() -> ours.verify(c.header()));
      boolean theirVerdict = accepts(() -> oracle.verify(bare(c.header())));
      if (ourVerdict != theirVerdict) {
        disagreements.add(c.name() + ": ours " + ourVerdict + ", java-jwt " + theirVerdict);
      }
    }

    assertThat(disagreements).isEmpty();
    assertThat(compared).isGreaterThan(60);
  }

  @Test
  void verifyWhenStricterOnPurposeThenWeRejectWhatJavaJwtAccepts() {
    CognitoTokenVerifier ours = ours();
    JWTVerifier oracle = oracle();
    Map<String, BadTokens.Case> byName = TOKENS.rejected().stream().collect(Collectors.toMap(BadTokens.Case::name, c -> c));

    for (String name : STRICTER_ON_PURPOSE.keySet()) {
      BadTokens.Case c = byName.get(name);
      assertThat(c).as("case '%s' still in the table", name).isNotNull();
      assertThat(accepts(() -> ours.verify(c.header()))).as(name).isFalse();
      assertThat(accepts(() -> oracle.verify(bare(c.header())))).as("java-jwt accepts '%s' (%s)", name,
          STRICTER_ON_PURPOSE.get(name)).isTrue();
    }
  }

  /** More tokens around the clock and claim boundaries, minted like the table's. */
  static List<BadTokens.Case> variants() {
    List<BadTokens.Case> extra = new ArrayList<>();
    long now = TestTokens.NOW_S;
    for (long exp : new long[] {now - 6, now - 5, now - 4, now, now + 1, now + 86_400}) {
      extra.add(signed("exp " + (exp - now), TestTokens.with(TestTokens.accessClaims(), "exp", exp)));
    }
    for (long nbf : new long[] {now - 100, now + 4, now + 5, now + 6, now + 600}) {
      extra.add(signed("nbf " + (nbf - now), TestTokens.with(TestTokens.accessClaims(), "nbf", nbf)));
    }
    for (long iat : new long[] {now - 100, now + 5, now + 6}) {
      extra.add(signed("iat " + (iat - now), TestTokens.with(TestTokens.accessClaims(), "iat", iat)));
    }
    for (String iss : new String[] {TestTokens.ISSUER, TestTokens.ISSUER.toUpperCase(), TestTokens.ISSUER + " ", "http"
        + TestTokens.ISSUER.substring(5)}) {
      extra.add(signed("iss '" + iss + "'", TestTokens.with(TestTokens.accessClaims(), "iss", iss)));
    }
    for (String use : new String[] {"access", "Access", "id", ""}) {
      extra.add(signed("token_use '" + use + "'", TestTokens.with(TestTokens.accessClaims(), "token_use", use)));
    }
    extra.add(signed("client_id of another app", TestTokens.with(TestTokens.accessClaims(), "client_id", "x"
        + TestTokens.CLIENT_ID)));
    return extra;
  }

  private static BadTokens.Case signed(String name, Map<String, Object> claims) {
    return new BadTokens.Case(name, "Bearer " + TestTokens.sign(TestTokens.header(BadTokens.KID), claims,
        TOKENS.signing.getPrivate()), null);
  }
}
