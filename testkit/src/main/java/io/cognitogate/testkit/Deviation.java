package io.cognitogate.testkit;

import java.util.List;

/**
 * A documented difference between a test environment and the deployed API: for {@code operations}
 * ({@code "GET /mock"}), a response with {@code status} is held to {@code bodySchema} (JSON Schema
 * 2020-12, JSON text) with a JSON content type, instead of the spec's answer for that status.
 *
 * @param because why the environment answers so (shown when the deviation itself is misused)
 * @param status the status the environment answers
 * @param standsFor the spec's status it answers in place of, which the operation must declare; 0
 *     when the answer has no deployed counterpart
 * @param bodySchema the schema of the environment's body
 * @param operations the operations, as method and path template
 */
public record Deviation(
    String because, int status, int standsFor, String bodySchema, List<String> operations) {

  public Deviation {
    operations = List.copyOf(operations);
    if (because == null || because.isBlank() || operations.isEmpty()) {
      throw new IllegalArgumentException("a deviation names its reason and at least one operation");
    }
  }

  public static Deviation of(
      String because, int status, int standsFor, String bodySchema, String... operations) {
    return new Deviation(because, status, standsFor, bodySchema, List.of(operations));
  }

  boolean covers(String operation, int answered) {
    return status == answered && operations.contains(operation);
  }
}
