package io.cognitogate.token;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a Cognito JWT in a fixed order: shape ({@link BearerToken}), header, {@code alg},
 * key by {@code kid}, RS256 signature, then the claims. The payload is parsed only once the
 * signature holds, so forged tokens cost no JSON work. Every failure is a
 * {@link TokenRejectedException} (the caller's fault) except {@link JwksUnavailableException} (ours).
 * Thread-safe; build once per container.
 */
public final class CognitoTokenVerifier {
  private static final String RS256 = "RS256";
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
  /** The last decoded header, by its exact bytes: all tokens signed by one key share it byte for byte. */
  private record LastHeader(byte[] segment, JwtHeader header) {
  }

  private volatile LastHeader lastHeader = new LastHeader(new byte[0], null);
  private final VerifierConfig config;
  private final KeySource keys;
  private final Clock clock;
  private final long leewaySeconds;

  public CognitoTokenVerifier(VerifierConfig config, KeySource keys, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.leewaySeconds = config.leeway().toSeconds();
  }

  /** Verifies an Authorization header value ({@code Bearer <jwt>} or a bare JWT). */
  public VerifiedToken verify(String authorizationHeader) {
    return verify(BearerToken.parse(authorizationHeader));
  }

  public VerifiedToken verify(BearerToken token) {
    try {
      return verifyParsed(token);
    } catch (RuntimeException e) {
      // the alphabet was left to the decoders: a malformed token is reported as such, whatever failed first
      token.checkShape();
      throw e;
    }
  }

  private VerifiedToken verifyParsed(BearerToken token) {
    byte[] ascii = token.ascii();
    int start = token.start();
    int firstDot = token.firstDot();
    int secondDot = token.secondDot();
    int end = token.end();

    JwtHeader header = header(ascii, start, firstDot);
    if (!RS256.equals(header.alg())) {
      throw new TokenRejectedException(Reason.UNSUPPORTED_ALGORITHM, "alg");
    }
    if (header.critical()) {
      throw new TokenRejectedException(Reason.UNSUPPORTED_CRITICAL_HEADER, "crit");
    }
    String kid = header.kid();
    if (kid == null || kid.isEmpty()) {
      throw new TokenRejectedException(Reason.MISSING_KID, "kid");
    }
    VerificationKey key = keys.keyFor(kid);
    if (key.jwkAlg() != null && !key.jwkAlg().equals(header.alg())) {
      throw new TokenRejectedException(Reason.ALGORITHM_MISMATCH, "alg").with(kid, null);
    }
    if (!signatureHolds(key, ascii, start, secondDot, end)) {
      throw new TokenRejectedException(Reason.BAD_SIGNATURE).with(kid, null);
    }

    JwtClaims claims;
    try {
      claims = JwtReader.claims(ascii, firstDot + 1, secondDot);
    } catch (TokenRejectedException e) {
      throw e.with(kid, null);
    }
    try {
      return checkClaims(claims, kid);
    } catch (TokenRejectedException e) {
      // the signature holds, so sub (if a string) is the pool's word and may be logged
      throw e.with(kid, claims.sub instanceof String sub ? sub : null);
    }
  }

  private VerifiedToken checkClaims(JwtClaims claims, String kid) {
    long now = Math.floorDiv(clock.millis(), 1000L);
    TokenUse use = config.tokenUse();
    ClaimChecks.issuer(claims, config.issuer());
    long exp = ClaimChecks.notExpired(claims, now, leewaySeconds);
    ClaimChecks.notBefore(claims, now, leewaySeconds);
    ClaimChecks.issuedInPast(claims, now, leewaySeconds);
    ClaimChecks.tokenUse(claims, use);
    String clientId = ClaimChecks.client(claims, use, config.allowedClientIds());
    String username = ClaimChecks.optionalString(use == TokenUse.ID ? claims.cognitoUsername : claims.username,
        use.usernameClaim());
    String scope = ClaimChecks.optionalString(claims.scope, "scope");
    List<String> groups = ClaimChecks.optionalStrings(claims.groups, "cognito:groups");
    String subject = ClaimChecks.subject(claims);
    String jti = ClaimChecks.optionalString(claims.jti, "jti");
    String originJti = ClaimChecks.optionalString(claims.originJti, "origin_jti");
    long authTime = ClaimChecks.optionalNumericDate(claims.authTime, "auth_time");
    return new VerifiedToken(subject, username, clientId, use, scope, groups, exp, kid, jti, originJti, authTime);
  }

  private JwtHeader header(byte[] ascii, int from, int to) {
    LastHeader last = lastHeader;
    if (Arrays.equals(last.segment(), 0, last.segment().length, ascii, from, to)) {
      return last.header(); // same bytes, same parse: skips base64 and JSON for the common case
    }
    JwtHeader header = JwtReader.header(ascii, from, to);
    lastHeader = new LastHeader(Arrays.copyOfRange(ascii, from, to), header);
    return header;
  }

  /** RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over the bytes before the second dot. */
  private static boolean signatureHolds(VerificationKey key, byte[] ascii, int start, int secondDot, int end) {
    ByteBuffer decoded;
    try {
      decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, secondDot + 1, end - secondDot - 1));
    } catch (IllegalArgumentException e) {
      return false; // BearerToken already admits only canonical base64url; never echo the decoder's message
    }
    return Rs256.verify(key, ascii, start, secondDot - start, decoded.array(), decoded.arrayOffset() + decoded.position(),
        decoded.remaining());
  }
}
