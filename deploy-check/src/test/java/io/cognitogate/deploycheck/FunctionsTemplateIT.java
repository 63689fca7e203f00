package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FunctionsTemplateIT {

  /**
   * HTTP APIs document 10 s for a Lambda authorizer (we hold the REST authorizer to it); 29 s for
   * an integration.
   */
  private static final int AUTHORIZER_LIMIT_SECONDS = 10;

  private static final int INTEGRATION_LIMIT_SECONDS = 29;

  private final PackagedService service = PackagedService.get();

  static Stream<Contract.Function> functions() {
    return Contract.FUNCTIONS.stream();
  }

  private JsonNode props(String function) {
    return service.function(function).getValue().path("Properties");
  }

  @Test
  void templateWhenPackagedThenHasExactlyTheContractFunctions() {
    Set<String> names = new TreeSet<>();
    service
        .resourcesOfType("AWS::Lambda::Function")
        .values()
        .forEach(f -> names.add(f.path("Properties").path("FunctionName").asText()));
    Set<String> expected = new TreeSet<>();
    Contract.FUNCTIONS.forEach(f -> expected.add("cognito-gate-" + service.stage + "-" + f.name()));

    assertThat(names).as("Lambda functions in the template").isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionWhenPackagedThenRunsJava21WithSnapStartOnPublishedVersions(
      Contract.Function function) {
    JsonNode props = props(function.name());

    assertThat(props.path("Runtime").asText())
        .as("%s Runtime", function.name())
        .isEqualTo("java21");
    assertThat(props.path("SnapStart").path("ApplyOn").asText())
        .as("%s SnapStart.ApplyOn", function.name())
        .isEqualTo("PublishedVersions");
    String functionId = service.function(function.name()).getKey();
    boolean aliasOnVersion =
        service.resourcesOfType("AWS::Lambda::Alias").values().stream()
            .map(a -> a.path("Properties"))
            .anyMatch(
                a ->
                    PackagedService.isRef(a.path("FunctionName"), functionId)
                        && a.path("Name").asText().equals("snapstart")
                        && a.path("FunctionVersion").has("Fn::GetAtt"));
    assertThat(aliasOnVersion)
        .as("%s has a 'snapstart' alias on a published version", function.name())
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionWhenPackagedThenUsesItsContractHandlerAndJar(Contract.Function function)
      throws IOException {
    JsonNode props = props(function.name());
    JsonNode state = service.stateFunctions().get(function.name());

    assertThat(props.path("Handler").asText())
        .as("%s Handler", function.name())
        .isEqualTo(function.handler());
    assertThat(state.path("package").path("artifact").asText())
        .as("%s package.artifact", function.name())
        .isEqualTo(function.artifact());
    String jarName = Path.of(function.artifact()).getFileName().toString();
    assertThat(props.path("Code").path("S3Key").asText())
        .as("%s Code.S3Key", function.name())
        .endsWith("/" + jarName);

    Path jar = service.repoRoot.resolve(function.artifact());
    assertThat(jar).as("%s jar", function.name()).isRegularFile();
    String classEntry = function.handler().replace('.', '/') + ".class";
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.getEntry(classEntry))
          .as("%s contains the handler %s", jar, classEntry)
          .isNotNull();
    }
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionWhenPackagedThenLogsJsonToItsOwnLogGroupWithRetention(Contract.Function function) {
    JsonNode props = props(function.name());
    JsonNode logging = props.path("LoggingConfig");

    assertThat(logging.path("LogFormat").asText())
        .as("%s LoggingConfig.LogFormat", function.name())
        .isEqualTo("JSON");
    String expectedGroup = "/aws/lambda/" + props.path("FunctionName").asText();
    boolean retained =
        service.resourcesOfType("AWS::Logs::LogGroup").values().stream()
            .map(g -> g.path("Properties"))
            .anyMatch(
                g ->
                    g.path("LogGroupName").asText().equals(expectedGroup)
                        && g.path("RetentionInDays").asInt(0) > 0);
    assertThat(retained).as("log group %s with RetentionInDays", expectedGroup).isTrue();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionWhenPackagedThenHasExplicitMemoryAndATimeoutApiGatewayOutlasts(
      Contract.Function function) {
    JsonNode props = props(function.name());
    int timeout = props.path("Timeout").asInt(0);

    assertThat(props.path("MemorySize").asInt(0))
        .as("%s MemorySize (MB)", function.name())
        .isBetween(512, 3008);
    int limit =
        function.name().equals(Contract.AUTHORIZER)
            ? AUTHORIZER_LIMIT_SECONDS
            : INTEGRATION_LIMIT_SECONDS;
    assertThat(timeout)
        .as("%s Timeout (s), under API Gateway's %d s", function.name(), limit)
        .isPositive()
        .isLessThan(limit);
    if (function.callsCognito()) {
      assertThat(timeout)
          .as("%s Timeout (s) outlasts a Cognito call with its retry", function.name())
          .isGreaterThanOrEqualTo(8);
    }
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionWhenPackagedThenStartsItsJvmWithTheMeasuredSettingsOnly(Contract.Function function) {
    String options =
        props(function.name())
            .path("Environment")
            .path("Variables")
            .path("JAVA_TOOL_OPTIONS")
            .asText();

    assertThat(options.split(" "))
        .as("%s JAVA_TOOL_OPTIONS (benchmarks/cold-start/README.md)", function.name())
        .containsExactlyInAnyOrder(Contract.JAVA_TOOL_OPTIONS.toArray(String[]::new));
  }

  @Test
  void authorizerWhenPackagedThenIsConfiguredFromThePoolAndClientOfThisStack() {
    JsonNode env = props(Contract.AUTHORIZER).path("Environment").path("Variables");

    assertThat(PackagedService.isRef(env.path("USER_POOL_ID"), "UserPool"))
        .as("authorizer USER_POOL_ID = Ref UserPool")
        .isTrue();
    assertThat(PackagedService.isRef(env.path("ALLOWED_CLIENT_IDS"), "UserPoolClient"))
        .as("authorizer ALLOWED_CLIENT_IDS = Ref UserPoolClient")
        .isTrue();
    assertThat(env.path("TOKEN_USE").asText()).as("authorizer TOKEN_USE").isEqualTo("access");
    assertThat(env.path("ROUTE_RULES").asText().split(";"))
        .as("authorizer ROUTE_RULES")
        .contains(Contract.ADMIN_ROUTE_RULE);
    assertThat(env.has("ISSUER_URL") || env.has("JWKS_URL"))
        .as("a deployed authorizer derives issuer and JWKS from the pool (no http:// overrides)")
        .isFalse();
  }

  @Test
  void authFunctionsWhenPackagedThenTalkToTheRealCognitoOfThisStack() {
    Contract.FUNCTIONS.stream()
        .filter(Contract.Function::callsCognito)
        .forEach(
            function -> {
              JsonNode env = props(function.name()).path("Environment").path("Variables");
              assertThat(PackagedService.isRef(env.path("USER_POOL_ID"), "UserPool"))
                  .as("%s USER_POOL_ID = Ref UserPool", function.name())
                  .isTrue();
              assertThat(PackagedService.isRef(env.path("APP_CLIENT_ID"), "UserPoolClient"))
                  .as("%s APP_CLIENT_ID = Ref UserPoolClient", function.name())
                  .isTrue();
              assertThat(env.has("COGNITO_ENDPOINT"))
                  .as("%s has no COGNITO_ENDPOINT override", function.name())
                  .isFalse();
            });
  }

  @Test
  void proxyFunctionsWhenPackagedThenAnswerWithThePreflightsAllowedOrigin() {
    // API Gateway adds no CORS header to a Lambda proxy answer: the function does, so it must agree
    // with the preflight
    Set<String> preflightOrigins = new TreeSet<>();
    service
        .methods()
        .forEach(
            (route, method) -> {
              if (route.startsWith("OPTIONS ")) {
                preflightOrigins.add(
                    method
                        .path("Properties")
                        .path("Integration")
                        .path("IntegrationResponses")
                        .path(0)
                        .path("ResponseParameters")
                        .path("method.response.header.Access-Control-Allow-Origin")
                        .asText()
                        .replaceAll("^'|'$", ""));
              }
            });

    assertThat(preflightOrigins).as("the preflights' Access-Control-Allow-Origin").hasSize(1);
    String origin = preflightOrigins.iterator().next();
    // a list (`--param corsAllowOrigin=a,b`) gives the preflights its first origin plus a template
    // matching the rest
    Contract.FUNCTIONS.stream()
        .filter(f -> !f.name().equals(Contract.AUTHORIZER))
        .forEach(
            f ->
                assertThat(
                        props(f.name())
                            .path("Environment")
                            .path("Variables")
                            .path("CORS_ALLOW_ORIGIN")
                            .asText()
                            .split(",")[0])
                    .as("%s CORS_ALLOW_ORIGIN", f.name())
                    .isEqualTo(origin));
  }

  @Test
  void mockWhenPackagedThenHasNoCognitoConfiguration() {
    JsonNode env = props("mock").path("Environment").path("Variables");
    Set<String> names = new TreeSet<>();
    env.fieldNames().forEachRemaining(names::add);

    assertThat(names)
        .as("mock environment")
        .doesNotContain("USER_POOL_ID", "APP_CLIENT_ID", "APP_CLIENT_SECRET");
  }

  @Test
  void logGroupsWhenPackagedThenEveryOneHasARetention() {
    Map<String, JsonNode> groups = service.resourcesOfType("AWS::Logs::LogGroup");

    assertThat(groups).as("log groups").hasSize(Contract.FUNCTIONS.size());
    groups.forEach(
        (id, group) ->
            assertThat(group.path("Properties").path("RetentionInDays").asInt(0))
                .as("%s RetentionInDays", id)
                .isPositive());
  }
}
