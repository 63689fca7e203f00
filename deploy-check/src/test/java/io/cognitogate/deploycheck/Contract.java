package io.cognitogate.deploycheck;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions, routes and settings the template must have (docs/deploy.md), as the tests expect
 * them.
 */
final class Contract {

  private Contract() {}

  /** A serverless.yml function: its handler class and the jar it is packaged from. */
  record Function(String name, String handler, String artifact, boolean callsCognito) {}

  /** A route of the REST API: which function serves it and whether the authorizer guards it. */
  record Route(String verb, String path, String function, boolean protectedByAuthorizer) {
    String key() {
      return verb + " " + path;
    }
  }

  static final String AUTHORIZER = "authorizer";

  /**
   * The functions that answer 400 invalid_password with the pool's policy in words
   * (PASSWORD_POLICY).
   */
  static final String SIGN_UP = "signUp";

  static final String RESET_PASSWORD = "resetPassword";

  static final List<Function> FUNCTIONS =
      List.of(
          new Function(
              AUTHORIZER,
              "io.cognitogate.authorizer.TokenAuthorizerHandler",
              "authorizer/target/authorizer.jar",
              false),
          new Function(
              "login",
              "io.cognitogate.auth.LoginHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "challenge",
              "io.cognitogate.auth.ChallengeHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "refresh",
              "io.cognitogate.auth.RefreshHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "logout",
              "io.cognitogate.auth.LogoutHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              SIGN_UP,
              "io.cognitogate.auth.SignUpHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "confirmSignUp",
              "io.cognitogate.auth.ConfirmSignUpHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "resendCode",
              "io.cognitogate.auth.ResendCodeHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "forgotPassword",
              "io.cognitogate.auth.ForgotPasswordHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              RESET_PASSWORD,
              "io.cognitogate.auth.ResetPasswordHandler",
              "auth-handlers/target/auth-handlers.jar",
              true),
          new Function(
              "mock", "io.cognitogate.mock.MockHandler", "mock-api/target/mock-api.jar", false));

  static final List<Route> ROUTES =
      List.of(
          new Route("PUT", "/auth", "login", false),
          new Route("POST", "/auth/challenge", "challenge", false),
          new Route("POST", "/auth/refresh", "refresh", false),
          new Route("DELETE", "/auth", "logout", false),
          new Route("POST", "/auth/signup", SIGN_UP, false),
          new Route("POST", "/auth/signup/confirm", "confirmSignUp", false),
          new Route("POST", "/auth/signup/resend", "resendCode", false),
          new Route("POST", "/auth/password/forgot", "forgotPassword", false),
          new Route("POST", "/auth/password/reset", RESET_PASSWORD, false),
          new Route("GET", "/mock", "mock", true),
          new Route("GET", "/mock/admin", "mock", true));

  /** The only Cognito action a function role may hold: reading the client secret at init. */
  static final Set<String> COGNITO_ACTIONS_OF_AUTH_FUNCTIONS =
      Set.of("cognito-idp:DescribeUserPoolClient");

  static final Set<String> LOG_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");

  /** Revocation: the table, the only DynamoDB actions on it, and who holds them. */
  static final String REVOCATION_TABLE = "RevocationTable";

  static final Map<String, Set<String>> DYNAMODB_ACTIONS =
      Map.of(AUTHORIZER, Set.of("dynamodb:Query"), "logout", Set.of("dynamodb:PutItem"));
  static final Set<String> REVOCATION_FUNCTIONS = DYNAMODB_ACTIONS.keySet();

  /**
   * API Gateway's authorizer cache (stage param authorizerResultTtlSeconds): 0, logout honoured at
   * once.
   */
  static final int AUTHORIZER_RESULT_TTL_SECONDS = 0;

  static final String ADMIN_ROUTE_RULE = "GET /mock/admin=group:admins";

  /**
   * Every function's JVM settings (benchmarks/cold-start/README.md, "Levers"): C1 only and the
   * serial collector. Nothing else: no switched-off bytecode verification, no CDS archive a runtime
   * update would silently orphan.
   */
  static final Set<String> JAVA_TOOL_OPTIONS =
      Set.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  static final Set<String> CLIENT_AUTH_FLOWS =
      Set.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");

  /** Hosted UI: the authorization code grant only, never the implicit grant. */
  static final Set<String> CLIENT_OAUTH_FLOWS = Set.of("code");

  static final Set<String> CLIENT_OAUTH_SCOPES = Set.of("openid", "email");
  static final Set<String> CLIENT_IDENTITY_PROVIDERS = Set.of("COGNITO");

  static Function function(String name) {
    return FUNCTIONS.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no function " + name + " in the contract"));
  }
}
