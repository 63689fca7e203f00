package io.cognitogate.authorizer.policy;

import static io.cognitogate.authorizer.policy.IamMatcher.Decision.ALLOW;
import static io.cognitogate.authorizer.policy.IamMatcher.Decision.EXPLICIT_DENY;
import static io.cognitogate.authorizer.policy.IamMatcher.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.Authorizer;
import io.cognitogate.authorizer.AuthorizerFixture;
import io.cognitogate.authorizer.rules.RouteRules;
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
  static final String AWS_ARN =
      "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";
  static final String CN_ARN =
      "arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/prod/GET/mock";
  static final String GOV_ARN =
      "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abcdef1234/v1/GET/a/b/c";
  static final String RULES =
      "GET /mock/admin=group:admins;DELETE /admin/*=group:admins|scope:admin/write";
  static final RouteRules DEFAULT_DENY =
      RouteRules.parse(RULES)
          .denyingByDefault(RouteRules.parseOpenRoutes("GET /health;POST /auth/*"));
  static final String HEALTH_ARN =
      "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/health";

  static final ObjectMapper JSON = new ObjectMapper();
  static final PojoSerializer<IamPolicyResponseV1> OUT =
      runtimeSerializer(IamPolicyResponseV1.class);
  static final PojoSerializer<APIGatewayCustomAuthorizerEvent> IN =
      runtimeSerializer(APIGatewayCustomAuthorizerEvent.class);

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
    // IamPolicyResponseV1 is not in the events serializer's list: its getPolicyDocument() builds
    // the IAM
    // member names (Version, Statement, Effect, ...) itself, which plain Jackson writes as they are
    assertThat(LambdaEventSerializers.isLambdaSupportedEvent(IamPolicyResponseV1.class.getName()))
        .isFalse();
  }

  @Test
  void wireFormWhenSerializedThenIsTheGoldenDocumentWithNoNullMembers() throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer("", line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), AWS_ARN);
    // the same tree (member order is the library's), and no "Condition": null or
    // "usageIdentifierKey": null
    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("allow-aws.json"));
    assertThat(wire(response)).doesNotContain("null", "Condition", "usageIdentifierKey");
  }

  @Test
  void serializerWhenTokenEventJsonThenDeserializesEveryField() {
    APIGatewayCustomAuthorizerEvent event =
        IN.fromJson(
            "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer abc.def.ghi\","
                + "\"methodArn\":\""
                + AWS_ARN
                + "\"}");
    assertThat(event.getType()).isEqualTo("TOKEN");
    assertThat(event.getAuthorizationToken()).isEqualTo("Bearer abc.def.ghi");
    assertThat(event.getMethodArn()).isEqualTo(AWS_ARN);
  }

  @Test
  void policyWhenAwsPartitionThenMatchesGoldenJsonAndAllowsEveryRoute() throws IOException {
    Authorizer authorizer = AuthorizerFixture.authorizer("", line -> {});
    IamPolicyResponseV1 response =
        authorizer.authorize(
            AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), AWS_ARN);

    String json = wire(response);
    assertThat(JSON.readTree(json)).isEqualTo(golden("allow-aws.json"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
    // the cache regression: a policy cached for GET /mock must also let PUT /other through
    assertThat(
            IamMatcher.evaluate(
                AuthorizerFixture.wirePolicy(response),
                "execute-api:Invoke",
                resource(stage, "PUT", "/other")))
        .isEqualTo(ALLOW);
    assertThat(
            IamMatcher.evaluate(
                AuthorizerFixture.wirePolicy(response),
                "execute-api:Invoke",
                resource(stage, "GET", "/")))
        .isEqualTo(ALLOW);
  }

  @Test
  void policyWhenChinaPartitionThenMatchesGoldenJsonAndAllowsEveryRoute() throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer("", line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), CN_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("allow-aws-cn.json"));
    assertThat(
            IamMatcher.evaluate(
                AuthorizerFixture.wirePolicy(response),
                "execute-api:Invoke",
                "arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/prod/PUT/other"))
        .isEqualTo(ALLOW);
  }

  @Test
  void policyWhenGovCloudNestedPathThenCoversTheWholeStage() throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer("", line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), GOV_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("allow-aws-us-gov-nested.json"));
    String stage = "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abcdef1234/v1";
    assertThat(
            IamMatcher.evaluate(
                AuthorizerFixture.wirePolicy(response),
                "execute-api:Invoke",
                resource(stage, "POST", "/x/y/z")))
        .isEqualTo(ALLOW);
    assertThat(
            IamMatcher.evaluate(
                AuthorizerFixture.wirePolicy(response),
                "execute-api:Invoke",
                "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abcdef1234/other-stage/GET/a"))
        .isNotEqualTo(ALLOW);
  }

  @Test
  void policyWhenUserLacksTheGroupThenExplicitDenyOnThoseRoutesAndAllowElsewhere()
      throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer(RULES, line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("users")), AWS_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("rules-deny-aws.json"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
    var policy = AuthorizerFixture.wirePolicy(response);
    assertThat(IamMatcher.evaluate(policy, "execute-api:Invoke", resource(stage, "GET", "/mock")))
        .isEqualTo(ALLOW);
    assertThat(
            IamMatcher.evaluate(
                policy, "execute-api:Invoke", resource(stage, "GET", "/mock/admin")))
        .isEqualTo(EXPLICIT_DENY);
    // the token's scope holds admin/write: the any-of rule on DELETE /admin/* is satisfied
    assertThat(
            IamMatcher.evaluate(
                policy, "execute-api:Invoke", resource(stage, "DELETE", "/admin/users/1")))
        .isEqualTo(ALLOW);
    assertThat(IamMatcher.evaluate(policy, "execute-api:Invoke", resource(stage, "PUT", "/other")))
        .isEqualTo(ALLOW);
  }

  @Test
  void policyWhenUserLacksTheGroupThenTheDenyCoversEverySpellingOfTheRoute() {
    var policy =
        AuthorizerFixture.wirePolicy(
            AuthorizerFixture.authorizer(RULES, line -> {})
                .authorize(AuthorizerFixture.tokenWithGroups(List.of("users")), AWS_ARN));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";

    for (String variant :
        List.of(
            "/GET/mock/admin/",
            "/HEAD/mock/admin",
            "/GET/mock/%61dmin",
            "/GET/mock%2Fadmin",
            "/GET/mock/admin;x",
            "/GET/mock//admin",
            "/GET/x/%2e%2e/mock/admin")) {
      assertThat(IamMatcher.invoke(policy, stage + variant)).as(variant).isEqualTo(EXPLICIT_DENY);
    }
    assertThat(IamMatcher.invoke(policy, stage + "/GET/mock/administrator")).isEqualTo(ALLOW);
  }

  @Test
  void policyWhenDefaultDenyAndCallerLacksTheGroupThenAllowsOpenRoutesAndSatisfiedRulesOnly()
      throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer(DEFAULT_DENY, line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("users")), HEALTH_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("default-deny-aws.json"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
    var policy = AuthorizerFixture.wirePolicy(response);
    assertThat(IamMatcher.invoke(policy, stage + "/GET/health")).isEqualTo(ALLOW);
    assertThat(IamMatcher.invoke(policy, stage + "/HEAD/health/")).isEqualTo(ALLOW);
    assertThat(IamMatcher.invoke(policy, stage + "/POST/auth/login")).isEqualTo(ALLOW);
    // the token's scope holds admin/write: its rule's routes are allowed
    assertThat(IamMatcher.invoke(policy, stage + "/DELETE/admin/users/1")).isEqualTo(ALLOW);
    assertThat(IamMatcher.invoke(policy, stage + "/GET/mock/admin")).isEqualTo(EXPLICIT_DENY);
    assertThat(IamMatcher.invoke(policy, stage + "/GET/mock")).isEqualTo(IMPLICIT_DENY);
    assertThat(IamMatcher.invoke(policy, stage + "/GET/admin/users/1")).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void
      policyWhenDefaultDenyAndCallerMeetsEveryRuleThenAllowsTheirRoutesAndDeniesOnlyAmbiguousPaths()
          throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer(DEFAULT_DENY, line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins")), HEALTH_ARN);

    assertThat(JSON.readTree(wire(response))).isEqualTo(golden("default-deny-admin-aws.json"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";
    assertThat(IamMatcher.invoke(AuthorizerFixture.wirePolicy(response), stage + "/GET/mock/admin"))
        .isEqualTo(ALLOW);
    assertThat(IamMatcher.invoke(AuthorizerFixture.wirePolicy(response), stage + "/GET/mock"))
        .isEqualTo(IMPLICIT_DENY);
    // under DEFAULT_DENY an allowed prefix could reach anywhere through an encoded dot segment:
    // always denied
    assertThat(
            IamMatcher.invoke(
                AuthorizerFixture.wirePolicy(response), stage + "/POST/auth/%2E%2E/mock"))
        .isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void policyWhenDefaultDenyAndNothingIsAllowedThenOnlyADenyStatement() throws IOException {
    RouteRules rules = RouteRules.parse("GET /mock/admin=group:admins").denyingByDefault(List.of());
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer(rules, line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("users")), HEALTH_ARN);

    assertThat(JSON.readTree(wire(response)))
        .isEqualTo(golden("default-deny-nothing-allowed-aws.json"));
    assertThat(IamMatcher.invoke(AuthorizerFixture.wirePolicy(response), HEALTH_ARN))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void decisionLineWhenRequestIsAVariantOfADeniedRouteThenSaysDenyWithTheReason() {
    List<String> lines = new java.util.ArrayList<>();
    Authorizer authorizer = AuthorizerFixture.authorizer(DEFAULT_DENY, lines::add);
    String user = AuthorizerFixture.tokenWithGroups(List.of("users"));
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod";

    var variant = authorizer.authorize(user, stage + "/HEAD/Mock/Admin/");
    authorizer.authorize(user, stage + "/GET/other");
    authorizer.authorize(user, stage + "/POST/auth/..%2Fmock");
    authorizer.authorize(user, stage + "/GET/health");

    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).contains("\"outcome\":\"deny\"", "\"reason\":\"RULE_NOT_SATISFIED\"");
    assertThat(lines.get(1)).contains("\"outcome\":\"deny\"", "\"reason\":\"ROUTE_NOT_OPEN\"");
    assertThat(lines.get(2)).contains("\"outcome\":\"deny\"", "\"reason\":\"AMBIGUOUS_PATH\"");
    assertThat(lines.get(3))
        .contains("\"outcome\":\"allow\"", "\"reason\":\"VERIFIED_WITH_DENIED_ROUTES\"");
    assertThat(
            IamMatcher.invoke(AuthorizerFixture.wirePolicy(variant), stage + "/HEAD/Mock/Admin/"))
        .isNotEqualTo(ALLOW);
  }

  @Test
  void policyWhenUserHasTheGroupThenOnlyTheAllowStatement() {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer(RULES, line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins")), AWS_ARN);

    assertThat((List<?>) AuthorizerFixture.wirePolicy(response).get("Statement")).hasSize(1);
    assertThat(
            IamMatcher.evaluate(
                AuthorizerFixture.wirePolicy(response),
                "execute-api:Invoke",
                "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock/admin"))
        .isEqualTo(ALLOW);
  }

  @Test
  void contextWhenSerializedThenHoldsOnlyFlatStringsAndNumbers() throws IOException {
    IamPolicyResponseV1 response =
        AuthorizerFixture.authorizer("", line -> {})
            .authorize(AuthorizerFixture.tokenWithGroups(List.of("admins", "users")), AWS_ARN);
    JsonNode context = JSON.readTree(wire(response)).get("context");
    context
        .properties()
        .forEach(field -> assertThat(field.getValue().isValueNode()).as(field.getKey()).isTrue());
    assertThat(context.get("exp").isNumber()).isTrue();
    assertThat(context.get("groups").asText()).isEqualTo("admins,users");
  }
}
