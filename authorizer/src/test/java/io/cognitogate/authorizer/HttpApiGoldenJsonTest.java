package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The REQUEST and HTTP API answers as the Lambda runtime serializes them, against golden files, and
 * the events as the runtime reads them from what API Gateway sends.
 */
class HttpApiGoldenJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RULES = "GET /mock/admin=group:admins";

  static <T> String wire(T response, Class<T> type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuthorizerFixture.runtimeSerializer(type).toJson(response, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static JsonNode golden(String name) throws IOException {
    try (InputStream in = HttpApiGoldenJsonTest.class.getResourceAsStream("/golden/" + name)) {
      return JSON.readTree(in);
    }
  }

  static String user() {
    return AuthorizerFixture.tokenWithGroups(List.of("users"));
  }

  @Test
  void runtimeSerializerWhenTheHttpApiTypesThenTakesThePlainJacksonPath() {
    // none is in the events serializer's list: the runtime writes and reads them with plain Jackson
    for (Class<?> type :
        List.of(
            SimpleIAMPolicyResponse.class,
            IamPolicyResponse.class,
            APIGatewayV2CustomAuthorizerEvent.class,
            APIGatewayCustomAuthorizerEvent.class)) {
      assertThat(LambdaEventSerializers.isLambdaSupportedEvent(type.getName()))
          .as(type.getSimpleName())
          .isFalse();
    }
  }

  @Test
  void simpleResponseWhenAllowedThenIsAuthorizedTrueWithTheClaimsAsStrings() throws IOException {
    SimpleIAMPolicyResponse response =
        new HttpApiAuthorizerHandler(AuthorizerFixture.authorizer(RULES, line -> {}))
            .handleRequest(EventFixture.httpApi(user(), "GET", "/mock"), null);

    String json = wire(response, SimpleIAMPolicyResponse.class);
    assertThat(JSON.readTree(json)).isEqualTo(golden("http-simple-allow.json"));
    JSON.readTree(json)
        .get("context")
        .properties()
        .forEach(claim -> assertThat(claim.getValue().isTextual()).as(claim.getKey()).isTrue());
  }

  @Test
  void simpleResponseWhenDeniedThenIsAuthorizedFalseAndNoClaims() throws IOException {
    SimpleIAMPolicyResponse response =
        new HttpApiAuthorizerHandler(AuthorizerFixture.authorizer(RULES, line -> {}))
            .handleRequest(EventFixture.httpApi(user(), "GET", "/mock/admin"), null);

    assertThat(JSON.readTree(wire(response, SimpleIAMPolicyResponse.class)))
        .isEqualTo(golden("http-simple-deny.json"));
  }

  @Test
  void httpPolicyWhenCallerLacksTheGroupThenTheRestPolicyOnTheDefaultStageInTheHttpApiType()
      throws IOException {
    IamPolicyResponse response =
        new HttpApiPolicyAuthorizerHandler(AuthorizerFixture.authorizer(RULES, line -> {}))
            .handleRequest(EventFixture.httpApi(user(), "GET", "/mock"), null);

    String json = wire(response, IamPolicyResponse.class);
    assertThat(JSON.readTree(json)).isEqualTo(golden("http-policy-rules-deny.json"));
    assertThat(json).doesNotContain("null", "Condition", "usageIdentifierKey");
  }

  @Test
  void requestHandlerWhenCallerLacksTheGroupThenTheSamePolicyAsTheTokenHandler()
      throws IOException {
    IamPolicyResponseV1 viaRequest =
        new RequestAuthorizerHandler(AuthorizerFixture.authorizer(RULES, line -> {}))
            .handleRequest(EventFixture.restRequest("Authorization", user(), "GET", "/mock"), null);
    IamPolicyResponseV1 viaToken =
        new TokenAuthorizerHandler(AuthorizerFixture.authorizer(RULES, line -> {}))
            .handleRequest(
                AuthorizerFixture.event(user(), EventFixture.REST_STAGE + "/GET/mock"), null);

    String json = wire(viaRequest, IamPolicyResponseV1.class);
    assertThat(JSON.readTree(json)).isEqualTo(golden("rules-deny-aws.json"));
    assertThat(JSON.readTree(json))
        .isEqualTo(JSON.readTree(wire(viaToken, IamPolicyResponseV1.class)));
  }

  @Test
  void serializerWhenHttpApiPayload2EventThenReadsWhatTheHandlerUses() {
    APIGatewayV2CustomAuthorizerEvent event =
        AuthorizerFixture.runtimeSerializer(APIGatewayV2CustomAuthorizerEvent.class)
            .fromJson(
                EventFixture.httpApiJson(
                        "Bearer abc.def.ghi", "GET", "/mock/admin", "GET /mock/admin")
                    .toString());

    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getType()).isEqualTo("REQUEST");
    assertThat(event.getRouteArn()).isEqualTo(EventFixture.HTTP_STAGE + "/GET/mock/admin");
    assertThat(event.getRouteKey()).isEqualTo("GET /mock/admin");
    assertThat(event.getRawPath()).isEqualTo("/mock/admin");
    assertThat(event.getHeaders()).containsEntry("authorization", "Bearer abc.def.ghi");
    assertThat(event.getIdentitySource()).containsExactly("Bearer abc.def.ghi");
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
    assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
    assertThat(event.getRequestContext().getTimeEpoch().toEpochMilli()).isEqualTo(1795687200000L);
  }

  @Test
  void serializerWhenRestRequestEventThenReadsHeadersAndMethodArn() {
    APIGatewayCustomAuthorizerEvent event =
        EventFixture.restRequest("AUTHORIZATION", "Bearer abc.def.ghi", "GET", "/mock");

    assertThat(event.getType()).isEqualTo("REQUEST");
    assertThat(event.getMethodArn()).isEqualTo(EventFixture.REST_STAGE + "/GET/mock");
    assertThat(event.getHeaders())
        .containsEntry("AUTHORIZATION", "Bearer abc.def.ghi")
        .containsEntry("X-Tenant", "acme");
    assertThat(event.getAuthorizationToken()).isNull();
  }
}
