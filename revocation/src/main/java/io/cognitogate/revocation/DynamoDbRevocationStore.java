package io.cognitogate.revocation;

import io.cognitogate.token.JsonScanner;
import io.cognitogate.token.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Markers in a DynamoDB table (partition key {@code sub}, sort key {@code sk}, TTL attribute
 * {@code expiresAt}). Reading is one eventually consistent {@code Query} on {@code sub} projecting
 * {@code sk, signedOutAt, expiresAt}: an empty or small partition costs 0.5 read units. Writing is one
 * {@code PutItem}. Spoken over {@link DynamoDbHttp} rather than the AWS SDK: the SDK's DynamoDB client
 * was 4,100 classes and 7.3 MB of the authorizer's jar for these two calls.
 */
public final class DynamoDbRevocationStore implements RevocationStore {
  static final String SUB = "sub";
  static final String SK = "sk";
  static final String SIGNED_OUT_AT = "signedOutAt";
  static final String EXPIRES_AT = "expiresAt";
  /** A partition holds markers of at most a few hours (plus DynamoDB's lazy deletion): more pages is an anomaly. */
  static final int MAX_PAGES = 4;
  /** Primes code and a connection before a SnapStart snapshot; no real sub can look like this. */
  static final String PRIME_SUBJECT = "#prime";

  private final DynamoDbHttp dynamoDb;
  private final AwsCredentialsSource credentials;
  private final String table;
  private final Clock clock;

  public DynamoDbRevocationStore(RevocationConfig config, AwsCredentialsSource credentials, Clock clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.table = config.table();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.dynamoDb = new DynamoDbHttp(config.endpoint().orElseGet(() -> DynamoDbHttp.endpointOf(config.region())),
        config.region(), credentials, config.attemptTimeout(), config.callTimeout(), clock);
  }

  /** The production store: the credentials Lambda gives the function (see {@link AwsCredentialsSource}). */
  public static DynamoDbRevocationStore create(RevocationConfig config, Clock clock) {
    return new DynamoDbRevocationStore(config, config.credentials(), clock);
  }

