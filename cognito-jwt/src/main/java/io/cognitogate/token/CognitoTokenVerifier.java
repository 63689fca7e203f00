package io.cognitogate.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import com.auth0.jwt.interfaces.Verification;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Verifies a Cognito JWT with java-jwt, in a fixed order:
 *
 * <ol>
 *   <li>the Authorization value ({@link BearerToken}: size, scheme);
 *   <li>decoding ({@link JWT#decode}): three base64url segments of JSON;
 *   <li>no {@code crit} header parameter;
 *   <li>{@code alg} is RS256 (java-jwt's algorithm check: none, HS256 and RS512 never reach a key);
 *   <li>the key by {@code kid} ({@link KeySource}) and the RS256 signature (java-jwt, through JCA);
 *   <li>the claims, as java-jwt runs them in this order: {@code iss} exact, {@code exp} present,
 *       {@code token_use}, the app client ({@code client_id} of access tokens, {@code aud} of id
 *       tokens) in the allowed set, {@code sub} a non-empty string, then the times {@code exp},
 *       {@code nbf}, {@code iat} with the leeway;
 *   <li>the types of the claims we hand on ({@link VerifiedToken}).
 * </ol>
 *
 * A rejected value that holds a control character is reported as {@link Reason#ILLEGAL_CHARACTERS}
 * whatever check failed first. Every failure is a {@link TokenRejectedException} carrying a {@link
 * Reason} (the caller's fault), except {@link JwksUnavailableException} (ours). Thread-safe; build
 * once per container.
 */
public final class CognitoTokenVerifier {
  private final JWTVerifier verifier;
  private final TokenUse tokenUse;
  private final Set<String> allowedClients;

  public CognitoTokenVerifier(VerifierConfig config, KeySource keys, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(keys, "keys");
    this.tokenUse = config.tokenUse();
    this.allowedClients = Set.copyOf(config.allowedClientIds());
    Verification rules =
        JWT.require(Algorithm.RSA256(new KeyProvider(keys)))
            .withIssuer(config.issuer())
            .withClaimPresence("exp")
            .withClaim("token_use", tokenUse.claimValue())
            .withClaim(tokenUse.clientClaim(), new AllowedClient(tokenUse, allowedClients))
            .withClaim("sub", new NonEmptyString())
            .acceptLeeway(config.leeway().toSeconds());
    // JWT.require's builder takes the clock only through its concrete type
    this.verifier = ((JWTVerifier.BaseVerification) rules).build(clock);
  }

  /** Verifies an Authorization header value ({@code Bearer <jwt>} or a bare JWT). */
  public VerifiedToken verify(String authorizationHeader) {
    try {
      return verify(BearerToken.parse(authorizationHeader));
    } catch (TokenRejectedException e) {
      if (e.reason() != Reason.TOKEN_TOO_LARGE
          && authorizationHeader != null
          && BearerToken.hasControlCharacters(authorizationHeader)) {
        throw new TokenRejectedException(Reason.ILLEGAL_CHARACTERS);
      }
      throw e;
    }
  }

  public VerifiedToken verify(BearerToken token) {
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token.jwt());
    } catch (JWTDecodeException e) {
      throw new TokenRejectedException(Reason.MALFORMED_TOKEN);
    }
    if (!jwt.getHeaderClaim("crit").isMissing()) {
      throw new TokenRejectedException(Reason.UNSUPPORTED_CRITICAL_HEADER, "crit");
    }
    String kid = jwt.getKeyId();
    try {
      verifier.verify(jwt);
    } catch (TokenRejectedException e) {
      throw e; // from the key source: MISSING_KID or UNKNOWN_KID
    } catch (SignatureVerificationException e) {
      throw new TokenRejectedException(Reason.BAD_SIGNATURE).with(kid, null);
    } catch (JWTVerificationException e) {
      // the signature holds: sub, when a string, is the pool's word and may be logged
      throw rejection(e).with(kid, jwt.getSubject());
    }
    try {
      return claims(jwt, kid);
    } catch (TokenRejectedException e) {
      throw e.with(kid, jwt.getSubject());
    }
  }

  /** java-jwt's verdict as our reason (by exception type and claim name, never by message text). */
  private TokenRejectedException rejection(JWTVerificationException e) {
    if (e instanceof AlgorithmMismatchException) {
      return new TokenRejectedException(Reason.UNSUPPORTED_ALGORITHM, "alg");
    }
    if (e instanceof TokenExpiredException) {
      return new TokenRejectedException(Reason.EXPIRED, "exp");
    }
    if (e instanceof MissingClaimException missing) {
      String claim = missing.getClaimName();
      return new TokenRejectedException(
          switch (claim) {
            case "iss" -> Reason.WRONG_ISSUER;
            case "exp" -> Reason.MISSING_EXPIRY;
            case "token_use" -> Reason.MISSING_TOKEN_USE;
            case "sub" -> Reason.MISSING_SUBJECT;
            default -> Reason.CLIENT_NOT_ALLOWED; // client_id or aud
          },
          claim);
    }
    if (e instanceof IncorrectClaimException incorrect) {
      String claim = incorrect.getClaimName();
      return new TokenRejectedException(
          switch (claim) {
            case "iss" -> Reason.WRONG_ISSUER;
            case "nbf" -> Reason.NOT_YET_VALID;
            case "iat" -> Reason.ISSUED_IN_FUTURE;
            case "token_use" -> Reason.WRONG_TOKEN_USE;
            case "sub" ->
                incorrect.getClaimValue() != null && incorrect.getClaimValue().asString() == null
                    ? Reason.INVALID_CLAIM_TYPE
                    : Reason.MISSING_SUBJECT;
            default -> Reason.CLIENT_NOT_ALLOWED;
          },
          claim);
    }
    // a verification failure java-jwt may add later: still the caller's token, still a 401
    return new TokenRejectedException(Reason.MALFORMED_TOKEN);
  }

  /** The claims callers use, each of its documented type or absent. */
  private VerifiedToken claims(DecodedJWT jwt, String kid) {
    java.time.Instant exp = jwt.getExpiresAtAsInstant();
    if (exp == null) {
      // withClaimPresence("exp") lets an explicit null through
      throw new TokenRejectedException(Reason.INVALID_CLAIM_TYPE, "exp");
    }
    String clientId =
        tokenUse == TokenUse.ID ? allowedAudience(jwt) : jwt.getClaim("client_id").asString();
    return new VerifiedToken(
        jwt.getSubject(),
        optionalString(jwt, tokenUse.usernameClaim()),
        clientId,
        tokenUse,
        optionalString(jwt, "scope"),
        optionalStrings(jwt, "cognito:groups"),
        exp.getEpochSecond(),
        kid,
        optionalString(jwt, "jti"),
        optionalString(jwt, "origin_jti"),
        optionalNumericDate(jwt, "auth_time"));
  }

  /**
   * The first of the token's audiences that is an allowed client (the claim check made sure there
   * is one).
   */
  private String allowedAudience(DecodedJWT jwt) {
    for (String aud : jwt.getAudience()) {
      if (allowedClients.contains(aud)) {
        return aud;
      }
    }
    throw new TokenRejectedException(Reason.CLIENT_NOT_ALLOWED, "aud");
  }

  private static String optionalString(DecodedJWT jwt, String name) {
    Claim claim = jwt.getClaim(name);
    if (claim.isMissing() || claim.isNull()) {
      return "";
    }
    String value = claim.asString();
    if (value == null) {
      throw new TokenRejectedException(Reason.INVALID_CLAIM_TYPE, name);
    }
    return value;
  }

  private static List<String> optionalStrings(DecodedJWT jwt, String name) {
    Claim claim = jwt.getClaim(name);
    if (claim.isMissing() || claim.isNull()) {
      return List.of();
    }
    List<Object> values;
    try {
      values = claim.asList(Object.class);
    } catch (JWTDecodeException e) {
      values = null;
    }
    if (values == null || !values.stream().allMatch(String.class::isInstance)) {
      throw new TokenRejectedException(Reason.INVALID_CLAIM_TYPE, name);
    }
    return values.stream().map(String.class::cast).toList();
  }

  private static long optionalNumericDate(DecodedJWT jwt, String name) {
    Claim claim = jwt.getClaim(name);
    if (claim.isMissing() || claim.isNull()) {
      return VerifiedToken.NO_AUTH_TIME;
    }
    Long seconds = claim.asLong();
    if (seconds == null) {
      throw new TokenRejectedException(Reason.INVALID_CLAIM_TYPE, name);
    }
    return seconds;
  }

  /**
   * The app client claim names one of the allowed clients ({@code aud} may be a list: any one will
   * do).
   */
  private static final class AllowedClient implements BiPredicate<Claim, DecodedJWT> {
    private final TokenUse use;
    private final Set<String> allowed;

    AllowedClient(TokenUse use, Set<String> allowed) {
      this.use = use;
      this.allowed = allowed;
    }

    @Override
    public boolean test(Claim claim, DecodedJWT jwt) {
      if (use == TokenUse.ID) {
        for (String aud : jwt.getAudience()) {
          if (allowed.contains(aud)) {
            return true;
          }
        }
        return false;
      }
      String client = claim.asString();
      return client != null && allowed.contains(client);
    }
  }

  private static final class NonEmptyString implements BiPredicate<Claim, DecodedJWT> {
    @Override
    public boolean test(Claim claim, DecodedJWT jwt) {
      String value = claim.asString();
      return value != null && !value.isEmpty();
    }
  }

  /**
   * java-jwt asks for keys by kid; ours come from the {@link KeySource}, whose rejections pass
   * through.
   */
  private static final class KeyProvider implements RSAKeyProvider {
    private final KeySource keys;

    KeyProvider(KeySource keys) {
      this.keys = keys;
    }

    @Override
    public RSAPublicKey getPublicKeyById(String kid) {
      return keys.keyFor(kid);
    }

    @Override
    public RSAPrivateKey getPrivateKey() {
      return null; // verification only
    }

    @Override
    public String getPrivateKeyId() {
      return null;
    }
  }
}
