package io.cognitogate.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cognitogate.auth.CognitoStub.CLIENT_ID;
import static io.cognitogate.auth.CognitoStub.CLIENT_SECRET;
import static io.cognitogate.auth.CognitoStub.POOL_ID;
import static io.cognitogate.auth.CognitoStub.accessToken;
import static io.cognitogate.auth.CognitoStub.authenticationResult;
import static io.cognitogate.auth.CognitoStub.secretHash;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The handlers against a protocol-level Cognito stand-in: what we send, and how we read every
 * answer.
 */
class CognitoProtocolTest {

  private static final String TARGET = "X-Amz-Target";
  @RegisterExtension static final CognitoStub cognito = new CognitoStub();

  private LoginHandler login;
  private ChallengeHandler challenge;
  private RefreshHandler refresh;
  private LogoutHandler logout;

  @BeforeEach
  void handlers() {
    Map<String, String> env = cognito.environment();
    login = new LoginHandler(env);
    challenge = new ChallengeHandler(env);
    refresh = new RefreshHandler(env);
    logout = new LogoutHandler(env);
  }

  @Test
  void loginWhenPasswordCorrectThenSendsUserPasswordAuthWithSecretHashUnsigned() {
    String access = accessToken("alice", "a1");
    cognito.answer(
        "InitiateAuth",
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\""
            + CLIENT_ID
            + "\","
            + "\"AuthParameters\":{\"USERNAME\":\"alice\",\"PASSWORD\":\"Passw0rd!\","
            + "\"SECRET_HASH\":\"yLhOQF8C6i5JsgcjjO0/+oMIiKIZIVdol+lxyniH4uM=\"}}",
        authenticationResult(access, "id.tok.en", "refresh.tok.en.x.y"));

    APIGatewayProxyResponseEvent response =
        login.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store");
    assertThat(Bodies.text(response, "access_token")).isEqualTo(access);
    assertThat(Bodies.text(response, "id_token")).isEqualTo("id.tok.en");
    assertThat(Bodies.text(response, "refresh_token")).isEqualTo("refresh.tok.en.x.y");
    assertThat(Bodies.text(response, "expires_in")).isEqualTo("3600");
    assertThat(Bodies.text(response, "token_type")).isEqualTo("Bearer");
    assertThat(Bodies.text(response, "username")).isEqualTo("alice");
    // InitiateAuth is not IAM-authorized: the SDK must not need, or send, credentials for it
    cognito.server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader(TARGET, equalTo("AWSCognitoIdentityProviderService.InitiateAuth"))
            .withHeader("Authorization", absent()));
  }

  @Test
  void loginWhenNoCredentialsExistThenUnauthenticatedCallsStillWork() {
    cognito.answer(
        "InitiateAuth",
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\""
            + CLIENT_ID
            + "\","
            + "\"AuthParameters\":{\"USERNAME\":\"alice\",\"PASSWORD\":\"Passw0rd!\","
            + "\"SECRET_HASH\":\""
            + secretHash(CLIENT_SECRET, "alice", CLIENT_ID)
            + "\"}}",
        authenticationResult(accessToken("alice", "n1"), "id.n.1", "refresh.n.1.x.y"));
    io.cognitogate.auth.cognito.AuthConfig config =
        io.cognitogate.auth.cognito.AuthConfig.fromEnvironment(cognito.environment());
    // a provider that fails like the default chain does on a machine without any credentials
    software.amazon.awssdk.auth.credentials.AwsCredentialsProvider none =
        () -> {
          throw software.amazon.awssdk.core.exception.SdkClientException.create(
              "Unable to load credentials");
        };
    LoginHandler handler =
        new LoginHandler(
            new io.cognitogate.auth.cognito.CognitoGateway(
                io.cognitogate.auth.cognito.CognitoGateway.buildClient(config, none),
                config.userPoolId(),
                config.clientId(),
                config.clientSecret()));

    APIGatewayProxyResponseEvent response =
        handler.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
  }

  @Test
  void secretHashWhenComputedIndependentlyThenMatchesKnownVector() {
    // openssl: printf aliceclient123 | openssl dgst -sha256 -hmac s3cr3t-value -binary | base64
    assertThat(secretHash(CLIENT_SECRET, "alice", CLIENT_ID))
        .isEqualTo("yLhOQF8C6i5JsgcjjO0/+oMIiKIZIVdol+lxyniH4uM=");
  }

  @Test
  void loginWhenNewPasswordRequiredThenReturnsChallengeWithCognitoUsername() {
    cognito.answer(
        "InitiateAuth",
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\""
            + CLIENT_ID
            + "\","
            + "\"AuthParameters\":{\"USERNAME\":\"erin@example.com\",\"PASSWORD\":\"Temp0rary!\","
            + "\"SECRET_HASH\":\""
            + secretHash(CLIENT_SECRET, "erin@example.com", CLIENT_ID)
            + "\"}}",
        "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\",\"Session\":\"session-abc\",\"ChallengeParameters\":"
            + "{\"USER_ID_FOR_SRP\":\"6f1c-erin-sub\",\"requiredAttributes\":\"[]\","
            + "\"userAttributes\":\"{\\\"email\\\":\\\"erin@example.com\\\"}\"}}");

    APIGatewayProxyResponseEvent response =
        login.handleRequest(
            Events.login(Events.json("username", "erin@example.com", "password", "Temp0rary!")),
            null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(Bodies.fields(response)).containsOnlyKeys("challenge", "session", "username");
    assertThat(Bodies.text(response, "challenge")).isEqualTo("NEW_PASSWORD_REQUIRED");
    assertThat(Bodies.text(response, "session")).isEqualTo("session-abc");
    assertThat(Bodies.text(response, "username")).isEqualTo("6f1c-erin-sub");
  }

  @Test
  void challengeWhenNewPasswordGivenThenSendsRespondToAuthChallengeHashedWithCognitoUsername() {
    String access = accessToken("6f1c-erin-sub", "c1");
    cognito.answer(
        "RespondToAuthChallenge",
        "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\",\"ClientId\":\""
            + CLIENT_ID
            + "\",\"Session\":\"session-abc\",\"ChallengeResponses\":{\"USERNAME\":"
            + "\"6f1c-erin-sub\",\"NEW_PASSWORD\":\"N3w-Passw0rd!\",\"SECRET_HASH\":\""
            + secretHash(CLIENT_SECRET, "6f1c-erin-sub", CLIENT_ID)
            + "\"}}",
        authenticationResult(access, "id.c.1", "refresh.c.1.x.y"));

    APIGatewayProxyResponseEvent response =
        challenge.handleRequest(
            Events.challenge(
                Events.json(
                    "username",
                    "6f1c-erin-sub",
                    "session",
                    "session-abc",
                    "new_password",
                    "N3w-Passw0rd!")),
            null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(Bodies.text(response, "access_token")).isEqualTo(access);
    assertThat(Bodies.text(response, "refresh_token")).isEqualTo("refresh.c.1.x.y");
    assertThat(Bodies.text(response, "username")).isEqualTo("6f1c-erin-sub");
  }

  @Test
  void challengeWhenSessionExpiredThenInvalidGrant() {
    stubAny(
        "RespondToAuthChallenge",
        400,
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.");

    APIGatewayProxyResponseEvent response =
        challenge.handleRequest(
            Events.challenge(
                Events.json("username", "u1", "session", "stale", "new_password", "N3w-Passw0rd!")),
            null);

    assertError(response, 401, "invalid_grant");
  }

  @Test
  void challengeWhenPasswordBreaksPolicyThenBadRequestNamingNewPassword() {
    stubAny(
        "RespondToAuthChallenge",
        400,
        "InvalidPasswordException",
        "Password does not conform to policy: Password not long enough");

    APIGatewayProxyResponseEvent response =
        challenge.handleRequest(
            Events.challenge(
                Events.json("username", "u1", "session", "s", "new_password", "short")),
            null);

    assertError(response, 400, "invalid_request");
    assertThat(Bodies.text(response, "message")).contains("new_password").doesNotContain("short");
  }

  @Test
  void refreshWhenUserLoggedInByEmailThenSecretHashUsesCognitoUsernameAndNoNewRefreshToken() {
    String sub = "9b2e6c1a-0d4f-4c59-a1d2-6f0a1e2b3c4d";
    String access = accessToken(sub, "r1");
    cognito.answer(
        "InitiateAuth",
        "{\"AuthFlow\":\"REFRESH_TOKEN_AUTH\",\"ClientId\":\""
            + CLIENT_ID
            + "\","
            + "\"AuthParameters\":{\"REFRESH_TOKEN\":\"eyJj.eyJr.a.b.c\",\"SECRET_HASH\":\""
            + secretHash(CLIENT_SECRET, sub, CLIENT_ID)
            + "\"}}",
        authenticationResult(access, "id.r.1", null));

    APIGatewayProxyResponseEvent response =
        refresh.handleRequest(
            Events.refresh(Events.json("username", sub, "refresh_token", "eyJj.eyJr.a.b.c")), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(Bodies.fields(response)).doesNotContainKey("refresh_token");
    assertThat(Bodies.text(response, "access_token")).isEqualTo(access);
    assertThat(Bodies.text(response, "username")).isEqualTo(sub);
  }

  @Test
  void refreshWhenTokenRevokedThenInvalidGrant() {
    stubAny("InitiateAuth", 400, "NotAuthorizedException", "Refresh Token has been revoked");

    APIGatewayProxyResponseEvent response =
        refresh.handleRequest(
            Events.refresh(Events.json("username", "alice", "refresh_token", "eyJj.eyJr.a.b.c")),
            null);

    assertError(response, 401, "invalid_grant");
  }

  @Test
  void refreshWhenTokenIsGarbageThenInvalidGrantWithoutCallingCognito() {
    APIGatewayProxyResponseEvent response =
        refresh.handleRequest(
            Events.refresh(
                Events.json("username", "alice", "refresh_token", "not a token at all!")),
            null);

    assertError(response, 401, "invalid_grant");
    assertThat(cognito.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void loginWhenNotAuthorizedOrUserNotFoundThenAnswersAreIdentical() {
    stubAny("InitiateAuth", 400, "NotAuthorizedException", "Incorrect username or password.");
    APIGatewayProxyResponseEvent wrongPassword =
        login.handleRequest(
            Events.login(Events.json("username", "alice", "password", "wrong")), null);
    cognito.server.resetAll();
    stubAny("InitiateAuth", 400, "UserNotFoundException", "User does not exist.");
    APIGatewayProxyResponseEvent unknownUser =
        login.handleRequest(
            Events.login(Events.json("username", "nobody", "password", "wrong")), null);

    assertError(wrongPassword, 401, "invalid_credentials");
    assertThat(unknownUser.getStatusCode()).isEqualTo(wrongPassword.getStatusCode());
    assertThat(unknownUser.getBody()).isEqualTo(wrongPassword.getBody());
    assertThat(unknownUser.getHeaders()).isEqualTo(wrongPassword.getHeaders());
  }

  @ParameterizedTest(name = "{0} \"{2}\" -> {3} {4}")
  @CsvSource({
    "400, NotAuthorizedException, Incorrect username or password (stub)., 401, invalid_credentials",
    "400, UserNotFoundException, User does not exist., 401, invalid_credentials",
    "400, InvalidPasswordException, Invalid password, 401, invalid_credentials",
    "400, NotAuthorizedException, User is disabled., 401, invalid_credentials",
    "400, NotAuthorizedException, Password attempts exceeded, 429, too_many_requests",
    "400, TooManyRequestsException, Rate exceeded, 429, too_many_requests",
    "400, LimitExceededException, Attempt limit exceeded please try after some time., 429, too_many_requests",
    "400, UserNotConfirmedException, User is not confirmed., 403, user_not_confirmed",
    "400, PasswordResetRequiredException, Password reset required for the user, 403, password_reset_required",
    "400, NotAuthorizedException, Unable to verify secret hash for client client123, 500, internal_error",
    "400, InvalidParameterException, USER_PASSWORD_AUTH flow not enabled for this client, 500, internal_error",
    "400, ResourceNotFoundException, User pool client client123 does not exist., 500, internal_error",
    "500, InternalErrorException, Internal error, 502, upstream_error",
    "503, ServiceUnavailableException, Service unavailable, 502, upstream_error",
  })
  void loginWhenCognitoAnswersWithErrorThenMapsToStableCode(
      int cognitoStatus, String type, String message, int status, String code) {
    stubAny("InitiateAuth", cognitoStatus, type, message);

    APIGatewayProxyResponseEvent response =
        login.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertError(response, status, code);
    assertThat(response.getBody()).doesNotContain(message).doesNotContain(type);
  }

  @Test
  void loginWhenSecretHashRejectedThenLogsMisconfigurationLoudlyAndBlamesNoUser() {
    stubAny(
        "InitiateAuth",
        400,
        "NotAuthorizedException",
        "Unable to verify secret hash for client client123");

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    APIGatewayProxyResponseEvent response;
    try {
      response =
          login.handleRequest(
              Events.login(Events.json("username", "alice", "password", "x")), null);
    } finally {
      System.setOut(original);
    }

    assertError(response, 500, "internal_error");
    assertThat(Bodies.text(response, "message")).contains("not caused by your request");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("\"level\":\"ERROR\"")
        .contains("\"event\":\"cognito_misconfiguration\"")
        .contains("\"cognitoError\":\"NotAuthorizedException\"")
        .contains("\"awsRequestId\":\"req-err\"");
  }

  @Test
  void loginWhenCognitoAnswersUnreadableBodyThenUpstreamErrorNotUnavailable() {
    stubAnyOk("InitiateAuth", "<html>proxy error</html>");

    APIGatewayProxyResponseEvent response =
        login.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertError(response, 502, "upstream_error");
  }

  @Test
  void challengeWhenCognitoChallengesAgainThenInternalErrorInsteadOfALoop() {
    stubAnyOk(
        "RespondToAuthChallenge",
        "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\",\"Session\":\"s2\","
            + "\"ChallengeParameters\":{\"USER_ID_FOR_SRP\":\"u1\"}}");

    APIGatewayProxyResponseEvent response =
        challenge.handleRequest(
            Events.challenge(
                Events.json("username", "u1", "session", "s1", "new_password", "N3w-Passw0rd!")),
            null);

    assertError(response, 500, "internal_error");
  }

  @Test
  void loginWhenPoolAsksForMfaThenMisconfigurationNotAChallengeTheApiCannotAnswer() {
    stubAnyOk(
        "InitiateAuth",
        "{\"ChallengeName\":\"SOFTWARE_TOKEN_MFA\",\"Session\":\"s\","
            + "\"ChallengeParameters\":{\"USER_ID_FOR_SRP\":\"alice\"}}");

    APIGatewayProxyResponseEvent response =
        login.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertError(response, 500, "internal_error");
  }

  @Test
  void logoutWhenRefreshTokenGivenThenSendsRevokeTokenWithClientSecret() {
    cognito.answer(
        "RevokeToken",
        "{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"ClientSecret\":\""
            + CLIENT_SECRET
            + "\",\"Token\":\"eyJj.eyJr.a.b.c\"}",
        "{}");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.logout(Events.json("refresh_token", "eyJj.eyJr.a.b.c")), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(response.getBody()).isNull();
    cognito.server.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader(TARGET, equalTo("AWSCognitoIdentityProviderService.RevokeToken")));
  }

  @ParameterizedTest
  @CsvSource({
    "NotAuthorizedException, Refresh Token has been revoked",
    "UnauthorizedException, Invalid token",
    "UnsupportedTokenTypeException, Unsupported token type",
  })
  void logoutWhenTokenAlreadyInvalidThenStillNoContent(String type, String message) {
    stubAny("RevokeToken", 400, type, message);

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.logout(Events.json("refresh_token", "eyJj.eyJr.a.b.c")), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
  }

  @Test
  void logoutWhenRevocationDisabledOnClientThenInternalErrorNotSilentSuccess() {
    stubAny("RevokeToken", 400, "UnsupportedOperationException", "Token revocation is not enabled");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.logout(Events.json("refresh_token", "eyJj.eyJr.a.b.c")), null);

    assertError(response, 500, "internal_error");
  }

  @Test
  void globalLogoutWhenAccessTokenValidThenSendsGlobalSignOut() {
    String access = accessToken("alice", "g1");
    cognito.answer("GlobalSignOut", "{\"AccessToken\":\"" + access + "\"}", "{}");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout("Bearer " + access), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
    cognito.server.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader(TARGET, equalTo("AWSCognitoIdentityProviderService.GlobalSignOut"))
            .withHeader("Authorization", absent()));
  }

  @Test
  void globalLogoutWhenAlreadySignedOutThenNoContent() {
    stubAny("GlobalSignOut", 400, "NotAuthorizedException", "Access Token has been revoked");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout("Bearer " + accessToken("alice", "g2")), null);

    assertThat(response.getStatusCode()).isEqualTo(204);
  }

  @Test
  void globalLogoutWhenAccessTokenExpiredThenInvalidToken() {
    stubAny("GlobalSignOut", 400, "NotAuthorizedException", "Access Token has expired");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout("bearer " + accessToken("alice", "g3")), null);

    assertError(response, 401, "invalid_token");
    assertThat(response.getHeaders()).containsKey("WWW-Authenticate");
  }

  @Test
  void globalLogoutWhenQuotaExceededThenTooManyRequests() {
    stubAny("GlobalSignOut", 400, "TooManyRequestsException", "Rate exceeded");

    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout("Bearer " + accessToken("alice", "g4")), null);

    assertError(response, 429, "too_many_requests");
  }

  @ParameterizedTest
  @CsvSource(
      value = {"<none>", "Basic YWxpY2U6cHc=", "Bearer", "Bearer ", "Bearer a b"},
      nullValues = "<none>")
  void globalLogoutWhenNoBearerTokenThenUnauthorizedJsonWithoutCallingCognito(
      String authorization) {
    APIGatewayProxyResponseEvent response =
        logout.handleRequest(Events.globalLogout(authorization), null);

    assertError(response, 401, "invalid_token");
    assertThat(cognito.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void logoutWhenScopeUnknownThenBadRequestNamingScope() {
    APIGatewayProxyResponseEvent response =
        logout.handleRequest(
            Events.logout(Events.json("refresh_token", "a.b.c"))
                .withQueryStringParameters(Map.of("scope", "everything")),
            null);

    assertError(response, 400, "invalid_request");
    assertThat(Bodies.text(response, "message")).startsWith("scope ").doesNotContain("everything");
  }

  @Test
  void loginWhenCognitoRefusesConnectionsThenServiceUnavailable() throws Exception {
    Map<String, String> env = cognito.unreachableEnvironment();

    APIGatewayProxyResponseEvent response =
        new LoginHandler(env)
            .handleRequest(
                Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertError(response, 503, "upstream_unavailable");
  }

  @Test
  void loginWhenCognitoSlowerThanTimeoutThenServiceUnavailableWithinBound() {
    cognito.server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withFixedDelay(15_000)
                    .withStatus(200)
                    .withHeader("Content-Type", CognitoStub.AMZ_JSON)
                    .withBody("{}")));

    long start = System.nanoTime();
    APIGatewayProxyResponseEvent response =
        login.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertError(response, 503, "upstream_unavailable");
    // a functional bound (the API call timeout plus slack), far below API Gateway's 29 s
    assertThat(elapsedMillis).isLessThan(8_000);
  }

  @Test
  void constructorWhenSecretNotConfiguredThenReadsItOnceWithSignedDescribeUserPoolClient() {
    String fetched = "fetched-secret-from-describe";
    cognito.answer(
        "DescribeUserPoolClient",
        "{\"UserPoolId\":\"" + POOL_ID + "\",\"ClientId\":\"" + CLIENT_ID + "\"}",
        "{\"UserPoolClient\":{\"ClientId\":\""
            + CLIENT_ID
            + "\",\"ClientSecret\":\""
            + fetched
            + "\",\"UserPoolId\":\""
            + POOL_ID
            + "\"}}");
    cognito.answer(
        "InitiateAuth",
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\""
            + CLIENT_ID
            + "\","
            + "\"AuthParameters\":{\"USERNAME\":\"alice\",\"PASSWORD\":\"Passw0rd!\",\"SECRET_HASH\":\""
            + secretHash(fetched, "alice", CLIENT_ID)
            + "\"}}",
        authenticationResult(accessToken("alice", "d1"), "id.d.1", "refresh.d.1.x.y"));
    Map<String, String> env = cognito.environment();
    env.put("APP_CLIENT_SECRET", "");

    LoginHandler handler = new LoginHandler(env);
    cognito.server.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader(TARGET, equalTo("AWSCognitoIdentityProviderService.DescribeUserPoolClient"))
            .withHeader("Authorization", matching("AWS4-HMAC-SHA256 .*")));
    APIGatewayProxyResponseEvent first =
        handler.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);
    APIGatewayProxyResponseEvent second =
        handler.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(second.getStatusCode()).isEqualTo(200);
    cognito.server.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader(
                TARGET, equalTo("AWSCognitoIdentityProviderService.DescribeUserPoolClient")));
  }

  @Test
  void constructorWhenDescribeFailsAtInitThenRequestsAnswerUnavailableAndRetryLater() {
    stubAny("DescribeUserPoolClient", 500, "InternalErrorException", "Internal error");
    Map<String, String> env = cognito.environment();
    env.remove("APP_CLIENT_SECRET");
    LoginHandler handler = new LoginHandler(env);

    APIGatewayProxyResponseEvent whileDown =
        handler.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);
    cognito.server.resetAll();
    cognito.answer(
        "DescribeUserPoolClient",
        "{\"UserPoolId\":\"" + POOL_ID + "\",\"ClientId\":\"" + CLIENT_ID + "\"}",
        "{\"UserPoolClient\":{\"ClientId\":\"" + CLIENT_ID + "\",\"ClientSecret\":\"later\"}}");
    cognito.answer(
        "InitiateAuth",
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\""
            + CLIENT_ID
            + "\","
            + "\"AuthParameters\":{\"USERNAME\":\"alice\",\"PASSWORD\":\"Passw0rd!\",\"SECRET_HASH\":\""
            + secretHash("later", "alice", CLIENT_ID)
            + "\"}}",
        authenticationResult(accessToken("alice", "d2"), "id.d.2", "refresh.d.2.x.y"));
    APIGatewayProxyResponseEvent afterRecovery =
        handler.handleRequest(
            Events.login(Events.json("username", "alice", "password", "Passw0rd!")), null);

    assertError(whileDown, 502, "upstream_error");
    assertThat(afterRecovery.getStatusCode()).isEqualTo(200);
  }

  private static void stubAny(String target, int status, String type, String message) {
    cognito.failAny(target, status, type, message);
  }

  private static void stubAnyOk(String target, String body) {
    cognito.answerAny(target, body);
  }

  static void assertError(APIGatewayProxyResponseEvent response, int status, String code) {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(Bodies.fields(response)).containsOnlyKeys("error", "message");
    assertThat(Bodies.text(response, "error")).isEqualTo(code);
  }
}
