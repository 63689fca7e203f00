package io.cognitogate.cold;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.LoginHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * First login from a fresh JVM: builds {@link LoginHandler} from the environment map (as the local
 * invoke server does) and sends one PUT /auth to it, which calls Cognito (cognito-local) over HTTP.
 *   java -cp auth-handlers.jar:classes io.cognitogate.cold.LoginColdStart <username> <password>
 * Prints the status code; "main->init N ms" and "main->response N ms" to stderr.
 */
public final class LoginColdStart {
  public static void main(String[] args) {
    long started = System.nanoTime();
    Map<String, String> env = new HashMap<>(System.getenv());
    LoginHandler handler = new LoginHandler(env);
    long built = System.nanoTime();
    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
        .withHttpMethod("PUT").withPath("/auth")
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody("{\"username\":\"" + args[0] + "\",\"password\":\"" + args[1] + "\"}");
    APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
    long answered = System.nanoTime();
    System.out.println("status " + response.getStatusCode());
    System.err.println("main->init " + (built - started) / 100_000 / 10.0 + " ms");
    System.err.println("main->response " + (answered - started) / 100_000 / 10.0 + " ms");
  }
}
