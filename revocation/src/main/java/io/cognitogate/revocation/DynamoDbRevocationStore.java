package io.cognitogate.revocation;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Markers in a DynamoDB table (partition key {@code sub}, sort key {@code sk}, TTL attribute {@code
 * expiresAt}), through the AWS SDK's {@link DynamoDbClient}. Reading is one eventually consistent
 * {@code Query} on {@code sub} projecting {@code sk, signedOutAt, expiresAt}: an empty or small
 * partition costs 0.5 read units. Writing is one {@code PutItem}. Every SDK failure becomes a
 * {@link RevocationStoreException} naming the operation, DynamoDB's error code and the HTTP status,
 * never the SDK's message (it can quote the request). Thread-safe.
 */
public final class DynamoDbRevocationStore implements RevocationStore, AutoCloseable {
  static final String SUB = "sub";
  static final String SK = "sk";
  static final String SIGNED_OUT_AT = "signedOutAt";
  static final String EXPIRES_AT = "expiresAt";

  /**
   * A partition holds markers of at most a few hours (plus DynamoDB's lazy deletion): more pages is
   * an anomaly.
   */
  static final int MAX_PAGES = 4;

  /** Primes code and a connection before a SnapStart snapshot; no real sub can look like this. */
  static final String PRIME_SUBJECT = "#prime";

  // "sub" is not reserved, but name placeholders keep the expressions uniform
  private static final Map<String, String> QUERY_NAMES =
      Map.of("#p", SUB, "#k", SK, "#o", SIGNED_OUT_AT, "#e", EXPIRES_AT);
  private static final Map<String, String> PUT_NAMES = Map.of("#o", SIGNED_OUT_AT);

  /** The credentials every request is signed with, and the override that names them. */
  private record Signing(
      AwsCredentialsProvider credentials, AwsRequestOverrideConfiguration override) {
    static Signing with(AwsCredentialsProvider credentials) {
      return new Signing(
          credentials,
          AwsRequestOverrideConfiguration.builder().credentialsProvider(credentials).build());
    }
  }

  private final String table;
  private final DynamoDbClient client;
  private final Supplier<? extends AwsCredentialsProvider> credentialsSource;
  private final Clock clock;
  private volatile Signing signing;

  /**
   * @param client a client as {@link DynamoDbClients#create} builds it (tests point one at an
   *     emulator)
   * @param credentials a new provider each time: called now and by {@link #forgetCredentials()}
   */
  public DynamoDbRevocationStore(
      String table,
      DynamoDbClient client,
      Supplier<? extends AwsCredentialsProvider> credentials,
      Clock clock) {
    this.table = Objects.requireNonNull(table, "table");
    this.client = Objects.requireNonNull(client, "client");
    this.credentialsSource = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.signing = Signing.with(Objects.requireNonNull(credentials.get(), "credentials"));
  }

  /**
   * The production store: the client of {@link DynamoDbClients}, the function's own credentials.
   */
  public static DynamoDbRevocationStore create(RevocationConfig config, Clock clock) {
    return new DynamoDbRevocationStore(
        config.table(), DynamoDbClients.create(config), DynamoDbClients::credentials, clock);
  }

