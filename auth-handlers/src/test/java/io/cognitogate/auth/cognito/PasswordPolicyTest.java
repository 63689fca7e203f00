package io.cognitogate.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MinimumLength=8,RequireUppercase,RequireLowercase,RequireNumbers,RequireSymbols | at least 8 characters, "
            + "including an uppercase letter, a lowercase letter, a number and a symbol such as ! or #",
        "MinimumLength=12 | at least 12 characters",
        "MinimumLength=10,RequireNumbers=true,RequireSymbols=false | at least 10 characters, including a number",
        "RequireLowercase, MinimumLength=6, RequireUppercase | at least 6 characters, including an uppercase letter "
            + "and a lowercase letter",
        "MinimumLength=8,RequireNumbers,PasswordHistorySize=5 | at least 8 characters, including a number, "
            + "different from the last 5 passwords",
      })
  void parseWhenSpecUsesPoolPropertyNamesThenRejectionStatesPolicyInWords(
      String spec, String words) {
    assertThat(PasswordPolicy.parse(spec).rejection("password"))
        .isEqualTo("password does not meet the password policy: " + words + ".");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "RequireUppercase",
        "MinimumLength=5",
        "MinimumLength=100",
        "MinimumLength=x",
        "MinimumLength=8,RequireEmoji",
        "MinimumLength=8,RequireNumbers=yes",
        "MinimumLength=8,,RequireNumbers"
      })
  void parseWhenSpecMalformedThenFailsNamingTheVariable(String spec) {
    assertThatThrownBy(() -> PasswordPolicy.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PASSWORD_POLICY must look like");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void fromEnvironmentWhenUnsetOrEmptyThenUndescribed(String value) {
    assertThat(PasswordPolicy.fromEnvironment(Map.of())).isSameAs(PasswordPolicy.UNDESCRIBED);
    assertThat(
            PasswordPolicy.fromEnvironment(Map.of("PASSWORD_POLICY", value))
                .rejection("new_password"))
        .isEqualTo("new_password does not meet the user pool's password policy.");
  }
}
