package io.cognitogate.local.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitogate.local.service.FunctionDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyLimitsTest {

  private static FunctionDefinition function(int timeoutSeconds, OptionalInt reserved) {
    return new FunctionDefinition(
        "login",
        "svc-local-login",
        "fixture.ProxyHandler",
        Path.of("/f.jar"),
        Map.of(),
        1024,
        timeoutSeconds,
        OptionalInt.empty(),
        reserved);
  }

  @Test
  void fromEnvironmentWhenNothingSetThenDefaults() {
    assertThat(ConcurrencyLimits.fromEnvironment(Map.of())).isEqualTo(ConcurrencyLimits.DEFAULT);
  }

  @Test
  void fromEnvironmentWhenAllSetThenTakesThem() {
    ConcurrencyLimits limits =
        ConcurrencyLimits.fromEnvironment(
            Map.of(
                "LOCAL_FUNCTION_CONCURRENCY",
                "2",
                "LOCAL_FUNCTION_QUEUE",
                "0",
                "LOCAL_FUNCTION_QUEUE_WAIT_MS",
                " 150 "));

    assertThat(limits).isEqualTo(new ConcurrencyLimits(2, 0, Duration.ofMillis(150)));
  }

  @ParameterizedTest
  @CsvSource({
    "LOCAL_FUNCTION_CONCURRENCY, 0",
    "LOCAL_FUNCTION_CONCURRENCY, four",
    "LOCAL_FUNCTION_QUEUE, -1",
    "LOCAL_FUNCTION_QUEUE_WAIT_MS, 1.5"
  })
  void fromEnvironmentWhenValueInvalidThenNamesTheVariable(String variable, String value) {
    assertThatThrownBy(() -> ConcurrencyLimits.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable)
        .hasMessageNotContaining(value);
  }

  @Test
  void concurrencyOfWhenServiceReservesSomeThenThatWinsOverTheDefault() {
    assertThat(ConcurrencyLimits.DEFAULT.concurrencyOf(function(10, OptionalInt.of(1))))
        .isEqualTo(1);
    assertThat(ConcurrencyLimits.DEFAULT.concurrencyOf(function(10, OptionalInt.of(0)))).isZero();
    assertThat(ConcurrencyLimits.DEFAULT.concurrencyOf(function(10, OptionalInt.empty())))
        .isEqualTo(2);
  }

  @Test
  void maxWaitOfWhenHalfTheTimeoutIsShorterThenHalfTheTimeout() {
    ConcurrencyLimits limits = new ConcurrencyLimits(4, 8, Duration.ofSeconds(5));

    assertThat(limits.maxWaitOf(function(6, OptionalInt.empty()))).isEqualTo(Duration.ofSeconds(3));
    assertThat(limits.maxWaitOf(function(30, OptionalInt.empty())))
        .isEqualTo(Duration.ofSeconds(5));
  }
}
