package io.cognitogate.authorizer.policy;

import java.util.Set;

/**
 * {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<VERB>/<path...>} as a
 * value. Account and apiId are not required to be numeric/hex (serverless-offline sends {@code
 * random-account-id}/{@code random-api-id}) but must be non-empty and free of ':' and '/'. The
 * stage is letters, digits, '_' and '-', or {@code $default} (an HTTP API's default stage, in its
 * routeArn).
 *
 * @param path the resource path with a leading '/', "/" for the root, nested segments kept
 */
public record MethodArn(
    String partition,
    String region,
    String account,
    String apiId,
    String stage,
    String verb,
    String path) {

  private static final Set<String> PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov");

  /** The stage an HTTP API serves without a stage name in its URL. */
  public static final String DEFAULT_STAGE = "$default";

  public static MethodArn parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new MalformedMethodArnException("missing");
    }
    if (text.length() > 2048) {
      throw new MalformedMethodArnException("too long");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new MalformedMethodArnException("illegal character");
      }
    }
    String[] fields = text.split(":", 6);
    if (fields.length != 6 || !"arn".equals(fields[0])) {
      throw new MalformedMethodArnException("not an ARN");
    }
    if (!PARTITIONS.contains(fields[1])) {
      throw new MalformedMethodArnException("unknown partition");
    }
    if (!"execute-api".equals(fields[2])) {
      throw new MalformedMethodArnException("not an execute-api ARN");
    }
    String region = fields[3];
    if (!isRegion(region)) {
      throw new MalformedMethodArnException("bad region");
    }
    String account = fields[4];
    if (account.isEmpty() || account.indexOf('/') >= 0) {
      throw new MalformedMethodArnException("bad account");
    }
    String resource = fields[5];
    // apiId/stage/VERB/path...: the path may be empty (root) or nested
    String[] parts = resource.split("/", 4);
    if (parts.length < 3) {
      throw new MalformedMethodArnException("resource needs apiId/stage/verb");
    }
    String apiId = parts[0];
    String stage = parts[1];
    String verb = parts[2];
    if (apiId.isEmpty() || apiId.indexOf(':') >= 0) {
      throw new MalformedMethodArnException("bad apiId");
    }
    if (!(DEFAULT_STAGE.equals(stage)
        || allMatch(stage, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"))) {
      throw new MalformedMethodArnException("bad stage");
    }
    if (!("*".equals(verb) || allMatch(verb, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))) {
      throw new MalformedMethodArnException("bad verb");
    }
    String path = "/" + (parts.length == 4 ? parts[3] : "");
    return new MethodArn(fields[1], region, account, apiId, stage, verb, path);
  }

  /**
   * {@code [a-z]{2}(-[a-z]+)+-[0-9]+}, e.g. us-east-1, cn-north-1, us-gov-west-1 (no regex on the
   * hot path).
   */
  public static boolean isRegion(String region) {
    String[] parts = region.split("-", -1);
    if (parts.length < 3
        || parts[0].length() != 2
        || !allMatch(parts[0], LOWER)
        || !allMatch(parts[parts.length - 1], "0123456789")) {
      return false;
    }
    for (int i = 1; i < parts.length - 1; i++) {
      if (!allMatch(parts[i], LOWER)) {
        return false;
      }
    }
    return true;
  }

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

  private static boolean allMatch(String text, String allowed) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (allowed.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>}: the API stage itself.
   */
  public String stageArn() {
    return "arn:"
        + partition
        + ":execute-api:"
        + region
        + ":"
        + account
        + ":"
        + apiId
        + "/"
        + stage;
  }

  /** Every method and path of this API stage: what a cache-safe Allow must cover. */
  public String allRoutesResource() {
    return stageArn() + "/*/*";
  }

  /** A resource of this stage; {@code pathPattern} is relative (no leading '/'), may end in '*'. */
  public String resource(String verbOrStar, String pathPattern) {
    return stageArn() + "/" + verbOrStar + "/" + pathPattern;
  }

  @Override
  public String toString() {
    return stageArn() + "/" + verb + path;
  }
}
