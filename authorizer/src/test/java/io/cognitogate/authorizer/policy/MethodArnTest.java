package io.cognitogate.authorizer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MethodArnTest {

  @Test
  void parseWhenAwsPartitionThenSplitsEveryField() {
    MethodArn arn =
        MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock");

    assertThat(arn)
        .isEqualTo(
            new MethodArn(
                "aws", "us-east-1", "123456789012", "abcdef1234", "prod", "GET", "/mock"));
    assertThat(arn.allRoutesResource())
        .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/*/*");
  }

  @Test
  void parseWhenChinaPartitionThenKeepsIt() {
    MethodArn arn =
        MethodArn.parse("arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/dev/PUT/other");
    assertThat(arn.partition()).isEqualTo("aws-cn");
    assertThat(arn.allRoutesResource())
        .isEqualTo("arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/dev/*/*");
  }

  @Test
  void parseWhenGovCloudAndNestedPathThenKeepsEverySegment() {
    MethodArn arn =
        MethodArn.parse(
            "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:a1b2c3/v1/DELETE/admin/users/42");
    assertThat(arn.region()).isEqualTo("us-gov-west-1");
    assertThat(arn.verb()).isEqualTo("DELETE");
    assertThat(arn.path()).isEqualTo("/admin/users/42");
  }

  @Test
  void parseWhenRootResourceThenPathIsSlash() {
    assertThat(MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/").path())
        .isEqualTo("/");
    assertThat(MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET").path())
        .isEqualTo("/");
  }

  @Test
  void parseWhenServerlessOfflineArnThenAcceptsNonNumericAccountAndApiId() {
    MethodArn arn =
        MethodArn.parse(
            "arn:aws:execute-api:us-east-1:random-account-id:random-api-id/local/GET/mock");
    assertThat(arn.account()).isEqualTo("random-account-id");
    assertThat(arn.apiId()).isEqualTo("random-api-id");
    assertThat(arn.stage()).isEqualTo("local");
  }

  @Test
  void parseWhenHttpApiDefaultStageThenKeepsItAndTheStageArnNamesIt() {
    MethodArn arn =
        MethodArn.parse(
            "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/mock/admin");
    assertThat(arn.stage()).isEqualTo("$default");
    assertThat(arn.path()).isEqualTo("/mock/admin");
    assertThat(arn.allRoutesResource())
        .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/*/*");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "not-an-arn",
        "arn:aws:execute-api:us-east-1:123456789012",
        "arn:aws:lambda:us-east-1:123456789012:abc/prod/GET/mock",
        "arn:aws-xx:execute-api:us-east-1:123456789012:abc/prod/GET/mock",
        "arn:aws:execute-api::123456789012:abc/prod/GET/mock",
        "arn:aws:execute-api:US-EAST-1:123456789012:abc/prod/GET/mock",
        "arn:aws:execute-api:us-east-1::abc/prod/GET/mock",
        "arn:aws:execute-api:us-east-1:12/34:abc/prod/GET/mock",
        "arn:aws:execute-api:us-east-1:123456789012:/prod/GET/mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc:def/prod/GET/mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc//GET/mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc/prod",
        "arn:aws:execute-api:us-east-1:123456789012:abc/prod//mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc/$prod/GET/mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc/$default$/GET/mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc/prod/get/mock",
        "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/mo ck",
        "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/mock\n"
      })
  void parseWhenMalformedThenFailsClosedWithoutUnauthorized(String text) {
    assertThatThrownBy(() -> MethodArn.parse(text))
        .isInstanceOf(MalformedMethodArnException.class)
        .hasMessageNotContaining("Unauthorized");
  }
}
