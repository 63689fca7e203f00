package io.cognitogate.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignUpResultTest {

  @ParameterizedTest
  @CsvSource({
    "s***@e***, s***@e***",
    "+*******4567, +*******4567",
    "sam@example.com, s***@e***",
    "x@y, x***@y***",
    "+15551234567, +*******4567",
    "15551234567, *******4567",
    "'', ''",
  })
  void maskWhenDestinationGivenThenNeverAFullAddress(String destination, String masked) {
    assertThat(SignUpResult.mask(destination)).isEqualTo(masked);
  }
}
