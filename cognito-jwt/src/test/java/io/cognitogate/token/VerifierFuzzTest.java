package io.cognitogate.token;

import static io.cognitogate.token.TestTokens.b64;

import com.auth0.jwk.Jwk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Throws over a million mutated and random Authorization header values at the verifier: every one
 * must end in a {@link TokenRejectedException}, never another exception, never an accepted token.
 * Each jqwik try derives {@value #PER_TRY} candidates from its seed (a failure names seed and
 * index).
 */
class VerifierFuzzTest {
  static final int TRIES = 10_000;
  static final int PER_TRY = 100;
  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static final String[] SCHEMES = {
    "Bearer ", "bearer ", "", "BEARER  ", " Bearer ", "Basic ", "Bearer\t", "Token "
  };
  static final String[] ALGS = {
    "RS256", "RS256", "RS256", "none", "HS256", "RS512", "PS256", "ES256", "rs256", ""
  };
  static final String[] KIDS = {
    BadTokens.KID, BadTokens.KID, BadTokens.KID, "enc-key", "ec-key", "rs512-key", "x", ""
  };

  static final BadTokens FIXTURE = new BadTokens();
  static final CognitoTokenVerifier VERIFIER;
  static final List<String> VALID = new ArrayList<>();
  static final List<String> FORGED = new ArrayList<>();

  static final AtomicLong TOTAL = new AtomicLong();
  static final AtomicLong SAME_BYTES = new AtomicLong();
  static final Map<Reason, AtomicLong> REASONS = new EnumMap<>(Reason.class);

  static {
    MutableClock clock = new MutableClock(TestTokens.NOW);
    JwksKeySource keys =
        new JwksKeySource(
            () -> FIXTURE.jwks().stream().map(Jwk::fromValues).toList(),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    keys.refresh();
    VERIFIER =
        new CognitoTokenVerifier(
            new VerifierConfig(
                TestTokens.ISSUER,
                TokenUse.ACCESS,
                Set.of(TestTokens.CLIENT_ID),
                Duration.ofSeconds(5)),
            keys,
            clock);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 16; i++) {
      VALID.add(
          TestTokens.sign(
              TestTokens.header(BadTokens.KID),
              TestTokens.with(TestTokens.accessClaims(), "jti", "valid-" + i),
              FIXTURE.signing.getPrivate()));
      // well-formed, plausible claims, our kid, the attacker's key: these reach the signature check
      FORGED.add(
          TestTokens.sign(
              randomHeader(random, true),
              randomClaims(random, true),
              FIXTURE.attacker.getPrivate()));
    }
    for (String token : VALID) {
      VERIFIER.verify(
          token); // the fixture itself must be sound, or every rejection below means nothing
    }
    for (Reason reason : Reason.values()) {
      REASONS.put(reason, new AtomicLong());
    }
  }

