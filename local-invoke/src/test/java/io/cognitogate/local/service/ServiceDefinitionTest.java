package io.cognitogate.local.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {

  /** Shaped like {@code osls print --stage local --format json} of our serverless.yml. */
  private static final String PRINTED =
      """
            {
              "service": "cognito-gate",
              "provider": {
                "name": "aws", "runtime": "java17", "region": "us-east-1", "memorySize": 512, "timeout": 10,
                "environment": {"USER_POOL_ID": "us-east-1_LocalPool1", "SHARED": "provider", "NUMBER": 5}
              },
              "functions": {
                "authorizer": {
                  "handler": "io.cognitogate.authorizer.TokenAuthorizerHandler",
                  "package": {"artifact": "authorizer/target/authorizer.jar"},
                  "environment": {"ALLOWED_CLIENT_IDS": "abc", "SHARED": "function", "ARN": {"Fn::GetAtt": ["Pool", "Arn"]},
                                  "NUMBER": null}
                },
                "mock": {
                  "handler": "io.cognitogate.mock.MockHandler::handleRequest",
                  "name": "explicit-mock-name",
                  "memorySize": 256,
                  "reservedConcurrency": 2,
                  "package": {"artifact": "mock-api/target/mock-api.jar"},
                  "events": [
                    {"http": {"path": "mock", "method": "get",
                              "authorizer": {"name": "authorizer", "resultTtlInSeconds": 120, "type": "token"}}},
                    {"http": {"path": "mock/admin", "method": "get",
                              "authorizer": {"name": "authorizer", "resultTtlInSeconds": 60}}}
                  ]
                },
                "other": {
                  "handler": "io.cognitogate.mock.MockHandler",
                  "package": {"artifact": "mock-api/target/mock-api.jar"},
                  "events": [{"http": {"path": "x", "method": "get", "authorizer": "otherAuthorizer"}}]
                },
                "otherAuthorizer": {"handler": "io.cognitogate.authorizer.TokenAuthorizerHandler",
                                    "package": {"artifact": "other/target/other.jar"}}
              }
            }
            """;

  private final Path serviceDir = Path.of("/repo");

  private ServiceDefinition parse(Map<String, String> hostEnv) throws Exception {
    JsonNode root = JacksonFactory.getInstance().getMapper().readTree(PRINTED);
    return ServiceDefinition.parse(root, serviceDir, "local", hostEnv);
  }

  @Test
  void parseWhenFunctionHasNoNameThenDeployedNameIsServiceStageKey() throws Exception {
    FunctionDefinition authorizer =
        parse(Map.of()).functions().get("cognito-gate-local-authorizer");

    assertThat(authorizer.key()).isEqualTo("authorizer");
    assertThat(authorizer.artifact()).isEqualTo(Path.of("/repo/authorizer/target/authorizer.jar"));
    assertThat(authorizer.memoryMb()).isEqualTo(512);
    assertThat(authorizer.timeoutSeconds()).isEqualTo(10);
  }

  @Test
  void
      parseWhenEnvironmentOnProviderAndFunctionThenMergedFunctionWinsNullUnsetsAndLambdaVariablesAdded()
          throws Exception {
    Map<String, String> environment =
        parse(Map.of()).functions().get("cognito-gate-local-authorizer").environment();

    assertThat(environment)
        .containsEntry("USER_POOL_ID", "us-east-1_LocalPool1")
        .containsEntry("ALLOWED_CLIENT_IDS", "abc")
        .containsEntry("SHARED", "function")
        .doesNotContainKey("NUMBER")
        .containsEntry("AWS_REGION", "us-east-1")
        .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "cognito-gate-local-authorizer")
        .doesNotContainKey("ARN");
  }

  @Test
  void parseWhenValueIsAnIntrinsicThenWarnsNamingTheVariableOnly() throws Exception {
    assertThat(parse(Map.of()).warnings())
        .anySatisfy(
            w -> assertThat(w).contains("ARN").contains("authorizer").doesNotContain("Fn::GetAtt"))
        .noneSatisfy(w -> assertThat(w).contains("NUMBER"));
  }

  @Test
  void parseWhenHostHasCredentialsThenFunctionsGetThemAsLambdaWould() throws Exception {
    Map<String, String> environment =
        parse(
                Map.of(
                    "AWS_ACCESS_KEY_ID",
                    "local",
                    "AWS_SECRET_ACCESS_KEY",
                    "local",
                    "UNRELATED",
                    "no"))
            .functions()
            .get("explicit-mock-name")
            .environment();

    assertThat(environment)
        .containsEntry("AWS_ACCESS_KEY_ID", "local")
        .doesNotContainKey("UNRELATED");
  }

  @Test
  void parseWhenHandlerNamesAMethodThenClassIsKeptAndNameIsExplicit() throws Exception {
    FunctionDefinition mock = parse(Map.of()).functions().get("explicit-mock-name");

    assertThat(mock.handler()).isEqualTo("io.cognitogate.mock.MockHandler");
    assertThat(mock.memoryMb()).isEqualTo(256);
    assertThat(mock.isAuthorizer()).isFalse();
  }

  @Test
  void parseWhenFunctionReservesConcurrencyThenKeptAndOtherwiseAbsent() throws Exception {
    ServiceDefinition service = parse(Map.of());

    assertThat(service.functions().get("explicit-mock-name").reservedConcurrency())
        .isEqualTo(OptionalInt.of(2));
    assertThat(service.functions().get("cognito-gate-local-authorizer").reservedConcurrency())
        .isEmpty();
  }

  @Test
  void parseWhenRoutesUseAnAuthorizerThenItsTtlIsTheFirstRoutesAndConflictIsWarned()
      throws Exception {
    ServiceDefinition service = parse(Map.of());

    assertThat(service.functions().get("cognito-gate-local-authorizer").authorizerTtlSeconds())
        .isEqualTo(OptionalInt.of(120));
    assertThat(service.warnings()).anySatisfy(w -> assertThat(w).contains("resultTtlInSeconds"));
  }

  @Test
  void parseWhenAuthorizerGivenByNameOnlyThenFrameworkDefaultTtl() throws Exception {
    assertThat(
            parse(Map.of())
                .functions()
                .get("cognito-gate-local-otherAuthorizer")
                .authorizerTtlSeconds())
        .isEqualTo(OptionalInt.of(300));
  }

  @Test
  void lookupWhenNameUnknownThenUniqueHandlerAndArtifactMatch() throws Exception {
    ServiceDefinition service = parse(Map.of());

    assertThat(
            service.lookup(
                "cognito-gate-dev-authorizer",
                "io.cognitogate.authorizer.TokenAuthorizerHandler",
                Path.of("/repo/authorizer/target/authorizer.jar")))
        .map(FunctionDefinition::key)
        .contains("authorizer");
    // two functions share the mock handler and jar: ambiguous, so nothing rather than a guess
    assertThat(
            service.lookup(
                "nope",
                "io.cognitogate.mock.MockHandler",
                Path.of("/repo/mock-api/target/mock-api.jar")))
        .isEmpty();
    assertThat(service.lookup("explicit-mock-name", "anything", null))
        .map(FunctionDefinition::key)
        .contains("mock");
  }
}
