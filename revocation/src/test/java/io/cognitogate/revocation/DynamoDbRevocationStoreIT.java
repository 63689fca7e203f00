package io.cognitogate.revocation;

import static io.cognitogate.revocation.MarkersTest.SUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cognitogate.testkit.Dynalite;
import io.cognitogate.token.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB store, its client built by {@link DynamoDbClients}, against dynalite (a real
 * DynamoDB protocol server; it does not check signatures) and against dead or hanging ports.
 * Foreign items are written with a separate admin client, as another writer of the table would.
 */
class DynamoDbRevocationStoreIT {
  static final String TABLE = "revocations-it";
  static final long NOW = Instant.now().getEpochSecond();
  static Dynalite dynalite;
  static DynamoDbClient admin;

  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));
  final List<DynamoDbRevocationStore> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    admin = RevocationTable.client(dynalite.endpoint());
    assertThat(RevocationTable.create(admin, TABLE))
        .as("dynalite has no UpdateTimeToLive")
        .isFalse();
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @AfterEach
  void closeStores() {
    opened.forEach(DynamoDbRevocationStore::close);
  }

  static RevocationConfig config(String endpoint) {
    return RevocationConfig.fromEnvironment(
            Map.of(
                "REVOCATION_TABLE",
                TABLE,
                "AWS_REGION",
                "us-east-1",
                "DYNAMODB_ENDPOINT",
                endpoint,
                "REVOCATION_ATTEMPT_TIMEOUT_MS",
                "300",
                "REVOCATION_TIMEOUT_MS",
                "800"))
        .orElseThrow();
  }

  DynamoDbRevocationStore store(String endpoint) {
    return store(config(endpoint));
  }

  DynamoDbRevocationStore store(RevocationConfig config) {
    DynamoDbRevocationStore store =
        new DynamoDbRevocationStore(
            config.table(),
            DynamoDbClients.create(config),
            () -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
            clock);
    opened.add(store);
    return store;
  }

  static String sub(String name) {
    return SUB + "-" + name;
  }

  @Test
  void putThenMarkersForWhenEachKindWrittenThenEachRevokesItsTokens() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("kinds");
    store.put(
        Marker.session(
            new TokenRef(sub, "jti-a", "fam-1", NOW - 100, NOW + 3500), NOW, NOW + 3900));
    store.put(
        Marker.session(new TokenRef(sub, "jti-b", "", NOW - 100, NOW + 3500), NOW, NOW + 3900));

    Markers markers = store.markersFor(sub);

    assertThat(markers.revokes(new TokenRef(sub, "jti-z", "fam-1", NOW - 100, NOW + 3600)))
        .isTrue();
    assertThat(markers.revokes(new TokenRef(sub, "jti-b", "", NOW - 100, NOW + 3600))).isTrue();
    assertThat(markers.revokes(new TokenRef(sub, "jti-c", "fam-2", NOW - 100, NOW + 3600)))
        .isFalse();
    assertThat(markers.signedOutAt()).isEqualTo(Markers.NEVER);

    store.put(Marker.user(sub, NOW, NOW + 3900));
    Markers afterGlobal = store.markersFor(sub);
    assertThat(afterGlobal.revokes(new TokenRef(sub, "jti-c", "fam-2", NOW, NOW + 3600))).isTrue();
    assertThat(afterGlobal.revokes(new TokenRef(sub, "jti-d", "fam-3", NOW + 1, NOW + 3600)))
        .isFalse();
  }

  @Test
  void putWhenSubjectHasJsonSpecialCharactersThenAnotherClientReadsTheSameItemAndSoDoWe() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("quote\"back\\slash\u0001tab\tnon-ascii-\u00e9\u4e2d-\ud83d\ude00");
    store.put(
        Marker.session(new TokenRef(sub, "jti-\"x\"", "", NOW - 10, NOW + 3500), NOW, NOW + 3900));

    Map<String, AttributeValue> item =
        admin
            .getItem(
                r ->
                    r.tableName(TABLE)
                        .key(
                            Map.of(
                                "sub",
                                AttributeValue.fromS(sub),
                                "sk",
                                AttributeValue.fromS("JTI#jti-\"x\""))))
            .item();

    assertThat(item)
        .containsEntry("signedOutAt", AttributeValue.fromN(Long.toString(NOW)))
        .containsEntry("expiresAt", AttributeValue.fromN(Long.toString(NOW + 3900)));
    assertThat(
            store.markersFor(sub).revokes(new TokenRef(sub, "jti-\"x\"", "", NOW - 10, NOW + 3500)))
        .isTrue();
    assertThat(store.markersFor(sub("quote")).isEmpty()).isTrue();
  }

  @Test
  void markersForWhenSubjectUnknownThenNone() {
    assertThat(store(dynalite.endpoint()).markersFor(sub("nobody")).isEmpty()).isTrue();
  }

  @Test
  void markersForWhenItemExpiredButNotDeletedThenIgnored() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("expired");
    store.put(Marker.user(sub, NOW - 4000, NOW - 100));
    store.put(new Marker(sub, Marker.Kind.FAMILY, "fam-old", NOW - 4000, NOW));

    assertThat(
            admin
                .query(
                    r ->
                        r.tableName(TABLE)
                            .keyConditionExpression("#p = :s")
                            .expressionAttributeNames(Map.of("#p", "sub"))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(sub))))
                .count())
        .as("dynalite keeps expired items, as DynamoDB does for a while")
        .isEqualTo(2);
    assertThat(store.markersFor(sub).isEmpty()).isTrue();
  }

  @Test
  void putWhenOlderGlobalSignOutArrivesLastThenLaterOneKept() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("race");
    store.put(Marker.user(sub, NOW, NOW + 3900));
    store.put(Marker.user(sub, NOW - 50, NOW + 3850));

    assertThat(store.markersFor(sub).signedOutAt()).isEqualTo(NOW);
  }

  @Test
  void markersForWhenItemsHaveForeignKeysOrAttributesThenIgnoredOrTolerated() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("foreign");
    admin.putItem(
        r ->
            r.tableName(TABLE)
                .item(
                    Map.of(
                        "sub",
                        AttributeValue.fromS(sub),
                        "sk",
                        AttributeValue.fromS("NOTE#1"),
                        "expiresAt",
                        AttributeValue.fromN(Long.toString(NOW + 999)))));
    admin.putItem(
        r ->
            r.tableName(TABLE)
                .item(
                    Map.of(
                        "sub",
                        AttributeValue.fromS(sub),
                        "sk",
                        AttributeValue.fromS("JTI#j1"),
                        "expiresAt",
                        AttributeValue.fromN(Long.toString(NOW + 999)),
                        "note",
                        AttributeValue.fromS("x".repeat(3000)))));

    Markers markers = store.markersFor(sub);

    assertThat(markers.revokes(new TokenRef(sub, "j1", "", NOW, NOW + 60))).isTrue();
    assertThat(markers.revokes(new TokenRef(sub, "j2", "", NOW, NOW + 60))).isFalse();
  }

  @Test
  void markersForWhenPartitionSpansPagesThenAllRead() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("pages");
    // about 1.2 MB of items: two Query pages (1 MB each)
    String padding = "p".repeat(12_000);
    List<String> jtis = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String jti = String.format("jti-%03d", i);
      jtis.add(jti);
      admin.putItem(
          r ->
              r.tableName(TABLE)
                  .item(
                      Map.of(
                          "sub",
                          AttributeValue.fromS(sub),
                          "sk",
                          AttributeValue.fromS("JTI#" + jti),
                          "expiresAt",
                          AttributeValue.fromN(Long.toString(NOW + 999)),
                          "signedOutAt",
                          AttributeValue.fromN(Long.toString(NOW)),
                          "pad",
                          AttributeValue.fromS(padding))));
    }

    Markers markers = store.markersFor(sub);

    assertThat(markers.revokes(new TokenRef(sub, jtis.get(99), "", NOW, NOW + 60))).isTrue();
    assertThat(markers.revokes(new TokenRef(sub, jtis.get(0), "", NOW, NOW + 60))).isTrue();
  }

  @Test
  void markersForWhenPartitionSpansMoreThanTheBoundOfPagesThenErrorNotAPartialAnswer() {
    DynamoDbRevocationStore store = store(dynalite.endpoint());
    String sub = sub("too-many-pages");
    // about 5 MB of items: five Query pages, one more than a reader accepts
    String padding = "p".repeat(100_000);
    for (int i = 0; i < 50; i++) {
      String jti = String.format("jti-%03d", i);
      admin.putItem(
          r ->
              r.tableName(TABLE)
                  .item(
                      Map.of(
                          "sub",
                          AttributeValue.fromS(sub),
                          "sk",
                          AttributeValue.fromS("JTI#" + jti),
                          "expiresAt",
                          AttributeValue.fromN(Long.toString(NOW + 999)),
                          "signedOutAt",
                          AttributeValue.fromN(Long.toString(NOW)),
                          "pad",
                          AttributeValue.fromS(padding))));
    }

    RevocationStoreException e =
        catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(sub));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR);
    assertThat(e.getMessage()).contains("pages").doesNotContain(sub);
  }

  @Test
  void markersForWhenPortClosedThenUnreachableWithinTheBound() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    DynamoDbRevocationStore store = store("http://127.0.0.1:" + closed);

    long start = System.nanoTime();
    RevocationStoreException e =
        catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isNotNull();
    assertThat(e.reason())
        .isIn(RevocationStoreException.Reason.UNREACHABLE, RevocationStoreException.Reason.TIMEOUT);
    assertThat(took).as("REVOCATION_TIMEOUT_MS 800 plus slack").isLessThan(Duration.ofMillis(2500));
    assertThat(e.getMessage()).doesNotContain(SUB);
  }

  @Test
  void markersForAndPutWhenServerAcceptsButNeverAnswersThenTimeoutWithinTheBound()
      throws Exception {
    try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(hanging.accept()); // read nothing, answer nothing
                  }
                } catch (IOException closedAtEnd) {
                  // the test is over
                }
              },
              "hanging-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      DynamoDbRevocationStore store = store("http://127.0.0.1:" + hanging.getLocalPort());

      long start = System.nanoTime();
      RevocationStoreException read =
          catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));
      Duration readTook = Duration.ofNanos(System.nanoTime() - start);
      start = System.nanoTime();
      RevocationStoreException write =
          catchThrowableOfType(
              RevocationStoreException.class, () -> store.put(Marker.user(SUB, NOW, NOW + 3900)));
      Duration writeTook = Duration.ofNanos(System.nanoTime() - start);

      assertThat(read).isNotNull();
      assertThat(read.reason()).isEqualTo(RevocationStoreException.Reason.TIMEOUT);
      assertThat(readTook)
          .as("REVOCATION_TIMEOUT_MS 800 plus slack")
          .isLessThan(Duration.ofMillis(2500));
      assertThat(write).isNotNull();
      assertThat(write.reason()).isEqualTo(RevocationStoreException.Reason.TIMEOUT);
      assertThat(writeTook).isLessThan(Duration.ofMillis(2500));
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void markersForWhenTableMissingThenErrorNamingTheCodeOnly() {
    RevocationConfig config =
        RevocationConfig.fromEnvironment(
                Map.of(
                    "REVOCATION_TABLE",
                    "no-such-table",
                    "AWS_REGION",
                    "us-east-1",
                    "DYNAMODB_ENDPOINT",
                    dynalite.endpoint()))
            .orElseThrow();
    DynamoDbRevocationStore store = store(config);

    RevocationStoreException e =
        catchThrowableOfType(RevocationStoreException.class, () -> store.markersFor(SUB));

    assertThat(e.reason()).isEqualTo(RevocationStoreException.Reason.ERROR);
    assertThat(e.getMessage())
        .contains("Query ResourceNotFoundException HTTP 400")
        .doesNotContain(SUB)
        .as("dynalite's message names the table: never repeated")
        .doesNotContain("no-such-table");
  }

  @Test
  void openWhenConfiguredThenTheDynamoDbStoreWithTheDefaultCredentialChainAndPrimeNeverThrows() {
    // the chain finds the aws.accessKeyId system property the build sets (Lambda: its environment
    // or container)
    RevocationStore store = RevocationStores.open(config(dynalite.endpoint()), clock);
    opened.add((DynamoDbRevocationStore) store);

    assertThat(store).isInstanceOf(DynamoDbRevocationStore.class);
    store.prime();
    store.put(Marker.user(sub("via-factory"), NOW, NOW + 3900));
    assertThat(store.markersFor(sub("via-factory")).signedOutAt()).isEqualTo(NOW);
    store("http://127.0.0.1:1").prime(); // a dead endpoint: priming swallows the failure
  }
}
