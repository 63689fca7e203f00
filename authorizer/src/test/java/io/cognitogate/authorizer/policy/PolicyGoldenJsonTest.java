package io.cognitogate.authorizer.policy;

import static io.cognitogate.authorizer.policy.IamMatcher.Decision.ALLOW;
import static io.cognitogate.authorizer.policy.IamMatcher.Decision.EXPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.Authorizer;
import io.cognitogate.authorizer.AuthorizerFixture;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire form through the serializer the Lambda Java runtime uses, against golden files, and the
 * returned policy evaluated like IAM for other routes (API Gateway caches it per token).
 */
class PolicyGoldenJsonTest {
  static final String AWS_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";
  static final String CN_ARN = "arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/prod/GET/mock";
  static final String GOV_ARN = "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abcdef1234/v1/GET/a/b/c";
  static final String RULES = "GET /mock/admin=group:admins;DELETE /admin/*=group:admins|scope:admin/write";

  static final ObjectMapper JSON = new ObjectMapper();
  static final PojoSerializer<IamPolicyResponseV1> OUT = runtimeSerializer(IamPolicyResponseV1.class);
  static final PojoSerializer<APIGatewayCustomAuthorizerEvent> IN = runtimeSerializer(APIGatewayCustomAuthorizerEvent.class);

  static <T> PojoSerializer<T> runtimeSerializer(Class<T> type) {
    return AuthorizerFixture.runtimeSerializer(type);
  }

  static String wire(IamPolicyResponseV1 response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OUT.toJson(response, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static JsonNode golden(String name) throws IOException {
    try (InputStream in = PolicyGoldenJsonTest.class.getResourceAsStream("/golden/" + name)) {
      return JSON.readTree(in);
    }
  }

  static String resource(String stageArn, String verb, String path) {
    return stageArn + "/" + verb + path;
  }

  @Test
  void runtimeSerializerWhenTheResponseTypeThenTakesThePlainJacksonPath() {
    // IamPolicyResponseV1 is not in the events serializer's list: its getPolicyDocument() builds the IAM
    // member names (Version, Statement, Effect, ...) itself, which plain Jackson writes as they are
    assertThat(LambdaEventSerializers.isLambdaSupportedEvent(IamPolicyResponseV1.class.getName())).isFalse();
  }

  @Test
  void wireFormWhenSerializedThenIsTheGoldenDocumentWithNoNullMembers() throws IOException {
    IamPolicyResponseV1 response = AuthorizerFixture.authorizer("", line -> { })
        .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), AWS_ARN);
    // the same tree (member order is the library's), and no "Condition": null or "usageIdentifierKey": null
    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("allow-aws.json"));
    assertThat(wire(response)).doesNotContain("null", "Condition", "usageIdentifierKey");
  }

  @Test
  void serializerWhenTokenEventJsonThenDeserializesEveryField() {
    APIGatewayCustomAuthorizerEvent event = IN.fromJson("{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer abc.def.ghi\","
        + "\"methodArn\":\"" + AWS_ARN + "\"}");
    assertThat(event.getType()).isEqualTo("TOKEN");
    assertThat(event.getAuthorizationToken()).isEqualTo("Bearer abc.def.ghi");
    assertThat(event.getMethodArn()).isEqualTo(AWS_ARN);
  }

  @Test
  void policyWhenAwsPartitionThenMatchesGoldenJsonAndAllowsEveryRoute() throws IOException {
    Authorizer authorizer = AuthorizerFixture.authorizer("", line -> { });
    IamPolicyResponseV1 response = authorizer.authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), AWS_ARN);

    String json = wire(response);
    assertThat(JSON.readTree(json)).isEqualTo(golden("allow-aws.json"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
    // the cache regression: a policy cached for GET /mock must also let PUT /other through
    assertThat(IamMatcher.evaluate(AuthorizerFixture.wirePolicy(response), "execute-api:Invoke", resource(stage, "PUT", "/other")))
        .isEqualTo(ALLOW);
    assertThat(IamMatcher.evaluate(AuthorizerFixture.wirePolicy(response), "execute-api:Invoke", resource(stage, "GET", "/")))
        .isEqualTo(ALLOW);
  }

  @Test
  void policyWhenChinaPartitionThenMatchesGoldenJsonAndAllowsEveryRoute() throws IOException {
    IamPolicyResponseV1 response = AuthorizerFixture.authorizer("", line -> { })
        .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), CN_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("allow-aws-cn.json"));
    assertThat(IamMatcher.evaluate(AuthorizerFixture.wirePolicy(response), "execute-api:Invoke",
        "arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/prod/PUT/other")).isEqualTo(ALLOW);
  }

  @Test
  void policyWhenGovCloudNestedPathThenCoversTheWholeStage() throws IOException {
    IamPolicyResponseV1 response = AuthorizerFixture.authorizer("", line -> { })
        .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), GOV_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("allow-aws-us-gov-nested.json"));
    String stage = "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abcdef1234/v1";
    assertThat(IamMatcher.evaluate(AuthorizerFixture.wirePolicy(response), "execute-api:Invoke", resource(stage, "POST", "/x/y/z")))
        .isEqualTo(ALLOW);
    assertThat(IamMatcher.evaluate(AuthorizerFixture.wirePolicy(response), "execute-api:Invoke",
        "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abcdef1234/other-stage/GET/a")).isNotEqualTo(ALLOW);
  }

  @Test
  void policyWhenUserLacksTheGroupThenExplicitDenyOnThoseRoutesAndAllowElsewhere() throws IOException {
    IamPolicyResponseV1 response = AuthorizerFixture.authorizer(RULES, line -> { })
        .authorize(AuthorizerFixture.tokenWithGroups(List.of("users")), AWS_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("rules-deny-aws.json"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
    var policy = AuthorizerFixture.wirePolicy(response);
    assertThat(IamMatcher.evaluate(policy, "execute-api:Invoke", resource(stage, "GET", "/mock"))).isEqualTo(ALLOW);
    assertThat(IamMatcher.evaluate(policy, "execute-api:Invoke", resource(stage, "GET", "/mock/admin"))).isEqualTo(EXPLICIT_DENY);
    // the token's scope holds admin/write: the any-of rule on DELETE /admin/* is satisfied
    assertThat(IamMatcher.evaluate(policy, "execute-api:Invoke", resource(stage, "DELETE", "/admin/users/1"))).isEqualTo(ALLOW);
    assertThat(IamMatcher.evaluate(policy, "execute-api:Invoke", resource(stage, "PUT", "/other"))).isEqualTo(ALLOW);
  }

  @Test
  void policyWhenUserHasTheGroupThenOnlyTheAllowStatement() {
    IamPolicyResponseV1 response = AuthorizerFixture.authorizer(RULES, line -> { })
        .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins")), AWS_ARN);

    assertThat((List<?>) AuthorizerFixture.wirePolicy(response).get("Statement")).hasSize(1);
    assertThat(IamMatcher.evaluate(AuthorizerFixture.wirePolicy(response), "execute-api:Invoke",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock/admin")).isEqualTo(ALLOW);
  }

  @Test
  void contextWhenSerializedThenHoldsOnlyFlatStringsAndNumbers() throws IOException {
    IamPolicyResponseV1 response = AuthorizerFixture.authorizer("", line -> { })
        .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), AWS_ARN);
    JsonNode context = JSON.readTree(wire(response)).get("context");
    context.properties().forEach(field ->
        assertThat(field.getValue().isValueNode()).as(field.getKey()).isTrue());
    assertThat(context.get("exp").isNumber()).isTrue();
    assertThat(context.get("groups").asText()).isEqualTo("admins,users");
  }
}
