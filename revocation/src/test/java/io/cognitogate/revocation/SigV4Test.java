package io.cognitogate.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Our SigV4 against the AWS SDK's AwsV4HttpSigner (the oracle) and against AWS's published test suite. */
class SigV4Test {
  static final Instant AT = Instant.parse("2026-11-26T11:38:59Z");
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with=padding==";
  static final String QUERY_JSON = "{\"TableName\":\"revocations\",\"KeyConditionExpression\":\"#p = :s\","
      + "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"}}}";
  static final String NON_ASCII_JSON = "{\"TableName\":\"t-1\",\"Item\":{\"sub\":{\"S\":\"Jos\u00e9 \u00fcber \u65e5\u672c "
      + "\ud83d\ude00 \u0416\"}}}";
  static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

  /** One request as both signers see it: host and port separately for the SDK, the Host header for ours. */
  record Case(String name, String protocol, String host, int port, Map<String, String> headers, String body,
      AwsCredentials credentials, String region) {
    String hostHeader() {
      return port == -1 ? host : host + ':' + port;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Map<String, String> dynamoHeaders(String operation) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.0");
    headers.put("X-Amz-Target", "DynamoDB_20120810." + operation);
    return headers;
  }

  static AwsCredentials keys() {
    return new AwsCredentials(KEY_ID, SECRET, null, null);
  }

  static AwsCredentials session() {
    return new AwsCredentials("ASIAQUERYEXAMPLE", SECRET, TOKEN, AT.plusSeconds(3600));
  }

  static Stream<Arguments> requests() {
    Map<String, String> spaced = new LinkedHashMap<>(dynamoHeaders("Query"));
    spaced.put("X-Custom", "  leading and trailing  ");
    spaced.put("X-Inner", "a  b   c    d");
    spaced.put("x-lower-case-name", " mixed  Case\u00a0value ");
    return Stream.of(
        new Case("empty body, long-term keys", "https", "dynamodb.us-east-1.amazonaws.com", -1,
            dynamoHeaders("Query"), "", keys(), "us-east-1"),
        new Case("empty body, session token", "https", "dynamodb.eu-west-1.amazonaws.com", -1,
            dynamoHeaders("Query"), "", session(), "eu-west-1"),
        new Case("ASCII JSON, keys", "https", "dynamodb.ap-southeast-2.amazonaws.com", -1,
            dynamoHeaders("Query"), QUERY_JSON, keys(), "ap-southeast-2"),
        new Case("ASCII JSON, session token", "https", "dynamodb.us-east-1.amazonaws.com", -1,
            dynamoHeaders("PutItem"), QUERY_JSON, session(), "us-east-1"),
        new Case("China region", "https", "dynamodb.cn-north-1.amazonaws.com.cn", -1,
            dynamoHeaders("Query"), QUERY_JSON, session(), "cn-north-1"),
        new Case("GovCloud region", "https", "dynamodb.us-gov-west-1.amazonaws.com", -1,
            dynamoHeaders("PutItem"), QUERY_JSON, keys(), "us-gov-west-1"),
        new Case("non-ASCII UTF-8 JSON body", "https", "dynamodb.eu-central-1.amazonaws.com", -1,
            dynamoHeaders("PutItem"), NON_ASCII_JSON, session(), "eu-central-1"),
        new Case("header values with outer and inner runs of spaces", "https", "dynamodb.us-east-1.amazonaws.com", -1,
            spaced, QUERY_JSON, keys(), "us-east-1"),
        new Case("Host with a port (dynalite)", "http", "127.0.0.1", 4567,
            dynamoHeaders("Query"), QUERY_JSON, keys(), "us-east-1"),
        new Case("Host name with a port and a session token", "http", "localhost", 8000,
            dynamoHeaders("PutItem"), NON_ASCII_JSON, session(), "eu-north-1"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void signWhenSameRequestThenSignatureAndSignedHeadersMatchTheSdk(Case request) {
    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);

    Map<String, String> ours = SigV4.sign("POST", request.hostHeader(), "/", withContentSha256(request.headers(), body),
        body, request.credentials(), request.region(), "dynamodb", AT);
    SdkHttpRequest sdk = sdkSign(request.protocol(), request.host(), request.port(), request.headers(), body,
        request.credentials(), request.region(), "dynamodb", AT);

    Matcher mine = authorization(ours.get("Authorization"));
    Matcher theirs = authorization(sdk.firstMatchingHeader("Authorization").orElseThrow());
    assertThat(mine.group(2)).as("SignedHeaders").isEqualTo(theirs.group(2));
    assertThat(mine.group(3)).as("Signature").isEqualTo(theirs.group(3));
    assertThat(mine.group(1)).as("Credential").isEqualTo(theirs.group(1));
    assertThat(ours.get("X-Amz-Date")).isEqualTo(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
    if (request.credentials().sessionToken() != null) {
      assertThat(ours.get("X-Amz-Security-Token")).isEqualTo(TOKEN)
          .isEqualTo(sdk.firstMatchingHeader("X-Amz-Security-Token").orElseThrow());
      assertThat(mine.group(2)).contains("x-amz-security-token");
    } else {
      assertThat(ours).doesNotContainKey("X-Amz-Security-Token");
    }
  }

  @Test
  void signWhenSessionTokenThenSignsItAndMatchesTheSdk() {
    byte[] body = QUERY_JSON.getBytes(StandardCharsets.UTF_8);
    Map<String, String> ours = SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/",
        withContentSha256(dynamoHeaders("Query"), body), body, session(), "us-east-1", "dynamodb", AT);
    SdkHttpRequest sdk = sdkSign("https", "dynamodb.us-east-1.amazonaws.com", -1, dynamoHeaders("Query"), body,
        session(), "us-east-1", "dynamodb", AT);

    assertThat(ours.get("Authorization")).isEqualTo(sdk.firstMatchingHeader("Authorization").orElseThrow())
        .startsWith("AWS4-HMAC-SHA256 Credential=ASIAQUERYEXAMPLE/20261126/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target, "
            + "Signature=");
    assertThat(sdk.firstMatchingHeader("x-amz-content-sha256")).contains(SigV4.hex(SigV4.sha256(body)));
  }

  @Test
  void signWhenNoExtraHeaderThenSignsOnlyHostDateTokenAndTheGivenOnes() {
    Map<String, String> ours = SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        new byte[0], session(), "us-east-1", "dynamodb", AT);

    assertThat(authorization(ours.get("Authorization")).group(2))
        .isEqualTo("content-type;host;x-amz-date;x-amz-security-token;x-amz-target");
  }

  @Test
  void signWhenInstantThenAmzDateIsUtcBasicFormat() {
    Map<String, String> ours = SigV4.sign("POST", "h", "/", Map.of(), new byte[0], keys(), "us-east-1", "dynamodb",
        Instant.parse("2026-01-02T03:04:05.999Z"));

    assertThat(ours.get("X-Amz-Date")).isEqualTo("20260102T030405Z");
    assertThat(ours.get("Authorization")).contains("/20260102/us-east-1/dynamodb/aws4_request");
  }

  // AWS's published SigV4 test suite (aws-sig-v4-test-suite): AKIDEXAMPLE, 2015-08-30T12:36:00Z,
  // us-east-1, service "service", Host example.amazonaws.com; expected signatures from its .authz files.
  static final AwsCredentials SUITE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      null, null);
  static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");

  static Stream<Arguments> publishedSuite() {
    Map<String, String> keySort = Map.of("My-Header1", "value1");
    Map<String, String> trim = new LinkedHashMap<>();
    trim.put("My-Header1", " value1");
    trim.put("My-Header2", "\"a   b   c\"");
    return Stream.of(
        Arguments.of("get-vanilla", "GET", Map.of(), "",
            "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Arguments.of("post-vanilla", "POST", Map.of(), "",
            "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Arguments.of("post-header-key-sort", "POST", keySort, "",
            "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        Arguments.of("get-header-value-trim", "GET", trim, "",
            "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        Arguments.of("post-x-www-form-urlencoded", "POST",
            Map.of("Content-Type", "application/x-www-form-urlencoded"), "Param1=value1",
            "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedSuite")
  void signWhenAwsPublishedTestSuiteRequestThenPublishedSignature(String name, String method,
      Map<String, String> headers, String body, String signedHeaders, String signature) {
    Map<String, String> ours = SigV4.sign(method, "example.amazonaws.com", "/", headers,
        body.getBytes(StandardCharsets.UTF_8), SUITE, "us-east-1", "service", SUITE_TIME);

    assertThat(ours.get("X-Amz-Date")).isEqualTo("20150830T123600Z");
    assertThat(ours.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
        + "service/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature);
  }

  @Test
  void signWhenAnyInputChangesThenSignatureChanges() {
    byte[] body = QUERY_JSON.getBytes(StandardCharsets.UTF_8);
    String base = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"), body,
        keys(), "us-east-1", "dynamodb", AT));

    String otherSecret = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        body, new AwsCredentials(KEY_ID, SECRET + "x", null, null), "us-east-1", "dynamodb", AT));
    String otherRegion = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        body, keys(), "us-east-2", "dynamodb", AT));
    String otherSecond = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        body, keys(), "us-east-1", "dynamodb", AT.plusSeconds(1)));
    String otherDay = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        body, keys(), "us-east-1", "dynamodb", AT.plusSeconds(86_400)));
    byte[] changedBody = QUERY_JSON.replace("eeee\"", "eeef\"").getBytes(StandardCharsets.UTF_8);
    String otherBody = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        changedBody, keys(), "us-east-1", "dynamodb", AT));
    String otherHeader = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/",
        dynamoHeaders("PutItem"), body, keys(), "us-east-1", "dynamodb", AT));
    String otherHost = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com:443", "/",
        dynamoHeaders("Query"), body, keys(), "us-east-1", "dynamodb", AT));
    String otherToken = signature(SigV4.sign("POST", "dynamodb.us-east-1.amazonaws.com", "/", dynamoHeaders("Query"),
        body, new AwsCredentials(KEY_ID, SECRET, "t", null), "us-east-1", "dynamodb", AT));

    assertThat(Stream.of(base, otherSecret, otherRegion, otherSecond, otherDay, otherBody, otherHeader, otherHost,
        otherToken).distinct()).hasSize(9);
  }

  @Test
  void signWhenCalledTwiceThenSameHeaders() {
    byte[] body = NON_ASCII_JSON.getBytes(StandardCharsets.UTF_8);

    assertThat(SigV4.sign("POST", "h:1", "/", dynamoHeaders("Query"), body, session(), "us-east-1", "dynamodb", AT))
        .isEqualTo(SigV4.sign("POST", "h:1", "/", dynamoHeaders("Query"), body, session(), "us-east-1", "dynamodb",
            AT))
        .containsOnlyKeys("X-Amz-Date", "X-Amz-Security-Token", "Authorization");
  }

  @Test
  void canonicalValueWhenOuterAndInnerSpacesThenTrimmedAndCollapsed() {
    assertThat(SigV4.canonicalValue("  a  b   c ")).isEqualTo("a b c");
    assertThat(SigV4.canonicalValue("plain")).isEqualTo("plain");
  }

  /**
   * The SDK's AwsV4HttpSigner always adds and signs {@code x-amz-content-sha256} (the payload hash it
   * also puts in the canonical request); DynamoDB does not need it and our store does not send it, so to
   * compare like with like the oracle's extra header is signed on our side too, with the same value.
   */
  static Map<String, String> withContentSha256(Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("x-amz-content-sha256", SigV4.hex(SigV4.sha256(body)));
    return all;
  }

  static String signature(Map<String, String> headers) {
    return authorization(headers.get("Authorization")).group(3);
  }

  static Matcher authorization(String header) {
    Matcher matcher = AUTHORIZATION.matcher(header);
    assertThat(matcher.matches()).as("Authorization header shape: %s", header).isTrue();
    return matcher;
  }

  /**
   * The SDK's signature of the same request: the same headers (the SDK adds Host itself from host and
   * port, and X-Amz-Date / X-Amz-Security-Token from the clock and the identity).
   */
  static SdkHttpRequest sdkSign(String protocol, String host, int port, Map<String, String> headers, byte[] body,
      AwsCredentials credentials, String region, String service, Instant at) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol(protocol)
        .host(host)
        .encodedPath("/");
    if (port != -1) {
      request.port(port);
    }
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity = credentials.sessionToken() == null
        ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
        : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(),
            credentials.sessionToken());
    SignRequest<AwsCredentialsIdentity> sign = SignRequest.builder(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(sign);
    return signed.request();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 20, 32, 63, 64, 65, 100, 200})
  void hmacWhenAnyKeyLengthThenEqualsTheJceMac(int keyLength) throws Exception {
    byte[] key = new byte[keyLength];
    for (int i = 0; i < keyLength; i++) {
      key[i] = (byte) (i * 31 + 7);
    }
    for (String data : new String[] {"", "aws4_request", "x".repeat(1000), "non-ascii \u00e9\u4e2d"}) {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(keyLength == 0 ? new byte[1] : key, "HmacSHA256"));
      byte[] expected = keyLength == 0 ? null : mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (expected != null) {
        assertThat(SigV4.hmac(key, data)).as("key %d bytes, data %d chars", keyLength, data.length()).isEqualTo(expected);
      }
    }
  }

  @Test
  void hmacWhenRfc4231TestCase2ThenPublishedValue() {
    // RFC 4231, 4.3: key "Jefe", data "what do ya want for nothing?"
    assertThat(SigV4.hex(SigV4.hmac("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "what do ya want for nothing?"))).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
