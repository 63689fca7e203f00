package io.cognitogate.authorizer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.authorizer.policy.PolicyStatements.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyStatementsTest {
  static final String STAGE = "arn:aws:execute-api:us-east-1:123456789012:api/prod";

  /**
   * The production matcher and the test's IAM evaluator, written apart, agree with the expected
   * answer.
   */
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/*/*                 | /GET/mock                | true",
        "/*/*                 | /GET/                    | true",
        "/GET/mock            | /GET/mock                | true",
        "/GET/mock            | /GET/Mock                | false",
        "/GET/mock            | /GET/mock/               | false",
        "/GET/mock/*          | /GET/mock/a/b            | true",
        "/GET/mock/*          | /GET/mock                | false",
        "/GET/m?ck            | /GET/mock                | true",
        "/GET/m?ck            | /GET/mck                 | false",
        "/GET/m?ck            | /GET/m/ck                | true",
        "/GET/%6?*            | /GET/%6Dock              | true",
        "/GET/%6?*            | /GET/%6                  | false",
        "/*//*                | /GET/a//b                | true",
        "/*//*                | /GET//                   | true",
        "/*//*                | /GET/a/b                 | false",
        "/*/.                 | /GET/a/.                 | true",
        "/*/.                 | /GET/a.                  | false",
        "/*/../*              | /GET/a/../b              | true",
        "/*/*%2F*             | /GET/a%2Fb               | true",
        "/*/*%2F*             | /GET/a%2fb               | false",
        "/GET/a*b*c           | /GET/axxbyyc             | true",
        "/GET/a*b*c           | /GET/axxbyy              | false",
        "/GET/*a              | /GET/aaa                 | true",
        "/GET/a:b             | /GET/a:b                 | true"
      })
  void matchesWhenComparedWithIamThenAgrees(String pattern, String resource, boolean expected) {
    assertThat(PolicyStatements.matches(STAGE + pattern, STAGE + resource)).isEqualTo(expected);
    assertThat(IamMatcher.matches(STAGE + pattern, STAGE + resource))
        .as("IamMatcher")
        .isEqualTo(expected);
  }

  @Test
  void evaluateWhenDenyAndAllowBothMatchThenTheExplicitDenyWins() {
    PolicyStatements statements =
        new PolicyStatements(List.of(STAGE + "/*/*"), List.of(STAGE + "/GET/admin"));

    assertThat(statements.evaluate(STAGE + "/GET/admin")).isEqualTo(Effect.EXPLICIT_DENY);
    assertThat(statements.evaluate(STAGE + "/GET/other")).isEqualTo(Effect.ALLOW);
    assertThat(
            new PolicyStatements(List.of(STAGE + "/GET/a"), List.of()).evaluate(STAGE + "/GET/b"))
        .isEqualTo(Effect.IMPLICIT_DENY);
  }

  @Test
  void constructorWhenNoResourceAtAllThenRefusesAnEmptyPolicy() {
    assertThatThrownBy(() -> new PolicyStatements(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorWhenRepeatedResourcesThenKeepsEachOnceInOrder() {
    PolicyStatements statements = new PolicyStatements(List.of("a", "b", "a"), List.of("c", "c"));
    assertThat(statements.allow()).containsExactly("a", "b");
    assertThat(statements.deny()).containsExactly("c");
  }

  @Test
  void denyingAlsoWhenPlainArnThenDeniesExactlyThatArn() {
    PolicyStatements statements =
        new PolicyStatements(List.of(STAGE + "/*/*"), List.of())
            .denyingAlso(STAGE + "/GET/Mock/Admin");

    assertThat(statements.deny()).containsExactly(STAGE + "/GET/Mock/Admin");
    assertThat(statements.evaluate(STAGE + "/GET/Mock/Admin")).isEqualTo(Effect.EXPLICIT_DENY);
    assertThat(statements.evaluate(STAGE + "/GET/mock/admin")).isEqualTo(Effect.ALLOW);
  }

  @Test
  void coveringWhenArnHoldsADollarThenCutsBeforeItSoNoPolicyVariableCanNarrowIt() {
    String arn = STAGE + "/GET/a${aws:username}/b";
    String pattern = PolicyStatements.covering(arn);

    assertThat(pattern).isEqualTo(STAGE + "/GET/a*");
    assertThat(IamMatcher.matches(pattern, arn)).isTrue();
  }

  @Test
  void coveringWhenTheStageIsDefaultThenOnlyADollarAfterTheStageArnCuts() {
    String stage = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default";

    assertThat(PolicyStatements.covering(stage + "/GET/Mock", stage.length()))
        .isEqualTo(stage + "/GET/Mock");
    assertThat(PolicyStatements.covering(stage + "/GET/a${x}", stage.length()))
        .isEqualTo(stage + "/GET/a*");
    // without the stage ARN's length, the cut would deny every stage and route of the API
    assertThat(PolicyStatements.covering(stage + "/GET/Mock"))
        .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*");
  }

  @Test
  void coveringWhenArnLongerThanApiGatewaysLimitThenAPrefixPatternWithinIt() {
    String arn = STAGE + "/GET/" + "x".repeat(1500);
    String pattern = PolicyStatements.covering(arn);

    assertThat(pattern).hasSize(PolicyStatements.MAX_RESOURCE_LENGTH).endsWith("*");
    assertThat(IamMatcher.matches(pattern, arn)).isTrue();
    assertThat(PolicyStatements.covering(STAGE + "/GET/short")).isEqualTo(STAGE + "/GET/short");
  }
}
