package io.cognitogate.token;

/** Missing or invalid configuration; names the variable, never echoes its value. */
public final class InvalidConfigException extends IllegalArgumentException {
  private final String variable;

  public InvalidConfigException(String variable, String problem) {
    super(variable + ": " + problem);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
