package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Authorizer events as API Gateway sends them, read through the Lambda runtime's serializer as the
 * runtime reads them: a REST REQUEST event and an HTTP API payload 2.0 event (on the {@code
 * $default} stage serverless.yml deploys). Values that would be request data in production are
 * fixed here.
 */
public final class EventFixture {
  public static final String ACCOUNT = "123456789012";
  public static final String API = "abcdef1234";
  public static final String REST_STAGE =
      "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":" + API + "/prod";
  public static final String HTTP_STAGE =
      "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":" + API + "/$default";
  static final ObjectMapper JSON = new ObjectMapper();

  private EventFixture() {}

  /**
   * A REST REQUEST event for {@code verb path}, the token in a header named {@code headerName}
   * (null: none).
   */
  public static APIGatewayCustomAuthorizerEvent restRequest(
      String headerName, String authorization, String verb, String path) {
    ObjectNode event = JSON.createObjectNode();
    event.put("type", "REQUEST");
    event.put("methodArn", REST_STAGE + "/" + verb + path);
    event.put("resource", path);
    event.put("path", path);
    event.put("httpMethod", verb);
    ObjectNode headers = event.putObject("headers");
    headers.put("Accept", "application/json");
    headers.put("Host", API + ".execute-api.us-east-1.amazonaws.com");
    headers.put("X-Tenant", "acme");
    ObjectNode multi = event.putObject("multiValueHeaders");
    multi.putArray("Accept").add("application/json");
    if (headerName != null) {
      headers.put(headerName, authorization);
      multi.putArray(headerName).add(authorization);
    }
    event.putObject("queryStringParameters");
    event.putObject("pathParameters");
    event.putObject("stageVariables").put("tier", "gold");
    ObjectNode context = event.putObject("requestContext");
    context.put("path", "/prod" + path);
    context.put("accountId", ACCOUNT);
    context.put("resourceId", "a1b2c3");
    context.put("stage", "prod");
    context.put("requestId", "c0ffee00-0000-4000-8000-000000000001");
    context.put("resourcePath", path);
    context.put("httpMethod", verb);
    context.put("apiId", API);
    context
        .putObject("identity")
        .put("sourceIp", "203.0.113.7")
        .put("userAgent", "test-client/1.0");
    return read(event, APIGatewayCustomAuthorizerEvent.class);
  }

  /**
   * An HTTP API (payload 2.0) event for {@code verb path} on the literal route {@code verb path}.
   */
  public static APIGatewayV2CustomAuthorizerEvent httpApi(
      String authorization, String verb, String path) {
    return httpApi(authorization, verb, path, verb + " " + path);
  }

  /**
   * An HTTP API (payload 2.0) event for {@code verb path} matched by the route {@code routeKey}.
   */
  public static APIGatewayV2CustomAuthorizerEvent httpApi(
      String authorization, String verb, String path, String routeKey) {
    return read(
        httpApiJson(authorization, verb, path, routeKey), APIGatewayV2CustomAuthorizerEvent.class);
  }

  /** The event's JSON, for tests that change a member before reading it. */
  public static ObjectNode httpApiJson(
      String authorization, String verb, String path, String routeKey) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("type", "REQUEST");
    event.put("routeArn", HTTP_STAGE + "/" + verb + path);
    event.putArray("identitySource").add(authorization == null ? "" : authorization);
    event.put("routeKey", routeKey);
    event.put("rawPath", path);
    event.put("rawQueryString", "");
    event.putArray("cookies").add("theme=dark");
    ObjectNode headers = event.putObject("headers");
    headers.put("accept", "application/json");
    headers.put("host", API + ".execute-api.us-east-1.amazonaws.com");
    if (authorization != null) {
      headers.put("authorization", authorization); // HTTP APIs pass header names in lower case
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", ACCOUNT);
    context.put("apiId", API);
    context.putObject("authentication"); // mutual TLS: absent here, but the member is sent
    context.put("domainName", API + ".execute-api.us-east-1.amazonaws.com");
    context.put("domainPrefix", API);
    context
        .putObject("http")
        .put("method", verb)
        .put("path", path)
        .put("protocol", "HTTP/1.1")
        .put("sourceIp", "203.0.113.7")
        .put("userAgent", "test-client/1.0");
    context.put("requestId", "c0ffee00-0000-4000-8000-000000000002");
    context.put("routeKey", routeKey);
    context.put("stage", "$default");
    context.put("time", "26/Nov/2026:10:00:00 +0000");
    context.put("timeEpoch", 1795687200000L);
    event.putObject("pathParameters");
    event.putObject("stageVariables");
    return event;
  }

  public static <T> T read(ObjectNode json, Class<T> type) {
    return AuthorizerFixture.runtimeSerializer(type).fromJson(json.toString());
  }
}
