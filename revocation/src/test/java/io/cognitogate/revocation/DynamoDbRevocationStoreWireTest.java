package io.cognitogate.revocation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.cognitogate.revocation.MarkersTest.SUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cognitogate.token.MutableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The store's requests and its reading of DynamoDB's answers, at the protocol level: WireMock
 * answers as DynamoDB does (JSON 1.0 over {@code POST /}, the operation in {@code X-Amz-Target},
 * errors as {@code __type} and {@code message}); the client is the one {@link DynamoDbClients}
 * builds, so its retries, timeouts and SigV4 signing are the SDK's own.
 */
class DynamoDbRevocationStoreWireTest {
  static final String TABLE = "revocations";
  static final String AMZ_JSON = "application/x-amz-json-1.0";
  static final String KEY_ID = "AKIDWIRETEST";

  /** What DynamoDB's messages may quote of a request; never in ours. */
  static final String MESSAGE = "Item for sub " + SUB + " in table " + TABLE + " was refused";

  /** SigV4 as the SDK writes it, for our key, region and service. */
  static final String SIGNED_BY_US =
      "AWS4-HMAC-SHA256 Credential=%s/\\d{8}/us-east-1/dynamodb/aws4_request, "
          + "SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}";

  static WireMockServer dynamoDb;

  final MutableClock clock = new MutableClock(Instant.now());
  DynamoDbRevocationStore store;

