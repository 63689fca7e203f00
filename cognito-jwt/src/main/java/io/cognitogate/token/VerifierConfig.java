package io.cognitogate.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a token must satisfy: exact issuer, token use, allowed app clients, clock leeway. All
 * required (no insecure defaults).
 */
public record VerifierConfig(
    String issuer, TokenUse tokenUse, Set<String> allowedClientIds, Duration leeway) {
  public VerifierConfig {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(tokenUse, "tokenUse");
    allowedClientIds = Set.copyOf(allowedClientIds);
    Objects.requireNonNull(leeway, "leeway");
    if (issuer.isEmpty()) {
      throw new IllegalArgumentException("issuer must not be empty");
    }
    if (allowedClientIds.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed client id is required");
    }
    if (leeway.isNegative()) {
      throw new IllegalArgumentException("leeway must not be negative");
    }
  }
}
