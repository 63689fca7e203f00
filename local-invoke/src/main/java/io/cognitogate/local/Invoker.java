package io.cognitogate.local;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.cognitogate.local.cache.AuthorizerCache;
import io.cognitogate.local.concurrency.ConcurrencyLimits;
import io.cognitogate.local.concurrency.ContainerPool;
import io.cognitogate.local.concurrency.ThrottledException;
import io.cognitogate.local.runtime.FunctionContainer;
import io.cognitogate.local.service.FunctionDefinition;
import io.cognitogate.local.service.ServiceDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one {@code POST /invoke} of serverless-offline's Java runner: finds the function, runs it in
 * one of its warm containers (or answers from the TOKEN authorizer cache), and maps the outcome to
 * the payload that makes serverless-offline answer as API Gateway would. A function at its
 * concurrency limit is throttled: a route answers 429, an authorizer fails (API Gateway's
 * authorizer failure, never a 401).
 */
public final class Invoker implements AutoCloseable {

  /** What serverless-offline's JavaRunner looks for in the response text. */
  static final String PAYLOAD_KEY = "__offline_payload__";

  /** The error text API Gateway's authorizer contract reserves for "401". */
  static final String UNAUTHORIZED = "Unauthorized";

  /** An HTTP reply to serverless-offline: a status and one line of JSON. */
  public record Reply(int status, String line) {}

  private enum Outcome {
    ok,
    unauthorized,
    error,
    init_error,
    cache_hit,
    unknown_function,
    rejected,
    throttled
  }

  /**
   * serverless-offline replaces the authorizer's context with this header's JSON; API Gateway has
   * no such thing.
   */
  static final String OVERRIDE_HEADER = "sls-offline-authorizer-override";

  private static final String OVERRIDE_REJECTED =
      "{\"statusCode\":400,\"headers\":{\"Content-Type\":\"application/json\"},"
          + "\"body\":\"{\\\"error\\\":\\\"unsupported_header\\\",\\\"message\\\":\\\""
          + OVERRIDE_HEADER
          + " would replace the authorizer's answer in serverless-offline; API Gateway has no such header\\\"}\"}";

  private static final ObjectMapper JSON = JacksonFactory.getInstance().getMapper();

