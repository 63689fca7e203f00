package io.cognitogate.auth.http;

/** A request the caller got wrong; the message names the field and never carries its value. */
public final class BadRequestException extends Exception {

  private final String field;

  public BadRequestException(String field, String problem) {
    super(field + " " + problem, null, false, false);
    this.field = field;
  }

  /** The offending field, or {@code body} for the body as a whole. */
  public String field() {
    return field;
  }
}