  @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
  void verifyWhenHeaderIsMutatedOrRandomThenAlwaysRejectsAsUnauthorized(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < PER_TRY; i++) {
      String candidate = candidate(random);
      try {
        VERIFIER.verify(candidate);
        if (!sameSignedBytes(candidate)) {
          throw new AssertionError("accepted a mutated token: seed " + seed + ", index " + i);
        }
        SAME_BYTES
            .incrementAndGet(); // another base64url spelling of a valid token (java-jwt's decoder
        // is lenient)
      } catch (TokenRejectedException expected) {
        REASONS.get(expected.reason()).incrementAndGet();
      } catch (RuntimeException | StackOverflowError other) {
        throw new AssertionError(
            "not a rejection (" + other + "): seed " + seed + ", index " + i, other);
      }
      TOTAL.incrementAndGet();
    }
  }

  @AfterContainer
  static void atLeastAMillionAndManyReachedTheSignature() {
    System.out.println(
        "fuzz: "
            + TOTAL.get()
            + " candidates, "
            + SAME_BYTES.get()
            + " respellings of valid tokens accepted, reasons "
            + REASONS);
    if (TOTAL.get() < (long) TRIES * PER_TRY) {
      throw new AssertionError("only " + TOTAL.get() + " candidates ran");
    }
    // the candidates must not all die in the cheap shape checks
    if (REASONS.get(Reason.BAD_SIGNATURE).get() < 50_000
        || REASONS.get(Reason.MALFORMED_TOKEN).get() < 10_000) {
      throw new AssertionError("fuzz mix too shallow: " + REASONS);
    }
  }

  /**
   * True if the candidate decodes to exactly the header, payload and signature bytes of one valid
   * token.
   */
  static boolean sameSignedBytes(String candidate) {
    String[] parts = BearerToken.parse(candidate).jwt().split("\\.", -1);
    for (String valid : VALID) {
      String[] v = valid.split("\\.");
      boolean same = parts.length == 3;
      for (int k = 0; same && k < 3; k++) {
        same =
            java.util.Arrays.equals(
                java.util.Base64.getUrlDecoder().decode(parts[k]),
                java.util.Base64.getUrlDecoder().decode(v[k]));
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  static String candidate(SplittableRandom random) {
    while (true) {
      String token = raw(random);
      if (VALID.stream().noneMatch(token::contains)) {
        return token; // a candidate that still holds a valid token unchanged is no mutation
      }
    }
  }

  private static String raw(SplittableRandom r) {
    int kind = r.nextInt(100);
    String valid = VALID.get(r.nextInt(VALID.size()));
    String[] parts = valid.split("\\.");
    String scheme = r.nextInt(4) == 0 ? SCHEMES[r.nextInt(SCHEMES.length)] : "Bearer ";
    if (kind < 30) {
      return scheme + mutate(r, valid, 1 + r.nextInt(3));
    }
    if (kind < 42) {
      // segments of different tokens recombined, reordered or repeated
      String other = VALID.get(r.nextInt(VALID.size()));
      String[] o = other.split("\\.");
      return scheme
          + switch (r.nextInt(5)) {
            case 0 -> parts[0] + "." + o[1] + "." + parts[2];
            case 1 -> parts[1] + "." + parts[0] + "." + parts[2];
            case 2 -> parts[0] + "." + parts[1] + "." + parts[1];
            case 3 -> parts[2] + "." + parts[1] + "." + parts[0];
            default -> parts[0] + "." + parts[0] + "." + parts[2];
          };
    }
    if (kind < 56) {
      return scheme + b64(Json.write(randomHeader(r, false))) + "." + parts[1] + "." + parts[2];
    }
    if (kind < 72) {
      return scheme + parts[0] + "." + b64(Json.write(randomClaims(r, false))) + "." + parts[2];
    }
    if (kind < 84) {
      String forged = FORGED.get(r.nextInt(FORGED.size()));
      return scheme + (r.nextBoolean() ? forged : mutate(r, forged, 1));
    }
    if (kind < 96) {
      return scheme + randomText(r, r.nextInt(400));
    }
    return scheme + randomText(r, 7000 + r.nextInt(2500));
  }

  private static String mutate(SplittableRandom r, String token, int times) {
    StringBuilder s = new StringBuilder(token);
    for (int i = 0; i < times && s.length() > 1; i++) {
      int at = r.nextInt(s.length());
      switch (r.nextInt(5)) {
        case 0, 1 -> {
          char was = s.charAt(at);
          char now;
          do {
            now = randomChar(r);
          } while (now == was);
          s.setCharAt(at, now);
        }
        case 2 -> s.insert(at, randomChar(r));
        case 3 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(3)));
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }

  private static char randomChar(SplittableRandom r) {
    int pick = r.nextInt(100);
    if (pick < 85) {
      return ALPHABET.charAt(r.nextInt(ALPHABET.length()));
    }
    if (pick < 92) {
      return '.';
    }
    if (pick < 98) {
      return (char) r.nextInt(0x80);
    }
    return (char) r.nextInt(0x10000);
  }

  private static String randomText(SplittableRandom r, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(randomChar(r));
    }
    return s.toString();
  }

  static Map<String, Object> randomHeader(SplittableRandom r, boolean plausible) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (plausible || r.nextInt(8) > 0) {
      header.put(
          "kid",
          plausible
              ? BadTokens.KID
              : r.nextInt(6) == 0 ? randomValue(r) : KIDS[r.nextInt(KIDS.length)]);
    }
    if (plausible || r.nextInt(8) > 0) {
      header.put(
          "alg",
          plausible ? "RS256" : r.nextInt(6) == 0 ? randomValue(r) : ALGS[r.nextInt(ALGS.length)]);
    }
    if (r.nextInt(4) == 0) {
      header.put(r.nextBoolean() ? "typ" : "crit", randomValue(r));
    }
    return header;
  }

  static Map<String, Object> randomClaims(SplittableRandom r, boolean plausible) {
    Map<String, Object> claims = new LinkedHashMap<>(TestTokens.accessClaims());
    int edits = 1 + r.nextInt(4);
    String[] names = {
      "iss",
      "exp",
      "nbf",
      "iat",
      "token_use",
      "client_id",
      "sub",
      "cognito:groups",
      "scope",
      "aud",
      "username",
      "jti"
    };
    for (int i = 0; i < edits; i++) {
      String name = names[r.nextInt(names.length)];
      int how = r.nextInt(plausible ? 2 : 4);
      if (how == 0) {
        claims.remove(name);
      } else if (how == 1) {
        claims.put(name, plausibleValue(r, name));
      } else {
        claims.put(name, randomValue(r));
      }
    }
    if (!plausible && r.nextInt(10) == 0) {
      claims.clear();
    }
    return claims;
  }

  private static Object plausibleValue(SplittableRandom r, String name) {
    return switch (name) {
      case "exp", "nbf", "iat" -> TestTokens.NOW_S + r.nextInt(-7200, 7200);
      case "iss" -> r.nextBoolean() ? TestTokens.ISSUER : TestTokens.ISSUER + "x";
      case "token_use" -> r.nextBoolean() ? "access" : "id";
      case "client_id", "aud" ->
          r.nextBoolean() ? TestTokens.CLIENT_ID : TestTokens.OTHER_CLIENT_ID;
      case "cognito:groups" -> List.of("admins");
      default -> "v" + r.nextInt(1000);
    };
  }

  private static Object randomValue(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> r.nextLong();
      case 3 -> r.nextDouble() * 1e12;
      case 4 ->
          new Json.RawJson(
              new String[] {"1e400", "-0", "1.5e9", "99999999999999999999999", "-1", "0.0"}
                  [r.nextInt(6)]);
      case 5 -> List.of(randomText(r, r.nextInt(10)), r.nextInt());
      case 6 -> Map.of("k", randomText(r, r.nextInt(10)));
      case 7 -> randomText(r, r.nextInt(20));
      case 8 -> "";
      default -> new Json.RawJson("{\"a\":[[[[{}]]]]}");
    };
  }
}
