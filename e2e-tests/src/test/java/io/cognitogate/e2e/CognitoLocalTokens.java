package io.cognitogate.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Tokens signed with cognito-local's own key, which it publishes in its npm package: valid
 * signatures with whatever claims a test needs, as anyone could mint them against an emulator.
 */
final class CognitoLocalTokens {

  static final String KEY_FILE = "node_modules/cognito-local/lib/keys/cognitoLocal.private.json";

  private final Algorithm algorithm;
  private final String issuer;
  private final String clientId;

  CognitoLocalTokens(Path repositoryRoot, String issuer, String clientId)
      throws IOException, GeneralSecurityException {
    JsonNode jwk = LocalStack.JSON.readTree(repositoryRoot.resolve(KEY_FILE).toFile()).get("jwk");
    RSAPrivateCrtKeySpec spec =
        new RSAPrivateCrtKeySpec(
            number(jwk, "n"),
            number(jwk, "e"),
            number(jwk, "d"),
            number(jwk, "p"),
            number(jwk, "q"),
            number(jwk, "dp"),
            number(jwk, "dq"),
            number(jwk, "qi"));
    RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
    this.algorithm = Algorithm.RSA256(null, key);
    this.issuer = issuer;
    this.clientId = clientId;
  }

  /** An access token as cognito-local issues it; callers then break one thing. */
  JWTCreator.Builder access(String sub) {
    Instant now = Instant.now();
    return JWT.create()
        .withKeyId("CognitoLocal")
        .withIssuer(issuer)
        .withSubject(sub)
        .withClaim("client_id", clientId)
        .withClaim("token_use", "access")
        .withClaim("scope", "aws.cognito.signin.user.admin")
        .withClaim("username", "demo")
        .withJWTId(UUID.randomUUID().toString())
        .withIssuedAt(now)
        .withClaim("auth_time", now.getEpochSecond())
        .withExpiresAt(now.plusSeconds(3600));
  }

  String sign(JWTCreator.Builder token) {
    return token.sign(algorithm);
  }

  private static BigInteger number(JsonNode jwk, String field) {
    return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get(field).asText()));
  }
}
