package io.cognitogate.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cognitogate.auth.cognito.CognitoFailure;
import io.cognitogate.auth.cognito.CognitoGateway;
import io.cognitogate.auth.http.ApiError;
import io.cognitogate.auth.http.ApiResponses;
import io.cognitogate.auth.http.BadRequestException;
import io.cognitogate.auth.http.Field;
import io.cognitogate.auth.http.RequestBody;
import io.cognitogate.auth.revocation.LogoutRevocation;
import io.cognitogate.cors.CorsPolicy;
import io.cognitogate.revocation.RevocationStoreException;
import io.cognitogate.token.JwksUnavailableException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DELETE /auth} {"refresh_token"}: RevokeToken, 204 (also when it was already revoked).
 * {@code DELETE /auth?scope=global} with {@code Authorization: Bearer <access token>}:
 * GlobalSignOut, 204.
 *
 * <p>With revocation on ({@code REVOCATION_TABLE} set) the access token in {@code Authorization} is
 * verified and its marker written first (session: {@code FAM#<origin_jti>} or {@code JTI#<jti>};
 * global: {@code USER}), then Cognito is called: the marker failing is a 503 and Cognito is not
 * called; Cognito failing is its usual retryable error and the marker stays (harmless, the retry
 * rewrites it). {@code DELETE /auth} without the header still revokes the refresh token at Cognito,
 * but the access tokens already issued stay valid at the authorizer until they expire.
 */
public final class LogoutHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private static final int MAX_ACCESS_TOKEN = 8192;

  private final CognitoGateway cognito;
  private final Optional<LogoutRevocation> revocation;
  private final CorsPolicy cors;

  public LogoutHandler() {
    this(System.getenv());
  }

  public LogoutHandler(Map<String, String> environment) {
    this(
        CognitoGateway.fromEnvironment(environment),
        LogoutRevocation.fromEnvironment(environment, Clock.systemUTC()),
        CorsPolicy.fromEnvironment(environment));
  }

  public LogoutHandler(CognitoGateway cognito) {
    this(cognito, Optional.empty());
  }

  public LogoutHandler(CognitoGateway cognito, Optional<LogoutRevocation> revocation) {
    this(cognito, revocation, CorsPolicy.NONE);
  }

  public LogoutHandler(
      CognitoGateway cognito, Optional<LogoutRevocation> revocation, CorsPolicy cors) {
    this.cognito = cognito;
    this.revocation = revocation;
    this.cors = cors;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    return cors.apply(event, logoutByScope(event));
  }

  /**
   * No {@code scope}: the refresh token's session; {@code scope=global}: every session of the user;
   * anything else: 400.
   */
  private APIGatewayProxyResponseEvent logoutByScope(APIGatewayProxyRequestEvent event) {
    Map<String, String> query = event == null ? null : event.getQueryStringParameters();
    String scope = query == null ? null : query.get("scope");
    if (scope == null) {
      return ErrorResponses.catching("logout", () -> logoutSession(event));
    }
    if (scope.equals("global")) {
      return ErrorResponses.catching("logout_global", () -> logoutEverywhere(event));
    }
    return ErrorResponses.catching(
        "logout",
        () -> {
          throw new BadRequestException("scope", "must be global or absent");
        });
  }

  private APIGatewayProxyResponseEvent logoutSession(APIGatewayProxyRequestEvent event)
      throws BadRequestException, CognitoFailure {
    RequestBody body = RequestBody.parse(event, Field.REFRESH_TOKEN);
    if (revocation.isPresent()) {
      String authorization = authorizationHeader(event == null ? null : event.getHeaders());
      if (authorization != null) {
        // the marker first: if Cognito then fails, the session is still revoked at the edge
        APIGatewayProxyResponseEvent refused = writeMarker("logout", authorization, false);
        if (refused != null) {
          return refused;
        }
      }
    }
    cognito.revoke(body.get(Field.REFRESH_TOKEN));
    return ApiResponses.noContent();
  }

  private APIGatewayProxyResponseEvent logoutEverywhere(APIGatewayProxyRequestEvent event)
      throws CognitoFailure {
    String accessToken = bearerToken(event == null ? null : event.getHeaders());
    if (accessToken == null) {
      Log.badRequest("logout_global", "Authorization");
      return ApiResponses.error(ApiError.INVALID_TOKEN, "A Bearer access token is required.");
    }
    if (revocation.isPresent()) {
      APIGatewayProxyResponseEvent refused =
          writeMarker("logout_global", "Bearer " + accessToken, true);
      if (refused != null) {
        return refused;
      }
    }
    cognito.globalSignOut(accessToken);
    return ApiResponses.noContent();
  }

  /**
   * Writes the marker; returns the error response when logout must stop here, or null to go on to
   * Cognito.
   */
  private APIGatewayProxyResponseEvent writeMarker(
      String route, String authorization, boolean global) {
    LogoutRevocation writer = revocation.orElseThrow();
    try {
      LogoutRevocation.Written written =
          global ? writer.signOutEverywhere(authorization) : writer.revokeSession(authorization);
      Log.revocation(
          route,
          written == LogoutRevocation.Written.MARKER
              ? "revocation_marker_written"
              : "revocation_marker_skipped",
          "INFO",
          written.name());
      return null;
    } catch (LogoutRevocation.InvalidAccessToken e) {
      Log.revocation(route, "invalid_access_token", "INFO", e.reason().name());
      return ApiResponses.error(ApiError.INVALID_TOKEN, "The access token is invalid or expired.");
    } catch (JwksUnavailableException e) {
      Log.revocation(route, "revocation_jwks_unavailable", "ERROR", null);
      return revocationUnavailable();
    } catch (RevocationStoreException e) {
      Log.revocation(route, "revocation_store_failure", "ERROR", e.reason().name());
      return revocationUnavailable();
    }
  }

  private static APIGatewayProxyResponseEvent revocationUnavailable() {
    APIGatewayProxyResponseEvent response =
        ApiResponses.error(
            ApiError.REVOCATION_UNAVAILABLE,
            "The logout could not be recorded; nothing was revoked. Retry later.");
    response.getHeaders().put("Retry-After", "1");
    return response;
  }

  /** The raw {@code Authorization} header value (header name case-insensitive), or null. */
  private static String authorizationHeader(Map<String, String> headers) {
    if (headers == null) {
      return null;
    }
    String value = null;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if ("authorization".equalsIgnoreCase(header.getKey())) {
        value = header.getValue();
      }
    }
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * The token of {@code Authorization: Bearer <token>} (header name and scheme case-insensitive),
   * or null.
   */
  static String bearerToken(Map<String, String> headers) {
    String value = authorizationHeader(headers);
    if (value == null || value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7);
    return token.length() <= MAX_ACCESS_TOKEN && Field.tokenShaped(token) ? token : null;
  }
}
