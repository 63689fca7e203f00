package io.cognitogate.local.concurrency;

import io.cognitogate.local.service.FunctionDefinition;
import java.time.Duration;
import java.util.Map;

/**
 * How many invocations of one function run at once, how many may wait, and how long. A function's
 * own {@code reservedConcurrency} in serverless.yml wins over {@code concurrency}. The wait is also
 * held under half the function's timeout: serverless-offline gives up on an invocation at the
 * timeout, and an authorizer it gives up on must be answered by us first.
 *
 * @param concurrency containers per function when serverless.yml reserves none
 * @param queue invocations that may wait per function when every container is busy
 * @param maxWait the longest an invocation waits for a container
 */
public record ConcurrencyLimits(int concurrency, int queue, Duration maxWait) {

  public static final String CONCURRENCY_VARIABLE = "LOCAL_FUNCTION_CONCURRENCY";
  public static final String QUEUE_VARIABLE = "LOCAL_FUNCTION_QUEUE";
  public static final String WAIT_VARIABLE = "LOCAL_FUNCTION_QUEUE_WAIT_MS";

  /**
   * Two containers per function (a laptop's cores run little more than that at once; a second one
   * helps the handlers that wait on cognito-local), 64 waiting, 2 s at most.
   */
  public static final ConcurrencyLimits DEFAULT =
      new ConcurrencyLimits(2, 64, Duration.ofSeconds(2));

  public ConcurrencyLimits {
    if (concurrency < 1 || queue < 0 || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "concurrency must be at least 1, queue and wait not negative");
    }
  }

  /** The defaults, overridden by the three variables where set. */
  public static ConcurrencyLimits fromEnvironment(Map<String, String> env) {
    return new ConcurrencyLimits(
        number(env, CONCURRENCY_VARIABLE, DEFAULT.concurrency(), 1),
        number(env, QUEUE_VARIABLE, DEFAULT.queue(), 0),
        Duration.ofMillis(number(env, WAIT_VARIABLE, (int) DEFAULT.maxWait().toMillis(), 0)));
  }

  public int concurrencyOf(FunctionDefinition function) {
    return function.reservedConcurrency().orElse(concurrency);
  }

  public Duration maxWaitOf(FunctionDefinition function) {
    Duration half = Duration.ofSeconds(function.timeoutSeconds()).dividedBy(2);
    return maxWait.compareTo(half) < 0 ? maxWait : half;
  }

  private static int number(Map<String, String> env, String variable, int fallback, int minimum) {
    String raw = env.get(variable);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= minimum) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(variable + " must be a whole number of at least " + minimum);
  }
}
