package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IamTemplateIT {

  private final PackagedService service = PackagedService.get();

  static Stream<Contract.Function> functions() {
    return Contract.FUNCTIONS.stream();
  }

  /** A policy statement and where it was found, for failure messages. */
  record Statement(String where, JsonNode node) {
    boolean allows() {
      return "Allow".equals(node.path("Effect").asText());
    }

    List<String> actions() {
      List<String> out = new ArrayList<>();
      PackagedService.asList(node.path("Action")).forEach(a -> out.add(a.asText()));
      return out;
    }
  }

  /**
   * Every statement of every policy document anywhere in the template (roles, policies, bucket
   * policies).
   */
  private List<Statement> allStatements() {
    List<Statement> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> resource : service.resources().properties()) {
      collectStatements(resource.getKey(), resource.getValue(), out);
    }
    return out;
  }

  private static void collectStatements(String where, JsonNode node, List<Statement> out) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String here = where + "/" + field.getKey();
      if (field.getKey().endsWith("PolicyDocument")) {
        JsonNode statements = field.getValue().path("Statement");
        for (int i = 0; i < statements.size(); i++) {
          out.add(new Statement(here + "/Statement/" + i, statements.get(i)));
        }
      } else if (field.getValue().isContainerNode()) {
        if (field.getValue().isArray()) {
          for (int i = 0; i < field.getValue().size(); i++) {
            collectStatements(here + "/" + i, field.getValue().get(i), out);
          }
        } else {
          collectStatements(here, field.getValue(), out);
        }
      }
    }
  }

  /** The role resource a function runs as (Fn::GetAtt [Role, Arn]). */
  private String roleOf(String function) {
    JsonNode role = service.function(function).getValue().path("Properties").path("Role");
    JsonNode getAtt = role.path("Fn::GetAtt");
    assertThat(getAtt.isArray() && getAtt.size() == 2 && getAtt.get(1).asText().equals("Arn"))
        .as("%s Role is a GetAtt of a role declared in this template, was %s", function, role)
        .isTrue();
    String roleId = getAtt.get(0).asText();
    assertThat(service.resource(roleId).path("Type").asText())
        .as("%s type", roleId)
        .isEqualTo("AWS::IAM::Role");
    return roleId;
  }

  /** Statements granted to a role: its inline policies plus any AWS::IAM::Policy attached to it. */
  private List<Statement> statementsOfRole(String roleId) {
    List<Statement> out = new ArrayList<>();
    JsonNode policies = service.resource(roleId).path("Properties").path("Policies");
    for (int i = 0; i < policies.size(); i++) {
      JsonNode statements = policies.get(i).path("PolicyDocument").path("Statement");
      for (int j = 0; j < statements.size(); j++) {
        out.add(new Statement(roleId + "/Policies/" + i + "/Statement/" + j, statements.get(j)));
      }
    }
    for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
      service
          .resourcesOfType(type)
          .forEach(
              (id, policy) -> {
                boolean attached =
                    PackagedService.asList(policy.path("Properties").path("Roles")).stream()
                        .anyMatch(r -> PackagedService.isRef(r, roleId));
                if (attached) {
                  JsonNode statements =
                      policy.path("Properties").path("PolicyDocument").path("Statement");
                  for (int j = 0; j < statements.size(); j++) {
                    out.add(new Statement(id + "/Statement/" + j, statements.get(j)));
                  }
                }
              });
    }
    return out;
  }

  private static boolean containsStar(JsonNode node) {
    return PackagedService.strings(node).stream().anyMatch(s -> s.contains("*"));
  }

  @Test
  void templateWhenPackagedThenNoAllowStatementHasAWildcardActionOrResource() {
    List<Statement> statements = allStatements();
    assertThat(statements).as("policy statements found").isNotEmpty();

    for (Statement s : statements.stream().filter(Statement::allows).toList()) {
      assertThat(s.node().has("NotAction") || s.node().has("NotResource"))
          .as("%s: Allow with NotAction/NotResource grants everything else", s.where())
          .isFalse();
      assertThat(s.actions()).as("%s Action", s.where()).noneMatch(a -> a.contains("*"));
      assertThat(containsStar(s.node().path("Resource")))
          .as("%s Resource %s contains '*'", s.where(), s.node().path("Resource"))
          .isFalse();
    }
  }

  @Test
  void templateWhenPackagedThenHasNoSharedFrameworkRole() {
    assertThat(service.resources().has("IamRoleLambdaExecution"))
        .as("the framework's shared role exists")
        .isFalse();

    Set<String> roles = new HashSet<>();
    for (Contract.Function f : Contract.FUNCTIONS) {
      assertThat(roles.add(roleOf(f.name())))
          .as("%s has a role of its own (%s is shared)", f.name(), roleOf(f.name()))
          .isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionRoleWhenPackagedThenOnlyLambdaMayAssumeItAndNoManagedPolicyIsAttached(
      Contract.Function function) {
    JsonNode props = service.resource(roleOf(function.name())).path("Properties");

    assertThat(props.has("ManagedPolicyArns"))
        .as("%s role has managed policies (they grant on '*')", function.name())
        .isFalse();
    JsonNode trust = props.path("AssumeRolePolicyDocument").path("Statement");
    assertThat(trust.size()).as("%s trust statements", function.name()).isEqualTo(1);
    assertThat(trust.get(0).path("Principal").path("Service").asText())
        .as("%s trusted principal", function.name())
        .isEqualTo("lambda.amazonaws.com");
    assertThat(trust.get(0).path("Action").asText())
        .as("%s trust action", function.name())
        .isEqualTo("sts:AssumeRole");
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionRoleWhenPackagedThenWritesLogsOnlyToItsOwnLogGroup(Contract.Function function) {
    String logGroupName =
        "/aws/lambda/"
            + service
                .function(function.name())
                .getValue()
                .path("Properties")
                .path("FunctionName")
                .asText();
    String logGroupId =
        service.resourcesOfType("AWS::Logs::LogGroup").entrySet().stream()
            .filter(
                e ->
                    e.getValue()
                        .path("Properties")
                        .path("LogGroupName")
                        .asText()
                        .equals(logGroupName))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no log group " + logGroupName));

    List<Statement> logStatements =
        statementsOfRole(roleOf(function.name())).stream()
            .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("logs:")))
            .toList();
    assertThat(logStatements).as("%s statements granting logs:*", function.name()).isNotEmpty();
    for (Statement s : logStatements) {
      assertThat(s.actions()).as("%s Action", s.where()).allMatch(Contract.LOG_ACTIONS::contains);
      List<JsonNode> resources = PackagedService.asList(s.node().path("Resource"));
      assertThat(resources)
          .as("%s Resource", s.where())
          .hasSize(1)
          .allMatch(r -> PackagedService.isGetAtt(r, logGroupId, "Arn"));
    }
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionRoleWhenPackagedThenGrantsOnlyTheCognitoActionsTheFunctionCalls(
      Contract.Function function) {
    List<Statement> cognito =
        statementsOfRole(roleOf(function.name())).stream()
            .filter(Statement::allows)
            .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("cognito")))
            .toList();

    if (!function.callsCognito()) {
      assertThat(cognito)
          .as("%s (authorizer and mock) has no Cognito permission at all", function.name())
          .isEmpty();
      return;
    }
    Set<String> actions = new TreeSet<>();
    for (Statement s : cognito) {
      actions.addAll(s.actions());
      List<JsonNode> resources = PackagedService.asList(s.node().path("Resource"));
      assertThat(resources)
          .as("%s Resource is the pool's ARN", s.where())
          .hasSize(1)
          .allMatch(r -> PackagedService.isGetAtt(r, "UserPool", "Arn"));
    }
    assertThat(actions)
        .as("%s Cognito actions", function.name())
        .isEqualTo(Contract.COGNITO_ACTIONS_OF_AUTH_FUNCTIONS);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionRoleWhenPackagedThenGrantsNothingBeyondLogsAndItsCognitoActions(
      Contract.Function function) {
    Set<String> allowed = new HashSet<>(Contract.LOG_ACTIONS);
    if (function.callsCognito()) {
      allowed.addAll(Contract.COGNITO_ACTIONS_OF_AUTH_FUNCTIONS);
    }
    allowed.addAll(Contract.DYNAMODB_ACTIONS.getOrDefault(function.name(), Set.of()));
    for (Statement s :
        statementsOfRole(roleOf(function.name())).stream().filter(Statement::allows).toList()) {
      assertThat(s.actions())
          .as("%s actions (allowed for %s: %s)", s.where(), function.name(), allowed)
          .allMatch(allowed::contains);
    }
  }

  @ParameterizedTest
  @MethodSource("functions")
  void functionRoleWhenPackagedThenHasOnlyItsRevocationActionsAndOnlyOnTheRevocationTable(
      Contract.Function function) {
    Set<String> expected = Contract.DYNAMODB_ACTIONS.getOrDefault(function.name(), Set.of());
    List<Statement> dynamodb =
        statementsOfRole(roleOf(function.name())).stream()
            .filter(Statement::allows)
            .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("dynamodb")))
            .toList();

    Set<String> actions = new TreeSet<>();
    for (Statement s : dynamodb) {
      actions.addAll(s.actions());
      assertThat(s.actions())
          .as("%s: DynamoDB statements hold DynamoDB actions only", s.where())
          .allMatch(a -> a.startsWith("dynamodb:"));
      List<JsonNode> resources = PackagedService.asList(s.node().path("Resource"));
      assertThat(resources)
          .as("%s Resource is the revocation table's ARN (no index, no other table)", s.where())
          .hasSize(1)
          .allMatch(r -> PackagedService.isGetAtt(r, Contract.REVOCATION_TABLE, "Arn"));
    }
    assertThat(actions).as("%s DynamoDB actions", function.name()).isEqualTo(expected);
  }

  @Test
  void
      templateWhenPackagedThenOnlyTheAuthorizerAndLogoutRolesAndFunctionsReferenceTheRevocationTable() {
    Set<String> allowed = new TreeSet<>(Set.of(Contract.REVOCATION_TABLE));
    for (String function : Contract.REVOCATION_FUNCTIONS) {
      allowed.add(roleOf(function));
      allowed.add(service.function(function).getKey());
    }
    Set<String> referencing = new TreeSet<>();
    for (Map.Entry<String, JsonNode> resource : service.resources().properties()) {
      boolean[] found = {false};
      PackagedService.walk(
          resource.getValue(),
          n ->
              found[0] |=
                  PackagedService.isRef(n, Contract.REVOCATION_TABLE)
                      || (n.isObject()
                          && n.has("Fn::GetAtt")
                          && n.get("Fn::GetAtt")
                              .path(0)
                              .asText()
                              .equals(Contract.REVOCATION_TABLE)));
      if (found[0]) {
        referencing.add(resource.getKey());
      }
    }

    assertThat(referencing)
        .as("resources referencing %s", Contract.REVOCATION_TABLE)
        .isSubsetOf(allowed)
        .contains(roleOf(Contract.AUTHORIZER), roleOf("logout"));
  }
}