  @Override
  public Markers markersFor(String subject) {
    List<Marker> markers = new ArrayList<>(4);
    Map<String, AttributeValue> start = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("#p = :s")
              .projectionExpression("#k, #o, #e")
              .expressionAttributeNames(QUERY_NAMES)
              .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(subject)))
              .consistentRead(false)
              .exclusiveStartKey(start)
              .overrideConfiguration(signing.override())
              .build();
      QueryResponse response;
      try {
        response = client.query(request);
      } catch (SdkException e) {
        throw failure("Query", e);
      }
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
    throw new RevocationStoreException(
        RevocationStoreException.Reason.ERROR, "more than " + MAX_PAGES + " pages");
  }

  @Override
  public void put(Marker marker) {
    PutItemRequest.Builder request =
        PutItemRequest.builder()
            .tableName(table)
            .item(
                Map.of(
                    SUB, AttributeValue.fromS(marker.subject()),
                    SK, AttributeValue.fromS(marker.sortKey()),
                    SIGNED_OUT_AT, AttributeValue.fromN(Long.toString(marker.signedOutAt())),
                    EXPIRES_AT, AttributeValue.fromN(Long.toString(marker.expiresAt()))))
            .overrideConfiguration(signing.override());
    if (marker.kind() == Marker.Kind.USER) {
      // two global sign-outs racing: the later signedOutAt wins
      request
          .conditionExpression("attribute_not_exists(#o) OR #o <= :o")
          .expressionAttributeNames(PUT_NAMES)
          .expressionAttributeValues(
              Map.of(":o", AttributeValue.fromN(Long.toString(marker.signedOutAt()))));
    }
    try {
      client.putItem(request.build());
    } catch (ConditionalCheckFailedException e) {
      // a later global sign-out is already stored: this one is covered by it
    } catch (SdkException e) {
      throw failure("PutItem", e);
    }
  }

  /**
   * One Query for a subject that cannot exist: loads the code, fetches credentials, opens a
   * connection. That partition is empty, so one canned item then goes the way a signed-out user's
   * items go (the SDK's copy of the item list, our reading of it). Never throws.
   */
  @Override
  public void prime() {
    try {
      markersFor(PRIME_SUBJECT);
    } catch (RuntimeException e) {
      // priming is an optimisation; the first real call pays instead
    }
    QueryResponse canned =
        QueryResponse.builder()
            .items(
                List.of(
                    Map.of(
                        SK,
                        AttributeValue.fromS(Marker.USER_SORT_KEY),
                        SIGNED_OUT_AT,
                        AttributeValue.fromN("1"),
                        EXPIRES_AT,
                        AttributeValue.fromN("2"))))
            .build();
    for (Map<String, AttributeValue> item : canned.items()) {
      marker(PRIME_SUBJECT, item);
    }
  }

  /**
   * Replaces the credentials provider, so that credentials fetched before a SnapStart snapshot
   * (held in the provider's cache) are never used after a restore: the next request resolves them
   * anew.
   */
  @Override
  public void forgetCredentials() {
    AwsCredentialsProvider old = signing.credentials();
    signing = Signing.with(Objects.requireNonNull(credentialsSource.get(), "credentials"));
    close(old);
  }

  @Override
  public void close() {
    close(signing.credentials());
    client.close();
  }

  private static void close(AwsCredentialsProvider credentials) {
    if (credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // nothing is left to release that matters; the provider is not used again
      }
    }
  }

  /**
   * The reason of an SDK failure; the detail names the operation, DynamoDB's error code, the HTTP
   * status or a class.
   */
  static RevocationStoreException failure(String operation, SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new RevocationStoreException(RevocationStoreException.Reason.TIMEOUT, operation);
    }
    if (e instanceof SdkServiceException service) {
      String code =
          e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
              ? errorCode(aws.awsErrorDetails().errorCode())
              : null;
      String detail =
          operation + ' ' + (code == null ? "" : code + ' ') + "HTTP " + service.statusCode();
      return new RevocationStoreException(
          service.isThrottlingException()
              ? RevocationStoreException.Reason.THROTTLED
              : RevocationStoreException.Reason.ERROR,
          detail);
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return new RevocationStoreException(RevocationStoreException.Reason.TIMEOUT, operation);
      }
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException
          || cause instanceof SocketException) {
        // refused, no route, no such host, reset
        return new RevocationStoreException(
            RevocationStoreException.Reason.UNREACHABLE,
            operation + ' ' + cause.getClass().getSimpleName());
      }
    }
    // no credentials, an answer the SDK could not read, a CRC32 mismatch after the last attempt...
    return new RevocationStoreException(
        RevocationStoreException.Reason.ERROR, operation + ' ' + e.getClass().getSimpleName());
  }

  /**
   * DynamoDB's error code if it looks like one (an identifier); anything else is not repeated in
   * our messages.
   */
  static String errorCode(String code) {
    return code != null && code.matches("[A-Za-z0-9.]{1,100}") ? code : null;
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
      // a marker without its time (not written by us) counts as a sign-out just before it expires:
      // fail closed
      long at =
          signedOutAt == null || signedOutAt.n() == null
              ? expires - 1
              : Long.parseLong(signedOutAt.n());
      return at < expires ? Marker.fromItem(subject, sk.s(), at, expires) : null;
    } catch (NumberFormatException e) {
      // a number DynamoDB accepts but long cannot hold (e.g. a fraction): not one of ours
      return null;
    }
  }
}
