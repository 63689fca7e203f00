package io.cognitogate.bench;

import io.cognitogate.authorizer.TokenAuthorizerHandler;
import io.cognitogate.authorizer.event.AuthorizerResponse;
import io.cognitogate.authorizer.event.TokenAuthorizerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Cold start of the real authorizer: builds {@link TokenAuthorizerHandler} from an environment map
 * (as the local invoke server and Lambda do), answers one TOKEN event, prints the decision, exits.
 *   java -cp authorizer.jar:classes io.cognitogate.bench.ColdStart <tokenFile> <userPoolId> <clientId> <issuer> <jwksUrl> [dynamoDbEndpoint]
 * With a DynamoDB endpoint (dynalite) revocation is on: table {@value #TABLE}, REVOCATION_CACHE_SECONDS 0, the
 * credentials from this process's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, so the decision includes the first Query.
 * Prints "main->decision N ms" to stderr (time inside main, after JVM boot).
 */
public final class ColdStart {
  static final String TABLE = "cold-revocations";
  static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";

  /** The token, from the file named by the first argument. */
  static String token(String[] args) throws java.io.IOException {
    return new String(Files.readAllBytes(Path.of(args[0])), StandardCharsets.US_ASCII).trim();
  }

  /** The authorizer's environment from the arguments (with a DynamoDB endpoint, revocation on). */
  static Map<String, String> environment(String[] args) {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", args[1]);
    env.put("ALLOWED_CLIENT_IDS", args[2]);
    env.put("ISSUER_URL", args[3]);
    env.put("JWKS_URL", args[4]);
    if (args.length > 5) {
      env.put("REVOCATION_TABLE", TABLE);
      env.put("DYNAMODB_ENDPOINT", args[5]);
      env.put("AWS_REGION", "us-east-1");
      env.put("REVOCATION_CACHE_SECONDS", "0");
      env.put("AWS_ACCESS_KEY_ID", System.getenv("AWS_ACCESS_KEY_ID"));
      env.put("AWS_SECRET_ACCESS_KEY", System.getenv("AWS_SECRET_ACCESS_KEY"));
    }
    return env;
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    String token = token(args);
    Map<String, String> env = environment(args);
    String decision;
    try {
      TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env);
      AuthorizerResponse response = handler.handleRequest(new TokenAuthorizerEvent("TOKEN", "Bearer " + token, METHOD_ARN), null);
      decision = "Allow " + response.getPrincipalId();
    } catch (RuntimeException e) {
      decision = "Deny " + e.getClass().getSimpleName();
    }
    System.out.println(decision);
    System.err.println("main->decision " + (System.nanoTime() - started) / 100_000 / 10.0 + " ms");
  }
}
