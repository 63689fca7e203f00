package io.cognitogate.auth.cognito;

import io.cognitogate.auth.Log;
import io.cognitogate.auth.cognito.CognitoFailure.Reason;
import io.cognitogate.auth.http.Field;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;

/**
 * The one place that talks to Cognito: the non-admin user-password flow (InitiateAuth
 * USER_PASSWORD_AUTH / REFRESH_TOKEN_AUTH, RespondToAuthChallenge NEW_PASSWORD_REQUIRED),
 * RevokeToken, GlobalSignOut, and the account lifecycle (SignUp, ConfirmSignUp,
 * ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword). None of these is IAM-authorized,
 * so they run unsigned; only DescribeUserPoolClient (to read the client secret once, at init) needs
 * credentials and IAM. Every SDK exception becomes a {@link CognitoFailure} through {@link
 * CognitoErrors}, per {@link CognitoCall}.
 */
public final class CognitoGateway {

  /** Bounds that turn "Cognito slow or down" into a 503 within about {@link #API_CALL_TIMEOUT}. */
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);

  static final Duration SOCKET_TIMEOUT = Duration.ofMillis(2500);
  static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(2500);
  static final Duration API_CALL_TIMEOUT = Duration.ofMillis(4000);
  static final int MAX_ATTEMPTS = 2;

  private final CognitoIdentityProviderClient client;
  private final String userPoolId;
  private final String clientId;

  /** Null until known; empty for an app client without a secret. */
  private volatile Optional<ClientSecret> secret;

  /**
   * @param configuredSecret the secret from the environment; when empty it is read with
   *     DescribeUserPoolClient now (Lambda init) and, if that fails, on first use
   */
  public CognitoGateway(
      CognitoIdentityProviderClient client,
      String userPoolId,
      String clientId,
      Optional<ClientSecret> configuredSecret) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.clientId = clientId;
    if (configuredSecret.isPresent()) {
      this.secret = configuredSecret;
    } else {
      try {
        clientSecret();
      } catch (CognitoFailure e) {
        // init must not crash the container: each request retries and answers 500/503 meanwhile
        Log.cognitoFailure("init", e);
      }
    }
  }

  public static CognitoGateway fromEnvironment(Map<String, String> environment) {
    AuthConfig config = AuthConfig.fromEnvironment(environment);
    return new CognitoGateway(
        buildClient(config, DefaultCredentialsProvider.builder().build()),
        config.userPoolId(),
        config.clientId(),
        config.clientSecret());
  }

  /** The SDK client: url-connection HTTP, explicit region, short timeouts, at most two attempts. */
  public static CognitoIdentityProviderClient buildClient(
      AuthConfig config, AwsCredentialsProvider credentials) {
    CognitoIdentityProviderClientBuilder builder =
        CognitoIdentityProviderClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT))
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .overrideConfiguration(
                o ->
                    o.apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS)));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * InitiateAuth USER_PASSWORD_AUTH; {@code username} may be an email alias where the pool allows
   * it.
   */
  public AuthOutcome login(String username, String password) throws CognitoFailure {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("USERNAME", username);
    parameters.put("PASSWORD", password);
    putSecretHash(parameters, username);
    InitiateAuthResponse response =
        call(
            CognitoCall.LOGIN,
            () ->
                client.initiateAuth(
                    r ->
                        r.clientId(clientId)
                            .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                            .authParameters(parameters)));
    return authOutcome(
        CognitoCall.LOGIN,
        response.challengeName(),
        response.challengeParameters(),
        response.session(),
        response.authenticationResult(),
        username);
  }

  /**
   * RespondToAuthChallenge NEW_PASSWORD_REQUIRED; {@code username} must be the Cognito username.
   */
  public AuthOutcome.Tokens completeNewPassword(String username, String session, String newPassword)
      throws CognitoFailure {
    Map<String, String> responses = new HashMap<>();
    responses.put("USERNAME", username);
    responses.put("NEW_PASSWORD", newPassword);
    putSecretHash(responses, username);
    RespondToAuthChallengeResponse response =
        call(
            CognitoCall.NEW_PASSWORD,
            () ->
                client.respondToAuthChallenge(
                    r ->
                        r.clientId(clientId)
                            .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                            .session(session)
                            .challengeResponses(responses)));
    AuthOutcome outcome =
        authOutcome(
            CognitoCall.NEW_PASSWORD,
            response.challengeName(),
            response.challengeParameters(),
            response.session(),
            response.authenticationResult(),
            username);
    if (outcome instanceof AuthOutcome.Tokens tokens) {
      return tokens;
    }
    // a second NEW_PASSWORD_REQUIRED would loop the client forever
    throw new CognitoFailure(
        Reason.MISCONFIGURED,
        CognitoCall.NEW_PASSWORD.operation(),
        "challenge:NEW_PASSWORD_REQUIRED",
        null);
  }

  /** InitiateAuth REFRESH_TOKEN_AUTH; SECRET_HASH uses the Cognito username, not an alias. */
  public AuthOutcome.Tokens refresh(String username, String refreshToken) throws CognitoFailure {
    if (!Field.tokenShaped(refreshToken)) {
      // cannot be a Cognito token: answer as Cognito would, without sending it
      throw new CognitoFailure(
          Reason.INVALID_GRANT, CognitoCall.REFRESH.operation(), "malformed token, not sent", null);
    }
    Map<String, String> parameters = new HashMap<>();
    parameters.put("REFRESH_TOKEN", refreshToken);
    putSecretHash(parameters, username);
    InitiateAuthResponse response =
        call(
            CognitoCall.REFRESH,
            () ->
                client.initiateAuth(
                    r ->
                        r.clientId(clientId)
                            .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                            .authParameters(parameters)));
    AuthOutcome outcome =
        authOutcome(
            CognitoCall.REFRESH,
            response.challengeName(),
            response.challengeParameters(),
            response.session(),
            response.authenticationResult(),
            username);
    if (outcome instanceof AuthOutcome.Tokens tokens) {
      return tokens;
    }
    throw new CognitoFailure(
        Reason.MISCONFIGURED,
        CognitoCall.REFRESH.operation(),
        "challenge:NEW_PASSWORD_REQUIRED",
        null);
  }

  /**
   * RevokeToken: the refresh token and the access tokens issued from it. Returns normally when
   * Cognito says the token is already invalid (RFC 7009: logging out twice is not an error).
   */
  public void revoke(String refreshToken) throws CognitoFailure {
    if (!Field.tokenShaped(refreshToken)) {
      return;
    }
    Optional<ClientSecret> clientSecret = clientSecret();
    acceptingAsDone(
        Reason.ALREADY_REVOKED,
        () ->
            call(
                CognitoCall.REVOKE,
                () ->
                    client.revokeToken(
                        r ->
                            r.clientId(clientId)
                                .clientSecret(clientSecret.map(ClientSecret::reveal).orElse(null))
                                .token(refreshToken))));
  }

  /** GlobalSignOut with the user's access token; an already revoked token counts as signed out. */
  public void globalSignOut(String accessToken) throws CognitoFailure {
    acceptingAsDone(
        Reason.ALREADY_REVOKED,
        () ->
            call(
                CognitoCall.GLOBAL_SIGN_OUT,
                () -> client.globalSignOut(r -> r.accessToken(accessToken))));
  }

  /** SignUp with the email attribute; the code goes where the pool's AutoVerifiedAttributes say. */
  public SignUpResult signUp(String username, String email, String password) throws CognitoFailure {
    String hash = secretHash(username);
    SignUpResponse response =
        call(
            CognitoCall.SIGN_UP,
            () ->
                client.signUp(
                    r ->
                        r.clientId(clientId)
                            .secretHash(hash)
                            .username(username)
                            .password(password)
                            .userAttributes(
                                AttributeType.builder().name("email").value(email).build())));
    return SignUpResult.of(response.userConfirmed(), response.codeDeliveryDetails());
  }

  /**
   * ConfirmSignUp; without ForceAliasCreation, an email that is another account's alias stays
   * theirs.
   */
  public void confirmSignUp(String username, String code) throws CognitoFailure {
    String hash = secretHash(username);
    call(
        CognitoCall.CONFIRM_SIGN_UP,
        () ->
            client.confirmSignUp(
                r ->
                    r.clientId(clientId)
                        .secretHash(hash)
                        .username(username)
                        .confirmationCode(code)));
  }

  /**
   * ResendConfirmationCode; returns normally when no code can go to this user (no account probing).
   */
  public void resendConfirmationCode(String username) throws CognitoFailure {
    String hash = secretHash(username);
    acceptingAsDone(
        Reason.NOT_ELIGIBLE,
        () ->
            call(
                CognitoCall.RESEND_CODE,
                () ->
                    client.resendConfirmationCode(
                        r -> r.clientId(clientId).secretHash(hash).username(username))));
  }

  /** ForgotPassword; returns normally when no code can go to this user (no account probing). */
  public void forgotPassword(String username) throws CognitoFailure {
    String hash = secretHash(username);
    acceptingAsDone(
        Reason.NOT_ELIGIBLE,
        () ->
            call(
                CognitoCall.FORGOT_PASSWORD,
                () ->
                    client.forgotPassword(
                        r -> r.clientId(clientId).secretHash(hash).username(username))));
  }

  /** ConfirmForgotPassword: the code from ForgotPassword and the new password. */
  public void confirmForgotPassword(String username, String code, String newPassword)
      throws CognitoFailure {
    String hash = secretHash(username);
    call(
        CognitoCall.CONFIRM_FORGOT_PASSWORD,
        () ->
            client.confirmForgotPassword(
                r ->
                    r.clientId(clientId)
                        .secretHash(hash)
                        .username(username)
                        .confirmationCode(code)
                        .password(newPassword)));
  }

  /** A Cognito request whose answer we do not need. */
  private interface Request {
    Object run() throws CognitoFailure;
  }

  /**
   * Runs {@code request}; a failure for {@code reason} means the caller's goal is met, so it
   * returns normally.
   */
  private static void acceptingAsDone(Reason reason, Request request) throws CognitoFailure {
    try {
      request.run();
    } catch (CognitoFailure e) {
      if (e.reason() != reason) {
        throw e;
      }
    }
  }

  /**
   * SECRET_HASH for {@code username}, or null for an app client without a secret (the SDK then
   * omits it).
   */
  private String secretHash(String username) throws CognitoFailure {
    Optional<ClientSecret> clientSecret = clientSecret();
    return clientSecret.map(value -> value.secretHash(username, clientId)).orElse(null);
  }

  private void putSecretHash(Map<String, String> parameters, String username)
      throws CognitoFailure {
    String hash = secretHash(username);
    if (hash != null) {
      parameters.put("SECRET_HASH", hash);
    }
  }

  /** The app client's secret, read once with DescribeUserPoolClient unless it was configured. */
  private Optional<ClientSecret> clientSecret() throws CognitoFailure {
    Optional<ClientSecret> known = secret;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (secret == null) {
        String value =
            call(
                    CognitoCall.DESCRIBE_CLIENT,
                    () ->
                        client.describeUserPoolClient(
                            r -> r.userPoolId(userPoolId).clientId(clientId)))
                .userPoolClient()
                .clientSecret();
        secret =
            value == null || value.isEmpty()
                ? Optional.empty()
                : Optional.of(new ClientSecret(value));
      }
      return secret;
    }
  }

  /**
   * Tokens, or the NEW_PASSWORD_REQUIRED challenge; any other challenge asks what this API cannot
   * answer.
   */
  private static AuthOutcome authOutcome(
      CognitoCall call,
      ChallengeNameType challenge,
      Map<String, String> parameters,
      String session,
      AuthenticationResultType result,
      String requestedUsername)
      throws CognitoFailure {
    if (challenge != null) {
      if (challenge == ChallengeNameType.NEW_PASSWORD_REQUIRED && session != null) {
        String cognitoUsername = parameters == null ? null : parameters.get("USER_ID_FOR_SRP");
        return new AuthOutcome.NewPasswordRequired(
            session,
            cognitoUsername == null || cognitoUsername.isEmpty()
                ? requestedUsername
                : cognitoUsername);
      }
      // MFA, device or custom challenges: the pool asks for something this API does not offer
      throw new CognitoFailure(
          Reason.MISCONFIGURED, call.operation(), "challenge:" + challenge, null);
    }
    if (result == null || result.accessToken() == null || result.idToken() == null) {
      throw new CognitoFailure(
          Reason.UPSTREAM_ERROR, call.operation(), "no AuthenticationResult", null);
    }
    UnverifiedClaims claims = UnverifiedClaims.of(result.accessToken());
    long expiresIn =
        result.expiresIn() != null ? result.expiresIn() : Math.max(0, claims.exp() - claims.iat());
    return new AuthOutcome.Tokens(
        result.idToken(),
        result.accessToken(),
        result.refreshToken(),
        expiresIn,
        result.tokenType() != null ? result.tokenType() : "Bearer",
        claims.username() != null ? claims.username() : requestedUsername);
  }

  /**
   * Runs one Cognito request; an SDK exception becomes a {@link CognitoFailure} by {@link
   * CognitoErrors}.
   */
  private static <T> T call(CognitoCall call, Supplier<T> request) throws CognitoFailure {
    try {
      return request.get();
    } catch (SdkServiceException e) {
      throw CognitoErrors.failure(call, e);
    } catch (SdkClientException e) {
      throw CognitoErrors.failure(call, e);
    }
  }
}
