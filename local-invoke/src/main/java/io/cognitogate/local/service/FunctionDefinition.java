package io.cognitogate.local.service;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One function of serverless.yml as the local invoke server runs it.
 *
 * @param key the function's key in serverless.yml (what serverless-offline logs and routes by)
 * @param name the deployed function name (what serverless-offline sends as {@code function})
 * @param handler the handler class, without a {@code ::method} suffix
 * @param artifact the jar, absolute, or null when the request's artifact is to be used
 * @param timeoutSeconds for the Context's remaining time (serverless-offline enforces the timeout
 *     itself)
 * @param environment provider and function environment merged, plus the variables Lambda itself
 *     sets
 * @param authorizerTtlSeconds present when some route uses this function as its authorizer
 * @param reservedConcurrency serverless.yml's {@code reservedConcurrency}: at most this many
 *     invocations at once
 */
public record FunctionDefinition(
    String key,
    String name,
    String handler,
    Path artifact,
    Map<String, String> environment,
    int memoryMb,
    int timeoutSeconds,
    OptionalInt authorizerTtlSeconds,
    OptionalInt reservedConcurrency) {

  public FunctionDefinition {
    environment = Map.copyOf(environment);
  }

  public boolean isAuthorizer() {
    return authorizerTtlSeconds.isPresent();
  }
}
