package io.cognitogate.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.cognitogate.token.JsonScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;

/**
 * The store's DynamoDB JSON protocol, checked on the wire: a JDK HTTP server plays DynamoDB, captures
 * each request and answers from a script. The signature of each captured request is recomputed by the
 * AWS SDK's signers (the oracle).
 */
class DynamoDbHttpTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final long NOW_S = NOW.getEpochSecond();
  static final String SUB = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  static final String TABLE = "t-1";
  static final String EMPTY_QUERY = "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}";
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  record Captured(String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }

    JsonNode json() {
      return JsonNode.parser().parse(body);
    }
  }

  record Answer(int status, byte[] body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Answer error(int status, String code, String message) {
      return of(status, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + message + "\"}");
    }
  }

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final List<Captured> requests = new CopyOnWriteArrayList<>();
  final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
  HttpServer server;
  int port;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      requests.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
      Answer answer = answers.poll();
      if (answer == null) {
        answer = Answer.of(200, EMPTY_QUERY);
      }
      exchange.getResponseHeaders().set("Content-Type", DynamoDbHttp.CONTENT_TYPE);
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(answer.status(), answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  RevocationConfig config() {
    return RevocationConfig.fromEnvironment(Map.of("REVOCATION_TABLE", TABLE, "AWS_REGION", "us-east-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:" + port, "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s",
        "REVOCATION_ATTEMPT_TIMEOUT_MS", "300", "REVOCATION_TIMEOUT_MS", "800")).orElseThrow();
  }

  DynamoDbRevocationStore store(AwsCredentials credentials) {
    return new DynamoDbRevocationStore(config(), AwsCredentialsSource.of(credentials), clock);
  }

  DynamoDbRevocationStore store() {
    return store(new AwsCredentials("AKIDSTORETEST", "store-secret", null, null));
  }

  static String item(String sk, long signedOutAt, long expiresAt) {
    return "{\"sk\":{\"S\":\"" + sk + "\"},\"signedOutAt\":{\"N\":\"" + signedOutAt + "\"},\"expiresAt\":{\"N\":\""
        + expiresAt + "\"}}";
  }

  static TokenRef token(String subject, String jti, String originJti, long authTime) {
    return new TokenRef(subject, jti, originJti, authTime, NOW_S + 3600);
  }

  // --- what goes on the wire -----------------------------------------------------------------------

  @Test
  void markersForWhenQueriedThenPostsTheQueryJsonSignedAsTheSdkSigns() {
    AwsCredentials keys = new AwsCredentials("AKIDSTORETEST", "store-secret", null, null);

    store(keys).markersFor(SUB);

    assertThat(requests).hasSize(1);
    Captured query = requests.get(0);
    assertThat(query.method()).isEqualTo("POST");
    assertThat(query.path()).isEqualTo("/");
    assertThat(query.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(query.header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.Query");
    JsonNode json = query.json();
    assertThat(json.asObject()).containsOnlyKeys("TableName", "KeyConditionExpression", "ProjectionExpression",
        "ExpressionAttributeNames", "ExpressionAttributeValues", "ConsistentRead");
    assertThat(json.field("TableName").orElseThrow().asString()).isEqualTo(TABLE);
    assertThat(json.field("KeyConditionExpression").orElseThrow().asString()).isEqualTo("#p = :s");
    assertThat(json.field("ProjectionExpression").orElseThrow().asString()).isEqualTo("#k, #o, #e");
    Map<String, JsonNode> names = json.field("ExpressionAttributeNames").orElseThrow().asObject();
    assertThat(names).hasSize(4);
    assertThat(names.get("#p").asString()).isEqualTo("sub");
    assertThat(names.get("#k").asString()).isEqualTo("sk");
    assertThat(names.get("#o").asString()).isEqualTo("signedOutAt");
    assertThat(names.get("#e").asString()).isEqualTo("expiresAt");
    assertThat(stringAttribute(json.field("ExpressionAttributeValues").orElseThrow(), ":s")).isEqualTo(SUB);
    assertThat(json.field("ConsistentRead").orElseThrow().asBoolean()).isFalse();
    assertSignedAsTheSdkSigns(query, keys);
  }

  @Test
  void putWhenSessionCredentialsThenPostsThePutItemJsonWithTheTokenSignedAsTheSdkSigns() {
    AwsCredentials session = new AwsCredentials("ASIASTORETEST", "session-secret", "session-token/+=", null);

    store(session).put(Marker.user(SUB, NOW_S, NOW_S + 3900));

    Captured put = requests.get(0);
    assertThat(put.header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.PutItem");
    assertThat(put.header("X-Amz-Security-Token")).isEqualTo("session-token/+=");
    JsonNode json = put.json();
    assertThat(json.field("TableName").orElseThrow().asString()).isEqualTo(TABLE);
    JsonNode item = json.field("Item").orElseThrow();
    assertThat(item.asObject()).containsOnlyKeys("sub", "sk", "signedOutAt", "expiresAt");
    assertThat(stringAttribute(item, "sub")).isEqualTo(SUB);
    assertThat(stringAttribute(item, "sk")).isEqualTo("USER");
    assertThat(numberAttribute(item, "signedOutAt")).isEqualTo(Long.toString(NOW_S));
    assertThat(numberAttribute(item, "expiresAt")).isEqualTo(Long.toString(NOW_S + 3900));
    // two global sign-outs racing: the later one must win
    assertThat(json.field("ConditionExpression").orElseThrow().asString())
        .isEqualTo("attribute_not_exists(#o) OR #o <= :o");
    assertThat(json.field("ExpressionAttributeNames").orElseThrow().field("#o").orElseThrow().asString())
        .isEqualTo("signedOutAt");
    assertThat(numberAttribute(json.field("ExpressionAttributeValues").orElseThrow(), ":o"))
        .isEqualTo(Long.toString(NOW_S));
    assertSignedAsTheSdkSigns(put, session);
  }

  @Test
  void putWhenSessionMarkerThenNoConditionAndSortKeyNamesTheFamily() {
    AwsCredentials keys = new AwsCredentials("AKIDSTORETEST", "store-secret", null, null);

    store(keys).put(Marker.session(token(SUB, "jti-1", "fam-1", NOW_S - 10), NOW_S, NOW_S + 3900));

    JsonNode json = requests.get(0).json();
    assertThat(json.asObject()).containsOnlyKeys("TableName", "Item");
    assertThat(stringAttribute(json.field("Item").orElseThrow(), "sk")).isEqualTo("FAM#fam-1");
    assertSignedAsTheSdkSigns(requests.get(0), keys);
  }

  @Test
  void putWhenSubHasQuoteBackslashControlAndNonAsciiThenValidJsonThatRoundTrips() throws IOException {
    String sub = "we\"ird\\sub\u0001\u001f\t\n Jos\u00e9 \u65e5\u672c \ud83d\ude00 \u2028";
    AwsCredentials keys = new AwsCredentials("AKIDSTORETEST", "store-secret", null, null);

    store(keys).put(Marker.user(sub, NOW_S, NOW_S + 3900));
    store(keys).markersFor(sub);

    for (Captured request : requests) {
      assertThat(new String(request.body(), StandardCharsets.UTF_8)).doesNotContain("\u0001", "\n");
      strictlyParse(request.body());
    }
    assertThat(stringAttribute(requests.get(0).json().field("Item").orElseThrow(), "sub")).isEqualTo(sub);
    assertThat(stringAttribute(requests.get(1).json().field("ExpressionAttributeValues").orElseThrow(), ":s"))
        .isEqualTo(sub);
    assertSignedAsTheSdkSigns(requests.get(0), keys);
  }

  // --- answers -------------------------------------------------------------------------------------

  @Test
  void markersForWhenItemsThenParsesMarkersOfEachKind() {
    answers.add(Answer.of(200, "{\"Count\":3,\"Items\":[" + item("USER", NOW_S - 100, NOW_S + 3800) + ","
        + item("FAM#fam-1", NOW_S - 5, NOW_S + 3900) + "," + item("JTI#jti-9", NOW_S - 5, NOW_S + 3900)
        + "],\"ScannedCount\":3}"));

    Markers markers = store().markersFor(SUB);

    assertThat(markers.signedOutAt()).isEqualTo(NOW_S - 100);
    assertThat(markers.revokes(token(SUB, "x", "fam-1", NOW_S))).isTrue();
    assertThat(markers.revokes(token(SUB, "jti-9", "", NOW_S))).isTrue();
    assertThat(markers.revokes(token(SUB, "x", "fam-2", NOW_S))).isFalse();
  }

  @Test
  void putWhenUserMarkerConditionFailsThenNoException() {
    answers.add(Answer.error(400, "ConditionalCheckFailedException", "The conditional request failed"));

    assertThatCode(() -> store().put(Marker.user(SUB, NOW_S, NOW_S + 3900))).doesNotThrowAnyException();
    assertThat(requests).hasSize(1);
  }

  @Test
  void markersForWhenTableMissingThenErrorNamingTheCodeAfterOneRequest() {
    answers.add(Answer.error(400, "ResourceNotFoundException", "Requested resource not found"));

    assertThatThrownBy(() -> store().markersFor(SUB))
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
        .hasMessageContaining("ResourceNotFoundException")
        .hasMessageContaining("400");
    assertThat(requests).hasSize(1);
  }

  @Test
  void putWhenValidationErrorQuotesTheSubThenMessageDoesNotContainIt() {
    String sub = "secret-subject-1234";
    answers.add(Answer.error(400, "ValidationException", "One or more parameter values were invalid: " + sub));

    assertThatThrownBy(() -> store().put(Marker.user(sub, NOW_S, NOW_S + 3900)))
        .isInstanceOf(RevocationStoreException.class)
        .hasMessageContaining("ValidationException")
        .hasMessageNotContaining(sub)
        .hasMessageNotContaining("invalid");
    assertThat(requests).hasSize(1);
  }

  @Test
  void markersForWhen500Then200ThenSucceedsAfterTwoRequests() {
    answers.add(Answer.error(500, "InternalServerError", "oops"));
    answers.add(Answer.of(200, "{\"Items\":[" + item("USER", NOW_S - 1, NOW_S + 60) + "]}"));

    assertThat(store().markersFor(SUB).signedOutAt()).isEqualTo(NOW_S - 1);
    assertThat(requests).hasSize(2);
  }

  @Test
  void markersForWhenThrottledTwiceThenErrorAfterTwoRequests() {
    answers.add(Answer.error(400, "ThrottlingException", "Rate exceeded"));
    answers.add(Answer.error(400, "ThrottlingException", "Rate exceeded"));

    assertThatThrownBy(() -> store().markersFor(SUB))
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
        .hasMessageContaining("ThrottlingException");
    assertThat(requests).hasSize(2);
  }

  @Test
  void putWhenProvisionedThroughputExceededThen200ThenSucceeds() {
    answers.add(Answer.error(400, "ProvisionedThroughputExceededException", "slow down"));
    answers.add(Answer.of(200, "{}"));

    assertThatCode(() -> store().put(Marker.user(SUB, NOW_S, NOW_S + 3900))).doesNotThrowAnyException();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
  }

  @Test
  void markersForWhenCrc32WrongThenRightThenRetriedAndSucceeds() {
    String body = "{\"Items\":[" + item("USER", NOW_S - 1, NOW_S + 60) + "]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long crc = DynamoDbHttp.crc32(bytes);
    answers.add(new Answer(200, bytes, Map.of("x-amz-crc32", Long.toString(crc ^ 1))));
    answers.add(new Answer(200, bytes, Map.of("x-amz-crc32", Long.toString(crc))));

    assertThat(store().markersFor(SUB).signedOutAt()).isEqualTo(NOW_S - 1);
    assertThat(requests).hasSize(2);
  }

  @Test
  void markersForWhenCrc32CorrectThenAcceptedFirstTime() {
    // padded until its CRC is above 2^31: the header is the unsigned decimal value, never negative
    String body = "{\"Items\":[],\"Count\":0}";
    while (DynamoDbHttp.crc32(body.getBytes(StandardCharsets.UTF_8)) <= Integer.MAX_VALUE) {
      body += " ";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    answers.add(new Answer(200, bytes, Map.of("x-amz-crc32", Long.toString(DynamoDbHttp.crc32(bytes)))));

    assertThat(store().markersFor(SUB).isEmpty()).isTrue();
    assertThat(requests).hasSize(1);
  }

  @Test
  void markersForWhenCrc32AlwaysWrongThenError() {
    byte[] bytes = EMPTY_QUERY.getBytes(StandardCharsets.UTF_8);
    answers.add(new Answer(200, bytes, Map.of("x-amz-crc32", "1")));
    answers.add(new Answer(200, bytes, Map.of("x-amz-crc32", "1")));

    assertThatThrownBy(() -> store().markersFor(SUB))
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
        .hasMessageContaining("x-amz-crc32");
  }

  @Test
  void markersForWhen200BodyIsNotJsonOrTruncatedThenError() {
    for (String bad : List.of("<html>not json " + SUB + "</html>", "{\"Items\":[" + item("USER", 1, 2),
        "{\"Items\":[\"USER\"]}", "", "{\"Items\":[]} {}")) {
      answers.clear();
      answers.add(Answer.of(200, bad));

      assertThatThrownBy(() -> store().markersFor(SUB))
          .as(bad)
          .isInstanceOfSatisfying(RevocationStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR))
          .hasMessageNotContaining(SUB);
    }
  }

  @Test
  void markersForWhenBodyOver4MegabytesThenError() {
    byte[] huge = new byte[DynamoDbHttp.MAX_RESPONSE_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    byte[] prefix = "{\"Items\":[]}".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(prefix, 0, huge, 0, prefix.length);
    answers.add(new Answer(200, huge, Map.of()));
    answers.add(new Answer(200, huge, Map.of()));

    RevocationStoreException e = catchThrowableOfType(RevocationStoreException.class, () -> store().markersFor(SUB));

    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR);
    assertThat(requests).as("an answer we refuse is not a network failure: not retried").hasSize(1);
  }

  @Test
  void markersForWhenTheBodyDripsAByteAtATimeThenTimeoutWithinTheCallTimeoutPlusSlack() throws IOException {
    HttpServer dripping = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dripping.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = EMPTY_QUERY.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        for (byte b : body) {
          out.write(b);
          out.flush();
          Thread.sleep(100); // each byte well inside the 300 ms read timeout
        }
      } catch (InterruptedException | IOException stopped) {
        // the client gave up, as it should
      }
    });
    dripping.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    dripping.start();
    try {
      RevocationConfig config = RevocationConfig.fromEnvironment(Map.of("REVOCATION_TABLE", TABLE, "AWS_REGION",
          "us-east-1", "DYNAMODB_ENDPOINT", "http://127.0.0.1:" + dripping.getAddress().getPort(),
          "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s", "REVOCATION_ATTEMPT_TIMEOUT_MS", "300",
          "REVOCATION_TIMEOUT_MS", "800")).orElseThrow();
      DynamoDbRevocationStore store = new DynamoDbRevocationStore(config, config.credentials(), clock);

      long start = System.nanoTime();
      RevocationStoreException e = catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));
      long tookMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.TIMEOUT);
      assertThat(tookMillis).as("REVOCATION_TIMEOUT_MS 800 plus slack (the body alone takes %d ms)",
          EMPTY_QUERY.length() * 100).isLessThan(1500);
    } finally {
      dripping.stop(0);
    }
  }

  @Test
  void markersForWhenErrorTypeHasOddCharactersThenItIsNotEchoed() {
    answers.add(Answer.of(400, "{\"__type\":\"com.amazonaws#Bad<script>alert(1)</script>\\n" + SUB + "\"}"));
    answers.add(Answer.of(400, "{\"__type\":\"" + "A".repeat(101) + "\"}"));

    assertThatThrownBy(() -> store().markersFor(SUB))
        .isInstanceOf(RevocationStoreException.class)
        .hasMessageNotContaining("<")
        .hasMessageNotContaining("script")
        .hasMessageNotContaining(SUB)
        .hasMessageContaining("400");
    assertThatThrownBy(() -> store().markersFor(SUB))
        .isInstanceOf(RevocationStoreException.class)
        .hasMessageNotContaining("AAAA");
  }

  @Test
  void markersForWhenLastEvaluatedKeyThenNextQueryStartsThereAndBothPagesCount() {
    answers.add(Answer.of(200, "{\"Items\":[" + item("FAM#fam-1", NOW_S - 5, NOW_S + 3900) + "],"
        + "\"LastEvaluatedKey\":{\"sub\":{\"S\":\"" + SUB + "\"},\"sk\":{\"S\":\"FAM#fam-1\"}},\"Count\":1}"));
    answers.add(Answer.of(200, "{\"Items\":[" + item("USER", NOW_S - 50, NOW_S + 3900) + "],\"Count\":1}"));

    Markers markers = store().markersFor(SUB);

    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).json().field("ExclusiveStartKey")).isEmpty();
    JsonNode start = requests.get(1).json().field("ExclusiveStartKey").orElseThrow();
    assertThat(start.asObject()).containsOnlyKeys("sub", "sk");
    assertThat(start.field("sub").orElseThrow().asObject()).containsOnlyKeys("S");
    assertThat(stringAttribute(start, "sub")).isEqualTo(SUB);
    assertThat(stringAttribute(start, "sk")).isEqualTo("FAM#fam-1");
    assertThat(markers.signedOutAt()).isEqualTo(NOW_S - 50);
    assertThat(markers.revokes(token(SUB, "x", "fam-1", NOW_S))).isTrue();
  }

  @Test
  void markersForWhenPagesNeverEndThenErrorAfterMaxPages() {
    for (int i = 0; i < DynamoDbRevocationStore.MAX_PAGES + 1; i++) {
      answers.add(Answer.of(200, "{\"Items\":[],\"LastEvaluatedKey\":{\"sub\":{\"S\":\"" + SUB
          + "\"},\"sk\":{\"S\":\"JTI#" + i + "\"}}}"));
    }

    assertThatThrownBy(() -> store().markersFor(SUB)).isInstanceOf(RevocationStoreException.class);
    assertThat(requests).hasSize(DynamoDbRevocationStore.MAX_PAGES);
  }

  @Test
  void markersForWhenItemsHaveForeignAttributeTypesThenThoseAreIgnoredNotAFailure() {
    answers.add(Answer.of(200, "{\"Items\":["
        + "{\"sk\":{\"L\":[{\"S\":\"USER\"}]},\"expiresAt\":{\"N\":\"" + (NOW_S + 60) + "\"}},"
        + "{\"sk\":{\"S\":\"USER\"},\"expiresAt\":{\"M\":{\"N\":{\"N\":\"1\"}}}},"
        + "{\"sk\":{\"S\":\"USER\"},\"expiresAt\":{\"BOOL\":true},\"signedOutAt\":{\"NULL\":true}},"
        + "{\"sk\":{\"B\":\"VVNFUg==\"},\"expiresAt\":{\"N\":\"" + (NOW_S + 60) + "\"}},"
        + "{\"sk\":{\"S\":\"USER\"},\"expiresAt\":{\"N\":\"1.5e10\"}},"
        + "{\"sk\":{\"SS\":[\"USER\"]},\"other\":{\"NS\":[\"1\"]},\"expiresAt\":{\"N\":\"" + (NOW_S + 60) + "\"}},"
        + item("JTI#jti-9", NOW_S - 5, NOW_S + 3900) + "]}"));

    Markers markers = store().markersFor(SUB);

    assertThat(markers.signedOutAt()).isEqualTo(Markers.NEVER);
    assertThat(markers.revokes(token(SUB, "jti-9", "", NOW_S))).isTrue();
  }

  @Test
  void markersForWhenUserMarkerHasNoSignedOutAtThenCountsAsJustBeforeItExpires() {
    answers.add(Answer.of(200, "{\"Items\":[{\"sk\":{\"S\":\"USER\"},\"signedOutAt\":{\"BOOL\":false},"
        + "\"expiresAt\":{\"N\":\"" + (NOW_S + 60) + "\"}}]}"));

    assertThat(store().markersFor(SUB).signedOutAt()).isEqualTo(NOW_S + 59);
  }

  @Test
  void markersForWhenNothingListensThenUnreachable() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    RevocationConfig config = RevocationConfig.fromEnvironment(Map.of("REVOCATION_TABLE", TABLE,
        "AWS_REGION", "us-east-1", "DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closed,
        "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s", "REVOCATION_ATTEMPT_TIMEOUT_MS", "300",
        "REVOCATION_TIMEOUT_MS", "800")).orElseThrow();
    DynamoDbRevocationStore store = new DynamoDbRevocationStore(config, config.credentials(), clock);

    assertThatThrownBy(() -> store.markersFor(SUB))
        .isInstanceOfSatisfying(RevocationStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.UNREACHABLE));
  }

  @Test
  void markersForWhenDynamoDbAcceptsAndNeverAnswersThenTimeoutWithinTheCallTimeoutPlusSlack() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      RevocationConfig config = RevocationConfig.fromEnvironment(Map.of("REVOCATION_TABLE", TABLE,
          "AWS_REGION", "us-east-1", "DYNAMODB_ENDPOINT", "http://127.0.0.1:" + silent.getLocalPort(),
          "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s", "REVOCATION_ATTEMPT_TIMEOUT_MS", "300",
          "REVOCATION_TIMEOUT_MS", "800")).orElseThrow();
      DynamoDbRevocationStore store = new DynamoDbRevocationStore(config, config.credentials(), clock);

      long start = System.nanoTime();
      assertThatThrownBy(() -> store.markersFor(SUB))
          .isInstanceOfSatisfying(RevocationStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800 + 2000));
    }
  }

  @Test
  void endpointOfWhenRegionThenDynamoDbHostOfItsPartition() {
    assertThat(DynamoDbHttp.endpointOf("eu-west-1")).hasToString("https://dynamodb.eu-west-1.amazonaws.com");
    assertThat(DynamoDbHttp.endpointOf("us-gov-west-1")).hasToString("https://dynamodb.us-gov-west-1.amazonaws.com");
    assertThat(DynamoDbHttp.endpointOf("cn-north-1")).hasToString("https://dynamodb.cn-north-1.amazonaws.com.cn");
  }

  // --- helpers -------------------------------------------------------------------------------------

  static String stringAttribute(JsonNode map, String name) {
    JsonNode value = map.field(name).orElseThrow();
    assertThat(value.asObject()).containsOnlyKeys("S");
    return value.field("S").orElseThrow().asString();
  }

  static String numberAttribute(JsonNode map, String name) {
    JsonNode value = map.field(name).orElseThrow();
    assertThat(value.asObject()).containsOnlyKeys("N");
    // DynamoDB numbers travel as JSON strings
    assertThat(value.field("N").orElseThrow().isString()).isTrue();
    return value.field("N").orElseThrow().asString();
  }

  /** Our strict RFC 8259 reader walks the whole document (no raw control characters, valid UTF-8). */
  static void strictlyParse(byte[] body) throws IOException {
    JsonScanner scanner = new JsonScanner(body);
    int token;
    do {
      token = scanner.next();
    } while (token != JsonScanner.END);
  }

  /**
   * The captured Authorization must be what the SDK computes for the captured request. Two SDK signers:
   * (1) the SDK's classic Aws4Signer signs exactly the header set we send, so its Authorization must equal
   * ours byte for byte; (2) AwsV4HttpSigner always adds and signs x-amz-content-sha256 (DynamoDB does not
   * need it, we do not send it), so its signature is compared with ours recomputed over the captured
   * request plus that one header: host with port, headers, body, date and token are the ones on the wire.
   */
  void assertSignedAsTheSdkSigns(Captured captured, AwsCredentials credentials) {
    String authorization = captured.header("Authorization");
    Matcher parts = SigV4Test.authorization(authorization);
    String expectedSigned = credentials.sessionToken() == null ? "content-type;host;x-amz-date;x-amz-target"
        : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
    assertThat(parts.group(2)).isEqualTo(expectedSigned);
    assertThat(captured.header("Host")).isEqualTo("127.0.0.1:" + port);
    Instant at = Instant.from(AMZ_DATE.parse(captured.header("X-Amz-Date")));
    assertThat(at).isEqualTo(NOW);
    Map<String, String> signed = new LinkedHashMap<>();
    for (String name : parts.group(2).split(";")) {
      if (!name.equals("host") && !name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
        signed.put(name, captured.header(name));
      }
    }

    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.fromValue(captured.method()))
        .protocol("http")
        .host("127.0.0.1")
        .port(port)
        .encodedPath(captured.path())
        .contentStreamProvider(ContentStreamProvider.fromByteArray(captured.body()));
    signed.forEach(request::putHeader);
    SdkHttpFullRequest classic = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
        .awsCredentials(credentials.sessionToken() == null
            ? AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())
            : AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken()))
        .signingName("dynamodb")
        .signingRegion(Region.US_EAST_1)
        .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
        .build());
    assertThat(authorization).isEqualTo(classic.firstMatchingHeader("Authorization").orElseThrow());

    SdkHttpRequest modern = SigV4Test.sdkSign("http", "127.0.0.1", port, signed, captured.body(), credentials,
        "us-east-1", "dynamodb", at);
    Map<String, String> ours = SigV4.sign(captured.method(), captured.header("Host"), captured.path(),
        SigV4Test.withContentSha256(signed, captured.body()), captured.body(), credentials, "us-east-1", "dynamodb",
        at);
    assertThat(ours.get("Authorization")).isEqualTo(modern.firstMatchingHeader("Authorization").orElseThrow());
  }
}