  @Override
  public Markers markersFor(String subject) {
    List<Marker> markers = new ArrayList<>(4);
    Map<String, Scalar> start = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Page response = parseQuery(dynamoDb.call("Query", queryRequest(subject, start)));
      for (Map<String, Scalar> item : response.items) {
        Marker marker = marker(subject, item);
        if (marker != null) {
          markers.add(marker);
        }
      }
      if (response.lastKey == null || response.lastKey.isEmpty()) {
        return Markers.of(markers, Math.floorDiv(clock.millis(), 1000L));
      }
      start = response.lastKey;
    }
    throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, "more than " + MAX_PAGES + " pages");
  }

  @Override
  public void put(Marker marker) {
    StringBuilder json = new StringBuilder(256).append("{\"TableName\":");
    JsonText.quote(json, table).append(",\"Item\":{");
    attribute(json, SUB, "S", marker.subject()).append(',');
    attribute(json, SK, "S", marker.sortKey()).append(',');
    attribute(json, SIGNED_OUT_AT, "N", Long.toString(marker.signedOutAt())).append(',');
    attribute(json, EXPIRES_AT, "N", Long.toString(marker.expiresAt())).append('}');
    if (marker.kind() == Marker.Kind.USER) {
      // two global sign-outs racing: the later signedOutAt wins
      json.append(",\"ConditionExpression\":\"attribute_not_exists(#o) OR #o <= :o\"")
          .append(",\"ExpressionAttributeNames\":{\"#o\":\"").append(SIGNED_OUT_AT).append("\"}")
          .append(",\"ExpressionAttributeValues\":{");
      attribute(json, ":o", "N", Long.toString(marker.signedOutAt())).append('}');
    }
    json.append('}');
    try {
      dynamoDb.call("PutItem", json.toString().getBytes(StandardCharsets.UTF_8));
    } catch (DynamoDbHttp.ConditionFailed e) {
      // a later global sign-out is already stored: this one is covered by it
    }
  }

  /** One Query for a subject that cannot exist: loads the code, fetches credentials, opens a connection. Never throws. */
  @Override
  public void prime() {
    try {
      markersFor(PRIME_SUBJECT);
    } catch (RuntimeException e) {
      // priming is an optimisation; the first real call pays instead
    }
  }

  @Override
  public void forgetCredentials() {
    credentials.forget();
  }

  byte[] queryRequest(String subject, Map<String, Scalar> exclusiveStartKey) {
    StringBuilder json = new StringBuilder(320).append("{\"TableName\":");
    JsonText.quote(json, table)
        // "sub" is not reserved, but a name placeholder keeps the expressions uniform
        .append(",\"KeyConditionExpression\":\"#p = :s\",\"ProjectionExpression\":\"#k, #o, #e\"")
        .append(",\"ExpressionAttributeNames\":{\"#p\":\"").append(SUB).append("\",\"#k\":\"").append(SK)
        .append("\",\"#o\":\"").append(SIGNED_OUT_AT).append("\",\"#e\":\"").append(EXPIRES_AT).append("\"}")
        .append(",\"ExpressionAttributeValues\":{");
    attribute(json, ":s", "S", subject).append("},\"ConsistentRead\":false");
    if (exclusiveStartKey != null) {
      json.append(",\"ExclusiveStartKey\":{");
      boolean first = true;
      for (Map.Entry<String, Scalar> key : exclusiveStartKey.entrySet()) {
        if (!first) {
          json.append(',');
        }
        first = false;
        attribute(json, key.getKey(), key.getValue().type, key.getValue().text);
      }
      json.append('}');
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A scalar attribute value ({@code S} or {@code N}); other types are not ours and read as absent. */
  record Scalar(String type, String text) {
  }

  private record Page(List<Map<String, Scalar>> items, Map<String, Scalar> lastKey) {
  }

  /** {@code {"Items":[item...],"LastEvaluatedKey":item,...}}; Count and the like are skipped. */
  static Page parseQuery(byte[] body) {
    try {
      JsonScanner scanner = new JsonScanner(body);
      expect(scanner.next(), JsonScanner.START_OBJECT);
      List<Map<String, Scalar>> items = List.of();
      Map<String, Scalar> lastKey = null;
      for (int t = scanner.next(); t == JsonScanner.NAME; t = scanner.next()) {
        String name = scanner.text();
        int value = scanner.next();
        if (name.equals("Items") && value == JsonScanner.START_ARRAY) {
          items = new ArrayList<>();
          for (int v = scanner.next(); v != JsonScanner.END_ARRAY; v = scanner.next()) {
            expect(v, JsonScanner.START_OBJECT);
            items.add(item(scanner));
          }
        } else if (name.equals("LastEvaluatedKey") && value == JsonScanner.START_OBJECT) {
          lastKey = item(scanner);
        } else {
          scanner.skipChildren(value);
        }
      }
      expect(scanner.next(), JsonScanner.END);
      return new Page(items, lastKey);
    } catch (IOException e) {
      throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, "Query response is not DynamoDB JSON");
    }
  }

  /** Standing after an item's START_OBJECT: {@code {"name":{"S":"..."},...}} up to its END_OBJECT. */
  private static Map<String, Scalar> item(JsonScanner scanner) throws IOException {
    Map<String, Scalar> item = new HashMap<>(8);
    for (int t = scanner.next(); t == JsonScanner.NAME; t = scanner.next()) {
      String name = scanner.text();
      expect(scanner.next(), JsonScanner.START_OBJECT);
      Scalar scalar = null;
      for (int u = scanner.next(); u == JsonScanner.NAME; u = scanner.next()) {
        String type = scanner.text();
        int value = scanner.next();
        if (value == JsonScanner.STRING && (type.equals("S") || type.equals("N"))) {
          scalar = new Scalar(type, scanner.text());
        } else {
          scanner.skipChildren(value);
        }
      }
      if (scalar != null) {
        item.put(name, scalar);
      }
    }
    return item;
  }

  private static void expect(int token, int expected) throws IOException {
    if (token != expected) {
      throw new IOException("unexpected JSON token " + token);
    }
  }

  private static Marker marker(String subject, Map<String, Scalar> item) {
    Scalar sk = item.get(SK);
    Scalar expiresAt = item.get(EXPIRES_AT);
    if (sk == null || !sk.type.equals("S") || expiresAt == null || !expiresAt.type.equals("N")) {
      return null;
    }
    Scalar signedOutAt = item.get(SIGNED_OUT_AT);
    try {
      long expires = Long.parseLong(expiresAt.text);
      // a marker without its time (not written by us) counts as a sign-out just before it expires: fail closed
      long at = signedOutAt == null || !signedOutAt.type.equals("N") ? expires - 1 : Long.parseLong(signedOutAt.text);
      return at < expires ? Marker.fromItem(subject, sk.text, at, expires) : null;
    } catch (NumberFormatException e) {
      // a number DynamoDB accepts but long cannot hold (e.g. a fraction): not one of ours
      return null;
    }
  }

  private static StringBuilder attribute(StringBuilder json, String name, String type, String value) {
    JsonText.quote(json, name).append(":{\"").append(type).append("\":");
    return JsonText.quote(json, value).append('}');
  }
}
