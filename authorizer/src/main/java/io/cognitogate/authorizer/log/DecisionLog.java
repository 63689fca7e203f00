package io.cognitogate.authorizer.log;

import io.cognitogate.token.JsonText;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One JSON line per decision: {@code {"outcome":..,"reason":..,"sub":..,"kid":..}}. It never sees
 * the token; sub and kid are given only once the signature holds / the key is one of ours.
 */
public final class DecisionLog {
  private final Consumer<String> sink;

  public DecisionLog(Consumer<String> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Writes to the current {@code System.out} (Lambda ships stdout to CloudWatch). */
  public static DecisionLog stdout() {
    return new DecisionLog(new Stdout());
  }

  /** A named class rather than a lambda: no LambdaMetafactory work on the cold-start path. */
  private static final class Stdout implements Consumer<String> {
    @Override
    public void accept(String line) {
      System.out.println(line); // the System.out of the moment (tests swap it)
    }
  }

  public void decision(String outcome, String reason, String sub, String kid) {
    decision(outcome, reason, fields(sub, kid));
  }

  /** A decision whose sub/kid part was formatted once by {@link #fields} (a cached token's). */
  public void decision(String outcome, String reason, String fields) {
    StringBuilder line = new StringBuilder(48 + fields.length());
    line.append("{\"outcome\":\"")
        .append(outcome)
        .append("\",\"reason\":\"")
        .append(reason)
        .append('"');
    sink.accept(line.append(fields).append('}').toString());
  }

  /** The escaped {@code ,"sub":..,"kid":..} part of a decision line (empty for unknown values). */
  public static String fields(String sub, String kid) {
    StringBuilder fields = new StringBuilder(96);
    field(fields, "sub", sub);
    field(fields, "kid", kid);
    return fields.toString();
  }

  /** A failure that is ours (500); {@code detail} is our own text, never request data. */
  public void error(String reason, String detail) {
    StringBuilder line = new StringBuilder(128);
    line.append("{\"outcome\":\"error\",\"reason\":\"").append(reason).append('"');
    field(line, "detail", detail);
    sink.accept(line.append('}').toString());
  }

  /** Something that is not a decision (for example the init-phase JWKS fetch failing). */
  public void event(String event, String detail) {
    StringBuilder line = new StringBuilder(128);
    line.append("{\"event\":\"").append(event).append('"');
    field(line, "detail", detail);
    sink.accept(line.append('}').toString());
  }

  /**
   * A CloudWatch Embedded Metric Format line (count 1 of {@code metric}, namespace cognito-gate,
   * dimension FailureMode): CloudWatch makes it a metric to alarm on, no metric filter needed.
   */
  public void metric(String metric, String failureMode, String reason, long epochMillis) {
    StringBuilder line = new StringBuilder(320);
    line.append("{\"_aws\":{\"Timestamp\":")
        .append(epochMillis)
        .append(
            ",\"CloudWatchMetrics\":[{\"Namespace\":\"cognito-gate\",\"Dimensions\":[[\"FailureMode\"]],")
        .append("\"Metrics\":[{\"Name\":\"")
        .append(metric)
        .append("\",\"Unit\":\"Count\"}]}]},")
        .append("\"FailureMode\":\"")
        .append(failureMode)
        .append("\",\"")
        .append(metric)
        .append("\":1,")
        .append("\"event\":\"revocation_unchecked\"");
    field(line, "reason", reason);
    sink.accept(line.append('}').toString());
  }

  private static void field(StringBuilder line, String name, String value) {
    if (value == null) {
      return;
    }
    line.append(",\"").append(name).append("\":\"");
    JsonText.escape(line, value).append('"');
  }
}