  private final ServiceDefinition service;
  private final ConcurrencyLimits limits;
  private final AuthorizerCache cache;
  private final Clock clock;
  private final PrintStream log;
  private final ConcurrentHashMap<String, ContainerPool<FunctionContainer>> pools =
      new ConcurrentHashMap<>();
  // one thread starts every extra container: cold starts side by side would only slow each other
  // down
  private final ExecutorService starter =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "local-invoke-starter");
            thread.setDaemon(true);
            return thread;
          });

  public Invoker(ServiceDefinition service, Clock clock, PrintStream log) {
    this(service, ConcurrencyLimits.DEFAULT, clock, log);
  }

  public Invoker(
      ServiceDefinition service, ConcurrencyLimits limits, Clock clock, PrintStream log) {
    this.service = service;
    this.limits = limits;
    this.cache = new AuthorizerCache(clock);
    this.clock = clock;
    this.log = log;
  }

  public Reply invoke(byte[] body) {
    long start = System.nanoTime();
    JsonNode request;
    JsonNode data;
    try {
      request = JSON.readTree(body);
      JsonNode dataNode = request.path("data");
      data = dataNode.isTextual() ? JSON.readTree(dataNode.asText()) : dataNode;
    } catch (IOException | RuntimeException e) {
      return badRequest("request is not JSON");
    }
    if (request == null || !request.path("handler").isTextual() || !data.path("event").isObject()) {
      return badRequest("expected {artifact, handler, function, data: \"{event, context}\"}");
    }
    String functionName = request.path("function").asText(null);
    String handler = request.path("handler").asText();
    Path artifact =
        request.path("artifact").isTextual()
            ? Path.of(request.path("artifact").asText()).toAbsolutePath().normalize()
            : null;
    JsonNode event = data.path("event");
    String requestId =
        data.path("context").path("awsRequestId").asText(UUID.randomUUID().toString());

    Optional<FunctionDefinition> found = service.lookup(functionName, handler, artifact);
    if (found.isEmpty() && !service.isEmpty()) {
      logLine(
          functionName,
          start,
          null,
          Outcome.unknown_function,
          "not in the service definition",
          null);
      return reply(errorPayload(event));
    }
    FunctionDefinition function = found.orElseGet(() -> adHoc(functionName, handler, artifact));
    Path jar = artifact != null ? artifact : function.artifact();
    if (jar == null) {
      return badRequest("no artifact for function " + function.key());
    }

    if (!isAuthorizerEvent(event) && overridesAuthorizer(event)) {
      logLine(
          function.key(),
          start,
          null,
          Outcome.rejected,
          "sls-offline-authorizer-override header",
          null);
      return reply(OVERRIDE_REJECTED);
    }
    dropDecodedClaims(event);

    String token = tokenOf(event);
    int ttl = function.authorizerTtlSeconds().orElse(0);
    boolean cacheable = token != null && !token.isEmpty() && ttl > 0;
    if (cacheable) {
      Optional<String> cached = cache.get(function.key(), token);
      if (cached.isPresent()) {
        logLine(function.key(), start, null, Outcome.cache_hit, null, "hit");
        return reply(cached.get());
      }
    }

    byte[] eventJson;
    try {
      eventJson = JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      return badRequest("event could not be re-serialized");
    }
    String cacheState = token == null ? null : cacheable ? "miss" : "off";
    ContainerPool<FunctionContainer> pool =
        pools.computeIfAbsent(
            function.name() + '\u0000' + jar,
            k ->
                new ContainerPool<>(
                    limits.concurrencyOf(function),
                    limits.queue(),
                    limits.maxWaitOf(function),
                    () -> new FunctionContainer(function, jar, log),
                    container -> logStarted(function, container),
                    FunctionContainer::close,
                    starter));
    FunctionContainer.Invocation invocation;
    try {
      invocation = pool.run(container -> container.invoke(eventJson, requestId));
    } catch (ThrottledException e) {
      logLine(function.key(), start, null, Outcome.throttled, e.reason().name(), cacheState);
      return reply(isAuthorizerEvent(event) ? errorPayload(event) : throttledPayload(function));
    }
    if (invocation.error() == null) {
      String payload = singleLine(invocation.output());
      // a returned "Unauthorized" is a 401 like a thrown one, and API Gateway caches policies only
      if (cacheable && !payload.equals("\"" + UNAUTHORIZED + "\"")) {
        cache.put(function.key(), token, payload, ttl);
      }
      logLine(function.key(), start, invocation, Outcome.ok, null, cacheState);
      return reply(payload);
    }
    boolean authorizer = isAuthorizerEvent(event);
    if (authorizer
        && !invocation.initFailed()
        && UNAUTHORIZED.equals(invocation.error().getMessage())) {
      logLine(function.key(), start, invocation, Outcome.unauthorized, null, cacheState);
      return reply("\"" + UNAUTHORIZED + "\"");
    }
    logLine(
        function.key(),
        start,
        invocation,
        invocation.initFailed() ? Outcome.init_error : Outcome.error,
        describe(invocation.error()),
        cacheState);
    return reply(errorPayload(event));
  }

  /**
   * Serverless-offline's TOKEN and REQUEST authorizer events carry a methodArn and a type; an HTTP
   * API's payload 2.0 authorizer event a routeArn, type REQUEST and version 2.0.
   */
  static boolean isAuthorizerEvent(JsonNode event) {
    String type = event.path("type").asText("");
    if (event.path("routeArn").isTextual()) {
      return type.equals("REQUEST") && event.path("version").asText("").equals("2.0");
    }
    return event.path("methodArn").isTextual() && (type.equals("TOKEN") || type.equals("REQUEST"));
  }

  private static boolean overridesAuthorizer(JsonNode event) {
    for (Iterator<String> names = event.path("headers").fieldNames(); names.hasNext(); ) {
      if (names.next().equalsIgnoreCase(OVERRIDE_HEADER)) {
        return true;
      }
    }
    return false;
  }

  /**
   * serverless-offline adds {@code claims} (the bearer token's payload, decoded without
   * verification) and {@code scopes} to {@code requestContext.authorizer}; API Gateway passes a
   * Lambda authorizer's context only, whose values are scalars. Non-scalar values are therefore
   * serverless-offline's, and are removed.
   */
  static void dropDecodedClaims(JsonNode event) {
    JsonNode authorizer = event.path("requestContext").path("authorizer");
    if (!(authorizer instanceof ObjectNode context)) {
      return;
    }
    if (event.path("version").asText("").equals("2.0")) {
      // payload 2.0: a Lambda authorizer's context is requestContext.authorizer.lambda; jwt is the
      // decoded token
      context.retain("lambda");
    } else {
      context.retain(fieldNames(context, value -> value.isValueNode()));
    }
  }

  private static List<String> fieldNames(
      ObjectNode node, java.util.function.Predicate<JsonNode> keep) {
    List<String> names = new ArrayList<>();
    node.fields()
        .forEachRemaining(
            entry -> {
              if (keep.test(entry.getValue())) {
                names.add(entry.getKey());
              }
            });
    return names;
  }

  private static String tokenOf(JsonNode event) {
    return isAuthorizerEvent(event) && event.path("type").asText().equals("TOKEN")
        ? event.path("authorizationToken").asText("")
        : null;
  }

  /**
   * A failed invocation as API Gateway answers it. Authorizer: an authorizer failure, never a 401.
   * The Java runner cannot throw, and serverless-offline's one failure answer for a returned result
   * is a context value that is not a scalar, checked after the policy matched
   * (AUTHORIZER_CONFIGURATION_ERROR: 500, or the service's gateway response with the patch in
   * patches/); so this answer allows exactly the requested method and carries such a context, and
   * the route never runs. Proxy integration: API Gateway's 502.
   */
  static String errorPayload(JsonNode event) {
    if (isAuthorizerEvent(event)) {
      ObjectNode result = JSON.createObjectNode();
      result.put("principalId", "local-invoke-authorizer-error");
      ObjectNode statement =
          result
              .putObject("policyDocument")
              .put("Version", "2012-10-17")
              .putArray("Statement")
              .addObject();
      // an HTTP API's simple-response authorizer finds no isAuthorized here: a failure too
      // (patches/)
      String resource =
          event.path("methodArn").isTextual()
              ? event.path("methodArn").asText()
              : event.path("routeArn").asText();
      statement
          .put("Action", "execute-api:Invoke")
          .put("Effect", "Allow")
          .put("Resource", resource);
      result
          .putObject("context")
          .putObject("AuthorizerConfigurationException")
          .put("message", "the authorizer failed: API Gateway answers 500");
      return result.toString();
    }
    return "{\"statusCode\":502,\"headers\":{\"Content-Type\":\"application/json\"},"
        + "\"body\":\"{\\\"message\\\":\\\"Internal server error\\\"}\"}";
  }

  /**
   * A route whose function is at its concurrency limit: 429 with Retry-After, in the API's error
   * shape and with the function's CORS origin, so that a browser can read it. (Lambda answers a
   * throttled invoke with 429; API Gateway turns that into a 500 unless a gateway response maps
   * it.)
   */
  static String throttledPayload(FunctionDefinition function) {
    ObjectNode result = JSON.createObjectNode().put("statusCode", 429);
    ObjectNode headers =
        result.putObject("headers").put("Content-Type", "application/json").put("Retry-After", "1");
    String origin = function.environment().get("CORS_ALLOW_ORIGIN");
    if (origin != null && !origin.isBlank()) {
      headers.put("Access-Control-Allow-Origin", origin);
    }
    result.put(
        "body",
        JSON.createObjectNode()
            .put("error", "too_many_requests")
            .put("message", "Too many requests at once for this route locally; retry shortly")
            .toString());
    return result.toString();
  }

  private FunctionDefinition adHoc(String name, String handler, Path artifact) {
    String key = name != null ? name : ServiceDefinition.stripMethod(handler);
    return new FunctionDefinition(
        key,
        key,
        ServiceDefinition.stripMethod(handler),
        artifact,
        Map.of("AWS_LAMBDA_FUNCTION_NAME", key, "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        1024,
        6,
        OptionalInt.empty(),
        OptionalInt.empty());
  }

  private Reply badRequest(String reason) {
    log.println(
        "{\"component\":\"local-invoke\",\"outcome\":\"bad_request\",\"reason\":"
            + JSON.getNodeFactory().textNode(reason)
            + "}");
    ObjectNode error = JSON.createObjectNode().put("error", "bad_request").put("message", reason);
    return new Reply(400, error.toString());
  }

  private static Reply reply(String payload) {
    return new Reply(200, "{\"" + PAYLOAD_KEY + "\":" + payload + "}");
  }

  /**
   * serverless-offline splits the response on line breaks; raw ones can only be JSON whitespace.
   */
  private static String singleLine(String json) {
    String trimmed = json.strip();
    return trimmed.isEmpty() ? "null" : trimmed.replace('\n', ' ').replace('\r', ' ');
  }

  /**
   * The exception's type and where it was thrown; its message may hold anything, so it stays out.
   */
  private static String describe(Throwable error) {
    StackTraceElement[] trace = error.getStackTrace();
    return error.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
  }

  /** A container started off the request path because the others were busy. */
  private void logStarted(FunctionDefinition function, FunctionContainer container) {
    long initNanos = container.warm();
    ObjectNode line =
        JSON.createObjectNode()
            .put("ts", clock.instant().toString())
            .put("component", "local-invoke")
            .put("function", function.key())
            .put("event", initNanos < 0 ? "scale_out_failed" : "scaled_out");
    if (initNanos >= 0) {
      line.put("initMs", initNanos / 100_000 / 10.0);
    }
    log.println(line);
  }

  private void logLine(
      String function,
      long startNanos,
      FunctionContainer.Invocation invocation,
      Outcome outcome,
      String error,
      String cacheState) {
    ObjectNode line =
        JSON.createObjectNode()
            .put("ts", clock.instant().toString())
            .put("component", "local-invoke")
            .put("function", function)
            .put("durationMs", (System.nanoTime() - startNanos) / 100_000 / 10.0);
    if (invocation != null) {
      line.put("start", invocation.cold() ? "cold" : "warm");
      if (invocation.cold()) {
        line.put("initMs", invocation.initNanos() / 100_000 / 10.0);
      }
    }
    line.put("outcome", outcome.name());
    if (cacheState != null) {
      line.put("authorizerCache", cacheState);
    }
    if (error != null) {
      line.put("error", error);
    }
    log.println(line);
  }

  @Override
  public void close() {
    starter.shutdownNow();
    pools.values().forEach(ContainerPool::close);
    pools.clear();
  }
}
