package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.AuthConfig;
import io.cognitogate.auth.cognito.ClientSecret;
import io.cognitogate.auth.cognito.CognitoFailure;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.ApiError;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.BadRequestException;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.cors.CorsPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.endpoints.CognitoIdentityProviderEndpointProvider;

/**
 * Lambda SnapStart (CRaC) hook of the login function. Before the snapshot it runs logins end to end
 * (the body, SECRET_HASH, the SDK's marshalling, endpoint rules and HTTP exchange, the reading of
 * Cognito's answers, our responses) against {@link CannedCognito} on a loopback port, through a
 * priming client and gateway built by the same code as the real ones; the real client is never used
 * and Cognito never sees a priming request, so no quota is spent, no failed sign-in is recorded and
 * no account can be locked.
 *
 * <p>A loopback endpoint rather than an SDK interceptor that aborts before transmission: the HTTP
 * exchange and the reading of Cognito's answers (tokens, the challenge, each error type) are most
 * of what a first login loads, and they only run when something answers. The TLS handshake with the
 * real endpoint is not primed: no loopback endpoint can stand in for it.
 *
 * <p>After a restore there is nothing to forget: the gateway keeps no per-user state, and its only
 * credentials sign DescribeUserPoolClient, which the SDK refreshes when they expire.
 */
final class LoginPriming implements Resource {
  /**
   * Not the function's secret: the priming never holds it, but SECRET_HASH is computed all the
   * same.
   */
  private static final ClientSecret PRIMING_SECRET = new ClientSecret("snapstart-priming");

  private static final String PASSWORD = "Priming-password-1";

  /** More than sun.reflect.inflationThreshold (15). */
  private static final int REFLECTION_INFLATION_ROUNDS = 16;

  private final AuthConfig config;
  private final CorsPolicy cors;

  LoginPriming(AuthConfig config, CorsPolicy cors) {
    this.config = Objects.requireNonNull(config, "config");
    this.cors = Objects.requireNonNull(cors, "cors");
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    String outcome;
    // a failed priming costs restore latency, not correctness: log it, never fail the snapshot over
    // it
    try {
      outcome = prime() ? "primed" : "priming_unexpected_answer";
    } catch (RuntimeException | LinkageError e) {
      outcome = "priming_failed: " + e.getClass().getSimpleName();
    }
    Log.snapStart("snapstart_checkpoint", outcome);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    Log.snapStart("snapstart_restore", "nothing to forget");
  }

  /**
   * Tokens and the challenge through a whole handler; each sign-in error through the gateway and
   * the response it maps to (the handler would also log it, and a priming failure is nobody's);
   * bodies the route refuses to the 400. Then the region's endpoint rules, which the real client,
   * unlike the priming one, evaluates without an endpoint override.
   *
   * @return true if every answer came out as it should
   */
  boolean prime() {
    boolean asExpected;
    try (CannedCognito canned = CannedCognito.start();
        CognitoIdentityProviderClient client =
            CognitoGateway.buildClient(
                new AuthConfig(
                    config.userPoolId(),
                    config.clientId(),
                    Optional.empty(),
                    Optional.of(canned.endpoint()),
                    config.region()),
                AnonymousCredentialsProvider.create())) {
      CognitoGateway gateway =
          new CognitoGateway(
              client, config.userPoolId(), config.clientId(), Optional.of(PRIMING_SECRET));
      LoginHandler login = new LoginHandler(gateway, cors);
      asExpected =
          status(login.handleRequest(event(CannedCognito.CHALLENGE, PASSWORD), null)) == 200;
      for (String error : CannedCognito.ERRORS) {
        asExpected &= failed(gateway, CannedCognito.PREFIX + error);
      }
      // the everyday answers past JDK 17's reflection inflation threshold (15 calls), so its
      // generated
      // accessors are in the snapshot too rather than made during some later login
      for (int round = 0; round < REFLECTION_INFLATION_ROUNDS; round++) {
        asExpected &=
            status(login.handleRequest(event(CannedCognito.TOKENS, PASSWORD), null)) == 200;
        asExpected &= failed(gateway, CannedCognito.PREFIX + CannedCognito.ERRORS.get(0));
      }
      asExpected &= badRequest(body(CannedCognito.TOKENS, null));
      asExpected &= badRequest("username=" + CannedCognito.TOKENS);
    }
    CognitoIdentityProviderEndpointProvider.defaultProvider()
        .resolveEndpoint(parameters -> parameters.region(Region.of(config.region())))
        .join();
    return asExpected;
  }

  /** A sign-in Cognito refuses, through the gateway and the error response it maps to. */
  private boolean failed(CognitoGateway gateway, String username) {
    try {
      gateway.login(username, PASSWORD);
      return false;
    } catch (CognitoFailure e) {
      return status(
              cors.apply(event(body(username, PASSWORD)), ErrorResponses.forReason(e.reason())))
          >= 400;
    }
  }

  /** A body the route refuses, and the 400 it maps to. */
  private boolean badRequest(String body) {
    APIGatewayProxyRequestEvent event = event(body);
    try {
      RequestBody.parse(event, Field.USERNAME, Field.PASSWORD);
      return false;
    } catch (BadRequestException e) {
      return status(cors.apply(event, ApiResponses.error(ApiError.INVALID_REQUEST, e.getMessage())))
          == 400;
    }
  }

  private static int status(APIGatewayProxyResponseEvent response) {
    return response.getStatusCode();
  }

  private static APIGatewayProxyRequestEvent event(String username, String password) {
    return event(body(username, password));
  }

  /** A login body of our own fixed values (no escaping needed); no password field when null. */
  private static String body(String username, String password) {
    return "{\"username\":\""
        + username
        + "\""
        + (password == null ? "" : ",\"password\":\"" + password + "\"")
        + "}";
  }

  /** {@code PUT /auth} as API Gateway passes it on. */
  private static APIGatewayProxyRequestEvent event(String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Origin", "https://snapstart-priming.invalid");
    return new APIGatewayProxyRequestEvent()
        .withHttpMethod("PUT")
        .withPath("/auth")
        .withResource("/auth")
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false);
  }
}