  @BeforeAll
  static void start() {
    dynamoDb =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    dynamoDb.start();
    // a fresh JVM's first call loads the SDK (and WireMock its server): not what an attempt's bound
    // is for here
    try (DynamoDbRevocationStore warm =
        new DynamoDbRevocationStore(
            TABLE,
            DynamoDbClients.create(config()),
            () ->
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(KEY_ID, "wire-test-secret")),
            Clock.systemUTC())) {
      warm.prime();
    }
  }

  @AfterAll
  static void stop() {
    dynamoDb.stop();
  }

  @BeforeEach
  void reset() {
    dynamoDb.resetAll();
    store =
        new DynamoDbRevocationStore(
            TABLE,
            DynamoDbClients.create(config()),
            () ->
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(KEY_ID, "wire-test-secret")),
            clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static RevocationConfig config() {
    return RevocationConfig.fromEnvironment(
            Map.of(
                "REVOCATION_TABLE",
                TABLE,
                "AWS_REGION",
                "us-east-1",
                "DYNAMODB_ENDPOINT",
                "http://127.0.0.1:" + dynamoDb.port(),
                "REVOCATION_ATTEMPT_TIMEOUT_MS",
                "2000",
                "REVOCATION_TIMEOUT_MS",
                "5000"))
        .orElseThrow();
  }

  static MappingBuilder operation(String name) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + name));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(
      int status, String json) {
    return aResponse().withStatus(status).withHeader("Content-Type", AMZ_JSON).withBody(json);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
      int status, String type) {
    return answer(
        status,
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + type
            + "\",\"message\":\""
            + MESSAGE
            + "\"}");
  }

  List<LoggedRequest> requests(String operation) {
    return dynamoDb.findAll(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + operation)));
  }

  @Test
  void markersForThenOneEventuallyConsistentQueryOnTheSubjectSignedByTheSdk() {
    dynamoDb.stubFor(
        operation("Query")
            .willReturn(answer(200, "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}")));

    assertThat(store.markersFor(SUB).isEmpty()).isTrue();

    dynamoDb.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.Query"))
            .withHeader("Content-Type", equalTo(AMZ_JSON))
            .withHeader("Authorization", matching(String.format(SIGNED_BY_US, KEY_ID)))
            .withRequestBody(matchingJsonPath("$.TableName", equalTo(TABLE)))
            .withRequestBody(matchingJsonPath("$.ConsistentRead", equalTo("false")))
            .withRequestBody(matchingJsonPath("$.KeyConditionExpression", equalTo("#p = :s")))
            .withRequestBody(matchingJsonPath("$.ExpressionAttributeNames.#p", equalTo("sub")))
            .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues.:s.S", equalTo(SUB)))
            .withRequestBody(matchingJsonPath("$.ProjectionExpression", equalTo("#k, #o, #e"))));
  }

  @Test
  void putWhenUserMarkerThenConditionKeepsTheLaterSignOutAndAFailedConditionIsNotAnError() {
    dynamoDb.stubFor(
        operation("PutItem").willReturn(error(400, "ConditionalCheckFailedException")));

    store.put(Marker.user(SUB, 1_000, 5_000));

    assertThat(requests("PutItem")).as("a failed condition is an answer: not retried").hasSize(1);
    dynamoDb.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("Authorization", matching(String.format(SIGNED_BY_US, KEY_ID)))
            .withRequestBody(
                matchingJsonPath(
                    "$.ConditionExpression", equalTo("attribute_not_exists(#o) OR #o <= :o")))
            .withRequestBody(
                matchingJsonPath("$.ExpressionAttributeNames.#o", equalTo("signedOutAt")))
            .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues.:o.N", equalTo("1000")))
            .withRequestBody(matchingJsonPath("$.Item.sk.S", equalTo("USER")))
            .withRequestBody(matchingJsonPath("$.Item.expiresAt.N", equalTo("5000"))));
  }

  @Test
  void putWhenSessionMarkerThenNoCondition() {
    dynamoDb.stubFor(operation("PutItem").willReturn(answer(200, "{}")));

    store.put(Marker.session(new TokenRef(SUB, "jti-1", "fam-1", 900, 4_000), 1_000, 5_000));

    List<LoggedRequest> puts = requests("PutItem");
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).getBodyAsString())
        .contains("\"FAM#fam-1\"")
        .doesNotContain("ConditionExpression");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}, {3}")
  @CsvSource({
    "500, InternalServerError,                    ERROR,     retried",
    "503, ServiceUnavailable,                     ERROR,     retried",
    "400, ThrottlingException,                    THROTTLED, retried",
    "400, ProvisionedThroughputExceededException, THROTTLED, retried",
    "400, RequestLimitExceeded,                   THROTTLED, retried",
    "400, ResourceNotFoundException,              ERROR,     once",
    "400, AccessDeniedException,                  ERROR,     once",
    "400, UnrecognizedClientException,            ERROR,     once",
    "400, ValidationException,                    ERROR,     once",
  })
  void markersForWhenDynamoDbAnswersAnErrorThenItsReasonAfterTheConfiguredRetries(
      int status, String type, RevocationStoreException.Reason reason, String retries) {
    dynamoDb.stubFor(operation("Query").willReturn(error(status, type)));

    RevocationStoreException e =
        catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage())
        .contains("Query " + type + " HTTP " + status)
        .as("DynamoDB's message can quote the request")
        .doesNotContain(SUB)
        .doesNotContain("refused");
    assertThat(requests("Query"))
        .hasSize(retries.equals("retried") ? RevocationConfig.MAX_ATTEMPTS : 1)
        .allSatisfy(
            r ->
                assertThat(r.getHeader("Authorization"))
                    .matches(String.format(SIGNED_BY_US, KEY_ID)));
  }

  @Test
  void putWhenDynamoDbThrottlesThenThrottledAfterTheConfiguredRetries() {
    dynamoDb.stubFor(
        operation("PutItem").willReturn(error(400, "ProvisionedThroughputExceededException")));

    RevocationStoreException e =
        catchThrowableOfType(
            RevocationStoreException.class, () -> store.put(Marker.user(SUB, 1_000, 5_000)));

    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.THROTTLED);
    assertThat(e.getMessage()).startsWith("THROTTLED (PutItem ").doesNotContain(SUB);
    assertThat(requests("PutItem")).hasSize(RevocationConfig.MAX_ATTEMPTS);
  }

  @Test
  void markersForWhenTheFirstAttemptFailsAndTheSecondAnswersThenTheAnswer() {
    dynamoDb.stubFor(
        operation("Query")
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(error(500, "InternalServerError"))
            .willSetStateTo("recovered"));
    dynamoDb.stubFor(
        operation("Query")
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(
                answer(
                    200,
                    "{\"Count\":1,\"Items\":[{\"sk\":{\"S\":\"JTI#jti-1\"},\"signedOutAt\":{\"N\":\""
                        + clock.instant().getEpochSecond()
                        + "\"},\"expiresAt\":{\"N\":\""
                        + (clock.instant().getEpochSecond() + 60)
                        + "\"}}],\"ScannedCount\":1}")));

    Markers markers = store.markersFor(SUB);

    assertThat(markers.revokes(new TokenRef(SUB, "jti-1", "", 0, Long.MAX_VALUE))).isTrue();
    assertThat(requests("Query")).hasSize(2);
  }

  @Test
  void markersForWhenTheBodyDoesNotMatchItsCrc32ThenErrorNotTheBodysMarkers() {
    // a marker in transit altered or cut: DynamoDB's x-amz-crc32 catches it, the SDK checks it
    dynamoDb.stubFor(
        operation("Query")
            .willReturn(
                answer(200, "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}")
                    .withHeader("x-amz-crc32", "12345")));

    RevocationStoreException e =
        catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR);
    assertThat(e.getMessage()).isEqualTo("ERROR (Query Crc32MismatchException)");
    assertThat(requests("Query")).as("the SDK does not retry a checksum mismatch").hasSize(1);
  }

  @Test
  void markersForWhenTheBodyIsNotDynamoDbJsonThenErrorWithoutTheBody() {
    dynamoDb.stubFor(operation("Query").willReturn(answer(200, "<html>" + SUB + "</html>")));

    RevocationStoreException e =
        catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));

    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR);
    assertThat(e.getMessage())
        .startsWith("ERROR (Query ")
        .doesNotContain(SUB)
        .doesNotContain("html");
  }

  /**
   * What SnapStart asks of the store: under SnapStart Lambda serves the function's credentials from
   * a container endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code
   * AWS_CONTAINER_AUTHORIZATION_TOKEN}, here through the SDK's system properties of the same
   * meaning), which the default chain reaches through {@link ContainerCredentialsProvider}. Those
   * fetched before the snapshot must not be used after.
   */
  @Test
  void
      forgetCredentialsWhenContainerCredentialsWereFetchedThenTheNextCallFetchesAndSignsWithNewOnes() {
    String fullUri = "http://127.0.0.1:" + dynamoDb.port() + "/credentials";
    System.setProperty("aws.containerCredentialsFullUri", fullUri);
    System.setProperty("aws.containerAuthorizationToken", "container-authorization-token");
    try (DynamoDbRevocationStore containerStore =
        new DynamoDbRevocationStore(
            TABLE,
            DynamoDbClients.create(config()),
            () -> ContainerCredentialsProvider.builder().build(),
            clock)) {
      dynamoDb.stubFor(
          operation("Query")
              .willReturn(answer(200, "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}")));
      serveCredentials("ASIABEFORESNAPSHOT", "token-before");
      containerStore.markersFor(SUB); // the priming call before the snapshot
      containerStore.markersFor(SUB);
      dynamoDb.verify(
          1,
          getRequestedFor(urlEqualTo("/credentials"))
              .withHeader("Authorization", equalTo("container-authorization-token")));

      serveCredentials("ASIAAFTERRESTORE", "token-after");
      containerStore.forgetCredentials();
      containerStore.markersFor(SUB);

      dynamoDb.verify(2, getRequestedFor(urlEqualTo("/credentials")));
      List<LoggedRequest> queries = requests("Query");
      assertThat(queries).hasSize(3);
      assertThat(queries.subList(0, 2))
          .allSatisfy(
              r -> {
                assertThat(r.getHeader("Authorization"))
                    .matches(String.format(SIGNED_BY_US, "ASIABEFORESNAPSHOT"));
                assertThat(r.getHeader("X-Amz-Security-Token")).isEqualTo("token-before");
              });
      assertThat(queries.get(2).getHeader("Authorization"))
          .matches(String.format(SIGNED_BY_US, "ASIAAFTERRESTORE"));
      assertThat(queries.get(2).getHeader("X-Amz-Security-Token")).isEqualTo("token-after");
    } finally {
      System.clearProperty("aws.containerCredentialsFullUri");
      System.clearProperty("aws.containerAuthorizationToken");
    }
  }

  void serveCredentials(String keyId, String sessionToken) {
    // valid for hours: only forgetting them can make the provider fetch again
    dynamoDb.stubFor(
        get(urlEqualTo("/credentials"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"AccessKeyId\":\""
                            + keyId
                            + "\",\"SecretAccessKey\":\"secret-"
                            + keyId
                            + "\",\"Token\":\""
                            + sessionToken
                            + "\",\"Expiration\":\""
                            + Instant.now()
                                .plus(6, ChronoUnit.HOURS)
                                .truncatedTo(ChronoUnit.SECONDS)
                            + "\"}")));
  }
}
