package io.cognitogate.revocation;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Markers in a DynamoDB table (partition key {@code sub}, sort key {@code sk}, TTL attribute
 * {@code expiresAt}). Reading is one eventually consistent {@code Query} on {@code sub} projecting
 * {@code sk, signedOutAt, expiresAt}: an empty or small partition costs 0.5 read units. Writing is one
 * {@code PutItem}. Bounded: url-connection client with connect and socket timeouts of one attempt,
 * a per-attempt and an overall timeout, at most {@link RevocationConfig#MAX_ATTEMPTS} attempts.
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

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;

  public DynamoDbRevocationStore(DynamoDbClient client, String table, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The production store: credentials from the default chain (Lambda's role; SnapStart's container credentials). */
  public static DynamoDbRevocationStore create(RevocationConfig config, Clock clock) {
    return new DynamoDbRevocationStore(buildClient(config, DefaultCredentialsProvider.builder().build()),
        config.table(), clock);
  }

  public static DynamoDbClient buildClient(RevocationConfig config, AwsCredentialsProvider credentials) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(config.attemptTimeout())
            .socketTimeout(config.attemptTimeout()))
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o
            .apiCallAttemptTimeout(config.attemptTimeout())
            .apiCallTimeout(config.callTimeout())
            .retryStrategy(r -> r.maxAttempts(RevocationConfig.MAX_ATTEMPTS)));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public Markers markersFor(String subject) {
    Map<String, AttributeValue> values = new HashMap<>(2);
    values.put(":s", AttributeValue.fromS(subject));
    Map<String, String> names = new HashMap<>(4);
    names.put("#p", SUB); // "sub" is not reserved, but a name placeholder keeps the expressions uniform
    names.put("#k", SK);
    names.put("#o", SIGNED_OUT_AT);
    names.put("#e", EXPIRES_AT);
    List<Marker> markers = new ArrayList<>(4);
    Map<String, AttributeValue> start = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      QueryRequest.Builder request = QueryRequest.builder()
          .tableName(table)
          .keyConditionExpression("#p = :s")
          .projectionExpression("#k, #o, #e")
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .consistentRead(false);
      if (start != null) {
        request.exclusiveStartKey(start);
      }
      QueryResponse response = call(() -> client.query(request.build()));
      for (Map<String, AttributeValue> item : response.items()) {
        Marker marker = marker(subject, item);
        if (marker != null) {
          markers.add(marker);
        }
      }
      if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
        return Markers.of(markers, Math.floorDiv(clock.millis(), 1000L));
      }
      start = response.lastEvaluatedKey();
    }
    throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, "more than " + MAX_PAGES + " pages");
  }

  @Override
  public void put(Marker marker) {
    Map<String, AttributeValue> item = new HashMap<>(4);
    item.put(SUB, AttributeValue.fromS(marker.subject()));
    item.put(SK, AttributeValue.fromS(marker.sortKey()));
    item.put(SIGNED_OUT_AT, AttributeValue.fromN(Long.toString(marker.signedOutAt())));
    item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(marker.expiresAt())));
    try {
      call(() -> client.putItem(r -> {
        r.tableName(table).item(item);
        if (marker.kind() == Marker.Kind.USER) {
          // two global sign-outs racing: the later signedOutAt wins
          r.conditionExpression("attribute_not_exists(#o) OR #o <= :o")
              .expressionAttributeNames(Map.of("#o", SIGNED_OUT_AT))
              .expressionAttributeValues(Map.of(":o", AttributeValue.fromN(Long.toString(marker.signedOutAt()))));
        }
      }));
    } catch (ConditionalCheckFailedException e) {
      // a later global sign-out is already stored: this one is covered by it
    }
  }

  /** One Query for a subject that cannot exist: loads the SDK's classes and opens a connection. Never throws. */
  @Override
  public void prime() {
    try {
      markersFor(PRIME_SUBJECT);
    } catch (RuntimeException e) {
      // priming is an optimisation; the first real call pays instead
    }
  }

  private static Marker marker(String subject, Map<String, AttributeValue> item) {
    AttributeValue sk = item.get(SK);
    AttributeValue expiresAt = item.get(EXPIRES_AT);
    if (sk == null || sk.s() == null || expiresAt == null || expiresAt.n() == null) {
      return null;
    }
    AttributeValue signedOutAt = item.get(SIGNED_OUT_AT);
    try {
      long expires = Long.parseLong(expiresAt.n());
      // a marker without its time (not written by us) counts as a sign-out just before it expires: fail closed
      long at = signedOutAt == null || signedOutAt.n() == null ? expires - 1 : Long.parseLong(signedOutAt.n());
      return at < expires ? Marker.fromItem(subject, sk.s(), at, expires) : null;
    } catch (NumberFormatException e) {
      // a number DynamoDB accepts but long cannot hold (e.g. a fraction): not one of ours
      return null;
    }
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new RevocationStoreException(RevocationStoreException.Reason.TIMEOUT, e.getClass().getSimpleName());
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      throw new RevocationStoreException(RevocationStoreException.Reason.ERROR,
          (code == null ? e.getClass().getSimpleName() : code) + " HTTP " + e.statusCode());
    } catch (SdkClientException e) {
      throw new RevocationStoreException(classify(e), e.getClass().getSimpleName() + causes(e));
    } catch (SdkException e) {
      throw new RevocationStoreException(RevocationStoreException.Reason.ERROR, e.getClass().getSimpleName());
    }
  }

  private static RevocationStoreException.Reason classify(SdkClientException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return RevocationStoreException.Reason.TIMEOUT;
      }
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException || cause instanceof SocketException) {
        return RevocationStoreException.Reason.UNREACHABLE;
      }
    }
    return RevocationStoreException.Reason.ERROR;
  }

  /** The causes' class names only: messages could quote a request. */
  private static String causes(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      out.append(" <- ").append(cause.getClass().getSimpleName());
    }
    return out.toString();
  }
}
