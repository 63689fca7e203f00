package io.cognitogate.cold;

import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.JwkProviderBuilder;
import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.config.AuthorizerConfig;
import io.cognitogate.token.JwksFetcher;
import io.cognitogate.token.JwksKeySource;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cold-start price of the JWKS cache, one choice per JVM: jwks-rsa's {@code JwkProviderBuilder} (a Guava
 * cache in front of a rate limiter in front of UrlJwkProvider; Guava must be on the class path) against
 * the project's {@link JwksKeySource} (an immutable map with aws-jwt-verify's refetch rules over {@link
 * JwksFetcher}). Jackson, java-jwt's decoding and the configuration are set up first for both, so the
 * phases hold only what differs.
 *   java -cp authorizer.jar[:guava.jar:failureaccess.jar]:classes io.cognitogate.cold.JwksCacheCost guava|map <ColdStart's arguments>
 * Prints to stderr {@code jwks-cache <choice> common=ms/classes build=ms/classes firstKey=ms/classes}:
 * build is the provider or key source built, firstKey the first key by kid (JWKS fetched over HTTP,
 * parsed, the RSA key built).
 */
public final class JwksCacheCost {
  private JwksCacheCost() {
  }

  public static void main(String[] args) throws Exception {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    String choice = args[0];
    String[] coldArgs = new String[args.length - 1];
    System.arraycopy(args, 1, coldArgs, 0, coldArgs.length);
    long c0 = classes.getTotalLoadedClassCount();
    long t0 = System.nanoTime();

    AuthorizerConfig config = AuthorizerConfig.fromEnvironment(ColdStart.environment(coldArgs));
    String kid = JWT.decode(ColdStart.token(coldArgs)).getKeyId();
    Map<?, ?> warm = new ObjectMapper().readerFor(Map.class).readValue("{\"keys\":[]}");
    long c1 = classes.getTotalLoadedClassCount();
    long t1 = System.nanoTime();

    PublicKey key;
    long c2;
    long t2;
    int connect = Math.toIntExact(config.connectTimeout().toMillis());
    int read = Math.toIntExact(config.readTimeout().toMillis());
    if (choice.equals("guava")) {
      // the builder's defaults spelled out: 5 keys for 10 minutes, 10 fetches a minute
      JwkProvider provider = new JwkProviderBuilder(config.jwksUrl()).timeouts(connect, read)
          .cached(5, 10, TimeUnit.MINUTES).rateLimited(10, 1, TimeUnit.MINUTES).build();
      c2 = classes.getTotalLoadedClassCount();
      t2 = System.nanoTime();
      key = provider.get(kid).getPublicKey();
    } else if (choice.equals("map")) {
      JwksKeySource keys = new JwksKeySource(new JwksFetcher(config.jwksUrl(), config.connectTimeout(),
          config.readTimeout()), Clock.systemUTC(), config.refetchInterval(), config.keyLifetime());
      c2 = classes.getTotalLoadedClassCount();
      t2 = System.nanoTime();
      keys.refresh();
      key = keys.keyFor(kid);
    } else {
      throw new IllegalArgumentException("guava or map");
    }
    long c3 = classes.getTotalLoadedClassCount();
    long t3 = System.nanoTime();
    if (key == null || !warm.containsKey("keys")) {
      throw new IllegalStateException("no key");
    }
    System.out.println("key " + key.getAlgorithm());
    System.err.println("jwks-cache " + choice + " common=" + ms(t1 - t0) + "/" + (c1 - c0) + " build=" + ms(t2 - t1)
        + "/" + (c2 - c1) + " firstKey=" + ms(t3 - t2) + "/" + (c3 - c2));
  }

  private static double ms(long nanos) {
    return nanos / 10_000 / 100.0;
  }
}
