package io.cognitogate.local.service;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The functions of serverless.yml as resolved by {@code osls print --format json}: each function's
 * environment (provider's merged with its own) and the authorizer cache TTLs of the http events.
 */
public final class ServiceDefinition {

  /** Serverless Framework's default for an http event's {@code authorizer.resultTtlInSeconds}. */
  static final int DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

  /** Serverless Framework's default function timeout. */
  static final int DEFAULT_TIMEOUT_SECONDS = 6;

  /**
   * Lambda's own credentials and session variables, passed on from the server's environment when
   * set.
   */
  private static final List<String> CREDENTIAL_VARIABLES =
      List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

  private final Map<String, FunctionDefinition> byName;
  private final List<String> warnings;

  private ServiceDefinition(Map<String, FunctionDefinition> byName, List<String> warnings) {
    this.byName = byName;
    this.warnings = warnings;
  }

  /**
   * No serverless.yml: every function runs with only Lambda's own variables and no authorizer
   * cache.
   */
  public static ServiceDefinition empty() {
    return new ServiceDefinition(Map.of(), List.of());
  }

  public static ServiceDefinition read(
      Path printedJson, Path serviceDir, String stage, Map<String, String> hostEnv)
      throws IOException {
    return parse(
        JacksonFactory.getInstance().getMapper().readTree(Files.readAllBytes(printedJson)),
        serviceDir,
        stage,
        hostEnv);
  }

  /**
   * @param root the printed service
   * @param serviceDir where serverless.yml lives (relative artifacts resolve against it)
   * @param stage the stage the service was printed for (names default to service-stage-key)
   * @param hostEnv the server's own environment, for the credential variables Lambda would set
   */
  public static ServiceDefinition parse(
      JsonNode root, Path serviceDir, String stage, Map<String, String> hostEnv) {
    List<String> warnings = new ArrayList<>();
    JsonNode serviceNode = root.path("service");
    String service =
        serviceNode.isObject() ? serviceNode.path("name").asText() : serviceNode.asText();
    JsonNode provider = root.path("provider");
    String effectiveStage = stage != null ? stage : provider.path("stage").asText("dev");
    String region = provider.path("region").asText("us-east-1");
    String serviceArtifact = root.path("package").path("artifact").asText(null);

    Map<String, Integer> ttls = authorizerTtls(root.path("functions"), warnings);
    Map<String, FunctionDefinition> byName = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("functions").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode function = entry.getValue();
      String name =
          function.hasNonNull("name")
              ? function.get("name").asText()
              : service + "-" + effectiveStage + "-" + key;
      int memory = function.path("memorySize").asInt(provider.path("memorySize").asInt(1024));
      int timeout =
          function.path("timeout").asInt(provider.path("timeout").asInt(DEFAULT_TIMEOUT_SECONDS));
      String artifact = function.path("package").path("artifact").asText(serviceArtifact);

      Map<String, String> environment = new LinkedHashMap<>();
      putScalars(environment, provider.path("environment"), key, warnings);
      putScalars(environment, function.path("environment"), key, warnings);
      // the variables Lambda sets itself win over the template, as in Lambda (they are reserved
      // there)
      environment.put("AWS_REGION", region);
      environment.put("AWS_DEFAULT_REGION", region);
      environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
      environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
      environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      for (String variable : CREDENTIAL_VARIABLES) {
        String value = hostEnv.get(variable);
        if (value != null) {
          environment.put(variable, value);
        }
      }

      Integer ttl = ttls.get(key);
      JsonNode reserved = function.path("reservedConcurrency");
      byName.put(
          name,
          new FunctionDefinition(
              key,
              name,
              stripMethod(function.path("handler").asText()),
              artifact == null ? null : serviceDir.resolve(artifact).toAbsolutePath().normalize(),
              environment,
              memory,
              timeout,
              ttl == null ? OptionalInt.empty() : OptionalInt.of(ttl),
              reserved.canConvertToInt() && reserved.asInt() >= 0
                  ? OptionalInt.of(reserved.asInt())
                  : OptionalInt.empty()));
    }
    return new ServiceDefinition(Collections.unmodifiableMap(byName), List.copyOf(warnings));
  }

  /**
   * Handler strings may name a method ({@code Class::handleRequest}); the class is what we load.
   */
  public static String stripMethod(String handler) {
    int separator = handler.indexOf("::");
    return separator < 0 ? handler : handler.substring(0, separator);
  }

  /**
   * The function serverless-offline means: by deployed name first; else the one function with this
   * handler and artifact (a service printed for another stage still maps).
   */
  public Optional<FunctionDefinition> lookup(String name, String handler, Path artifact) {
    FunctionDefinition byDeployedName = name == null ? null : byName.get(name);
    if (byDeployedName != null) {
      return Optional.of(byDeployedName);
    }
    String handlerClass = handler == null ? null : stripMethod(handler);
    List<FunctionDefinition> candidates =
        byName.values().stream()
            .filter(f -> f.handler().equals(handlerClass))
            .filter(f -> artifact == null || f.artifact() == null || f.artifact().equals(artifact))
            .toList();
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  public Map<String, FunctionDefinition> functions() {
    return byName;
  }

  /** Things the template holds that cannot be run locally, worded without any value. */
  public List<String> warnings() {
    return warnings;
  }

  private static Map<String, Integer> authorizerTtls(JsonNode functions, List<String> warnings) {
    Map<String, Integer> ttls = new LinkedHashMap<>();
    for (JsonNode function : functions) {
      for (JsonNode event : function.path("events")) {
        JsonNode authorizer = event.path("http").path("authorizer");
        String authorizerKey;
        int ttl;
        if (authorizer.isTextual()) {
          authorizerKey = authorizer.asText();
          ttl = DEFAULT_AUTHORIZER_TTL_SECONDS;
        } else if (authorizer.isObject() && authorizer.hasNonNull("name")) {
          authorizerKey = authorizer.get("name").asText();
          ttl = authorizer.path("resultTtlInSeconds").asInt(DEFAULT_AUTHORIZER_TTL_SECONDS);
        } else {
          continue;
        }
        Integer previous = ttls.putIfAbsent(authorizerKey, ttl);
        if (previous != null && previous != ttl) {
          // API Gateway has one authorizer resource, hence one TTL; keep the first as the framework
          // does
          warnings.add(
              "authorizer '"
                  + authorizerKey
                  + "' has different resultTtlInSeconds on different"
                  + " routes; using "
                  + previous);
        }
      }
    }
    return ttls;
  }

  private static void putScalars(
      Map<String, String> target, JsonNode environment, String function, List<String> warnings) {
    for (Iterator<Map.Entry<String, JsonNode>> it = environment.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> variable = it.next();
      JsonNode value = variable.getValue();
      if (value.isNull()) {
        // the framework drops a null variable from the template: unset, silently
        target.remove(variable.getKey());
      } else if (value.isValueNode()) {
        target.put(variable.getKey(), value.asText());
      } else {
        // an unresolved intrinsic (Ref, Fn::GetAtt) has no local value; the handler's own check
        // reports it
        warnings.add(
            "function '"
                + function
                + "': environment variable "
                + variable.getKey()
                + " is not a plain value locally and is left unset");
        target.remove(variable.getKey());
      }
    }
  }
}
