package io.cognitogate.token;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;

/**
 * Where a pool's tokens come from and where its keys are: the issuer is {@code
 * https://cognito-idp.<region>.amazonaws.com/<poolId>} unless {@code ISSUER_URL} is set, the JWKS
 * is {@code <issuer>/.well-known/jwks.json} unless {@code JWKS_URL} is set. One place for the
 * authorizer and the logout function, so both trust the same keys under the same rules.
 */
public record JwksLocation(String issuer, URL jwksUrl) {

  public static JwksLocation fromEnvironment(
      Map<String, String> env, String poolId, String region) {
    String issuer = Environment.optional(env, "ISSUER_URL");
    if (issuer == null) {
      issuer = "https://cognito-idp." + region + ".amazonaws.com/" + poolId;
    } else {
      httpUrl("ISSUER_URL", issuer); // compared with iss exactly as given
    }
    String jwksText = Environment.optional(env, "JWKS_URL");
    if (jwksText != null) {
      return new JwksLocation(issuer, httpUrl("JWKS_URL", jwksText));
    }
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URL derived = httpUrl("ISSUER_URL", base + "/.well-known/jwks.json");
    if (!"https".equals(derived.getProtocol())) {
      // a derived http:// key URL would silently trust anything on the path: opt in explicitly
      throw new InvalidConfigException(
          "JWKS_URL", "must be set explicitly when the issuer is not https://");
    }
    return new JwksLocation(issuer, derived);
  }

  private static URL httpUrl(String name, String text) {
    try {
      URI uri = new URI(text);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null) {
        throw new InvalidConfigException(
            name, "must be an http(s) URL with a host and no user info");
      }
      return uri.toURL();
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      if (e instanceof InvalidConfigException ice) {
        throw ice;
      }
      throw new InvalidConfigException(name, "is not a valid URL");
    }
  }
}
