package io.cognitogate.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for Cognito's InitiateAuth on a loopback port, for the SnapStart priming only: it
 * answers in Cognito's wire form (AWS JSON 1.1) with the answer named by the priming username found
 * in the request (tokens, the NEW_PASSWORD_REQUIRED challenge, or one of Cognito's sign-in errors),
 * so that the SDK's reading of each of them runs before the snapshot. The tokens are placeholders
 * that only carry the claims the gateway echoes; nothing here is ever trusted.
 */
final class CannedCognito implements AutoCloseable {
  static final String PREFIX = "snapstart-priming-";
  static final String TOKENS = PREFIX + "tokens";
  static final String CHALLENGE = PREFIX + "challenge";

  /**
   * The errors a sign-in meets; each is its own exception class in the SDK, loaded on first sight.
   */
  static final List<String> ERRORS =
      List.of(
          "NotAuthorizedException",
          "UserNotFoundException",
          "UserNotConfirmedException",
          "PasswordResetRequiredException",
          "TooManyRequestsException",
          "InvalidParameterException");

  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final HttpServer server;

  private CannedCognito(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port; answers on the server's own thread. */
  static CannedCognito start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", new Answers(answers()));
    server.start();
    return new CannedCognito(server);
  }

  /** The endpoint override for the priming client. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** By priming username: the HTTP status and the body Cognito would send. */
  private static Map<String, Answer> answers() {
    Map<String, Answer> answers = new LinkedHashMap<>();
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    // as long as Cognito's (1-2 KB each): long strings take other paths in the JSON parser than
    // short ones
    String filler = "A".repeat(1200);
    String claims =
        base64url.encodeToString(
            ("{\"username\":\""
                    + PREFIX
                    + "user\",\"iat\":1,\"exp\":3601,"
                    + "\"filler\":\""
                    + filler
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    answers.put(
        TOKENS,
        new Answer(
            200,
            false,
            "{\"AuthenticationResult\":{\"AccessToken\":\"priming."
                + claims
                + ".priming\",\"ExpiresIn\":3600,\"IdToken\":\"priming."
                + filler
                + ".priming\",\"RefreshToken\":\""
                + filler
                + "\",\"TokenType\":\"Bearer\"},\"ChallengeParameters\":{}}"));
    // chunked, as Cognito's front end may frame an answer; the others carry a Content-Length
    answers.put(
        CHALLENGE,
        new Answer(
            200,
            true,
            "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\",\"Session\":\""
                + filler
                + "\",\"ChallengeParameters\":{\"USER_ID_FOR_SRP\":\""
                + PREFIX
                + "user\","
                + "\"requiredAttributes\":\"[]\",\"userAttributes\":\"{}\"}}"));
    for (String error : ERRORS) {
      answers.put(
          PREFIX + error,
          new Answer(400, false, "{\"__type\":\"" + error + "\",\"message\":\"priming\"}"));
    }
    return answers;
  }

  private record Answer(int status, boolean chunked, String body) {}

  /** A named class, not a lambda: nothing of the priming server needs the lambda machinery. */
  private static final class Answers implements HttpHandler {
    private final Map<String, Answer> answers;

    Answers(Map<String, Answer> answers) {
      this.answers = answers;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try (exchange;
          InputStream in = exchange.getRequestBody()) {
        String request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Answer answer =
            new Answer(
                400, false, "{\"__type\":\"InvalidParameterException\",\"message\":\"priming\"}");
        for (Map.Entry<String, Answer> canned : answers.entrySet()) {
          if (request.contains('"' + canned.getKey() + '"')) {
            answer = canned.getValue();
          }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "snapstart-priming");
        exchange.sendResponseHeaders(answer.status(), answer.chunked() ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
