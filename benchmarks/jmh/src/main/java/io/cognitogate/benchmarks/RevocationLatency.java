package io.cognitogate.benchmarks;

import io.cognitogate.revocation.DynamoDbRevocationStore;
import io.cognitogate.revocation.Marker;
import io.cognitogate.revocation.Markers;
import io.cognitogate.revocation.RevocationConfig;
import io.cognitogate.revocation.RevocationGuard;
import io.cognitogate.revocation.RevocationTable;
import io.cognitogate.revocation.TokenRef;
import io.cognitogate.testkit.Dynalite;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * A measurement, not a test: what revocation adds to one authorization, against dynalite on
 * loopback. Run it in a fresh JVM (the first lines are cold-start numbers):
 *
 * <pre>
 * mvn -B -Pbenchmarks -pl benchmarks/jmh -am package -DskipTests
 * java -Daws.accessKeyId=local -Daws.secretAccessKey=local \
 *   -cp benchmarks/jmh/target/benchmarks.jar io.cognitogate.benchmarks.RevocationLatency [iterations]
 * </pre>
 */
public final class RevocationLatency {
  private static final String TABLE = "bench-revocations";

  private RevocationLatency() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    long jvmStart = System.nanoTime();
    try (Dynalite dynalite = Dynalite.start()) {
      long dynaliteReady = System.nanoTime();
      // created over plain HTTP: no SDK class may load before the cold measurement below
      createTableOverHttp(dynalite.endpoint());
      RevocationConfig config =
          RevocationConfig.fromEnvironment(
                  Map.of(
                      "REVOCATION_TABLE",
                      TABLE,
                      "AWS_REGION",
                      "us-east-1",
                      "DYNAMODB_ENDPOINT",
                      dynalite.endpoint(),
                      "AWS_ACCESS_KEY_ID",
                      "local",
                      "AWS_SECRET_ACCESS_KEY",
                      "local"))
              .orElseThrow();
      Clock clock = Clock.systemUTC();
      long now = clock.millis() / 1000;

      // cold: client build + first Query in this JVM (what an unprimed restore pays, minus TLS)
      long t0 = System.nanoTime();
      DynamoDbRevocationStore store = DynamoDbRevocationStore.create(config, clock);
      long built = System.nanoTime();
      store.markersFor("cold-subject");
      long firstQuery = System.nanoTime();
      store.markersFor("cold-subject-2");
      long secondQuery = System.nanoTime();
      System.out.printf(
          "cold: client build %.1f ms, first Query %.1f ms (build + first = %.1f ms), second Query %.2f ms%n",
          ms(built - t0),
          ms(firstQuery - built),
          ms(firstQuery - t0),
          ms(secondQuery - firstQuery));
      System.out.printf(
          "(dynalite start %.0f ms, not part of the cost)%n", ms(dynaliteReady - jvmStart));

      // one subject with one marker of each kind (the common worst case), one without any
      store.put(Marker.user("bench-sub", now - 10_000, now + 3900));
      store.put(new Marker("bench-sub", Marker.Kind.FAMILY, "fam-1", now, now + 3900));
      store.put(new Marker("bench-sub", Marker.Kind.TOKEN, "jti-1", now, now + 3900));
      TokenRef token = new TokenRef("bench-sub", "jti-2", "fam-2", now - 60, now + 3600);

      for (String subject : new String[] {"bench-sub", "nobody"}) {
        for (int i = 0; i < 500; i++) {
          store.markersFor(subject);
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
          long start = System.nanoTime();
          Markers markers = store.markersFor(subject);
          if (markers.revokes(token)) {
            throw new IllegalStateException("the benchmark token must not be revoked");
          }
          nanos[i] = System.nanoTime() - start;
        }
        report(
            "Query + decision, sub with " + (subject.equals("nobody") ? "no markers" : "3 markers"),
            nanos);
      }

      // the guard as the authorizer uses it: no cache (every check reads) vs the 5 s "not revoked"
      // cache
      for (Duration cacheTime : new Duration[] {Duration.ZERO, Duration.ofSeconds(5)}) {
        RevocationGuard guard =
            new RevocationGuard(store, RevocationConfig.FailureMode.CLOSED, cacheTime, clock);
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
          long start = System.nanoTime();
          if (guard.check(token) != RevocationGuard.Verdict.NOT_REVOKED) {
            throw new IllegalStateException("unexpected verdict");
          }
          nanos[i] = System.nanoTime() - start;
        }
        report("RevocationGuard.check, REVOCATION_CACHE_SECONDS=" + cacheTime.toSeconds(), nanos);
      }

      // read units per authorization, as the emulator reports them (DynamoDB's rule: 0.5 per 4 KB,
      // eventually consistent)
      try (DynamoDbClient admin = RevocationTable.client(dynalite.endpoint())) {
        for (String subject : new String[] {"bench-sub", "nobody"}) {
          var response =
              admin.query(
                  r ->
                      r.tableName(TABLE)
                          .keyConditionExpression("#p = :s")
                          .projectionExpression("sk, signedOutAt, expiresAt")
                          .expressionAttributeNames(Map.of("#p", "sub"))
                          .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(subject)))
                          .consistentRead(false)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
          System.out.printf(
              "consumed capacity for %s: %s read units (%d items)%n",
              subject,
              response.consumedCapacity() == null
                  ? "not reported"
                  : response.consumedCapacity().capacityUnits(),
              response.count());
        }
      }
    }
  }

  private static void createTableOverHttp(String endpoint) {
    String body =
        "{\"TableName\":\""
            + TABLE
            + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
            + "\"AttributeDefinitions\":[{\"AttributeName\":\"sub\",\"AttributeType\":\"S\"},"
            + "{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"}],"
            + "\"KeySchema\":[{\"AttributeName\":\"sub\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}]}";
    try {
      java.net.HttpURLConnection connection =
          (java.net.HttpURLConnection) java.net.URI.create(endpoint).toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
      connection.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.CreateTable");
      connection.setRequestProperty("X-Amz-Date", "20260101T000000Z");
      connection.setRequestProperty(
          "Authorization",
          "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/"
              + "aws4_request, SignedHeaders=host, Signature=0");
      connection.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (connection.getResponseCode() != 200) {
        throw new IllegalStateException("CreateTable answered " + connection.getResponseCode());
      }
      connection.getInputStream().readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: n=%d p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        what,
        sorted.length,
        ms(sorted[sorted.length / 2]),
        ms(sorted[(int) (sorted.length * 0.90)]),
        ms(sorted[(int) (sorted.length * 0.99)]),
        ms(sorted[sorted.length - 1]));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
