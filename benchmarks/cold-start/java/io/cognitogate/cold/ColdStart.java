package io.cognitogate.cold;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognitogate.authorizer.TokenAuthorizerHandler;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold start of the real authorizer: builds {@link TokenAuthorizerHandler} from an environment map (as
 * Lambda's init phase does, JWKS prefetch and warm-up thread included), answers one TOKEN event, prints the
 * decision, exits.
 *   java -cp authorizer.jar:classes io.cognitogate.cold.ColdStart <tokenFile> <userPoolId> <clientId> <issuer> <jwksUrl> [dynamoDbEndpoint]
 * With a DynamoDB endpoint (dynalite) revocation is on: table {@value #TABLE}, REVOCATION_CACHE_SECONDS 0, so
 * the decision includes a DynamoDB Query; the SDK finds the credentials in this process's environment.
 * Prints "Allow <sub>" (the first statement's effect) to stdout and "main->handler N ms main->decision N ms"
 * to stderr (time inside main, after JVM boot).
 */
public final class ColdStart {
  static final String TABLE = "cold-revocations";
  static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/mock";

  private ColdStart() {
  }

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
    }
    return env;
  }

  /** The Effect of the policy's first statement (the Allow on the API, or a Deny). */
  static String effect(IamPolicyResponseV1 response) {
    Object statements = response.getPolicyDocument().get("Statement");
    Object first = statements instanceof List<?> list ? list.get(0) : Array.get(statements, 0);
    return String.valueOf(((Map<?, ?>) first).get("Effect"));
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    String token = token(args);
    Map<String, String> env = environment(args);
    String decision;
    long built = started;
    try {
      TokenAuthorizerHandler handler = new TokenAuthorizerHandler(env);
      built = System.nanoTime();
      APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
      event.setType("TOKEN");
      event.setAuthorizationToken("Bearer " + token);
      event.setMethodArn(METHOD_ARN);
      IamPolicyResponseV1 response = handler.handleRequest(event, null);
      decision = effect(response) + " " + response.getPrincipalId();
    } catch (RuntimeException e) {
      decision = "Error " + e.getClass().getSimpleName();
    }
    long decided = System.nanoTime();
    System.out.println(decision);
    System.err.println("main->handler " + (built - started) / 100_000 / 10.0 + " ms main->decision "
        + (decided - started) / 100_000 / 10.0 + " ms");
  }
}
