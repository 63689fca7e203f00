package io.cognitogate.auth.cognito;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.cognitogate.auth.Log;
import io.cognitogate.auth.cognito.CognitoFailure.Reason;
import io.cognitogate.auth.http.Field;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
 * RevokeToken, GlobalSignOut, and the account lifecycle (SignUp, ConfirmSignUp, ResendConfirmationCode,
 * ForgotPassword, ConfirmForgotPassword). None of these is IAM-authorized, so they run unsigned; only
 * DescribeUserPoolClient (to read the client secret once, at init) needs credentials and IAM.
 * Every Cognito error is reduced to a {@link CognitoFailure.Reason} here, per flow.
 */
public final class CognitoGateway {

    /** Bounds that turn "Cognito slow or down" into a 503 within about {@link #API_CALL_TIMEOUT}. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);
    static final Duration SOCKET_TIMEOUT = Duration.ofMillis(2500);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(2500);
    static final Duration API_CALL_TIMEOUT = Duration.ofMillis(4000);
    static final int MAX_ATTEMPTS = 2;

    private enum Flow {
        LOGIN, CHALLENGE, REFRESH, REVOKE, SIGN_OUT, DESCRIBE, SIGN_UP, CONFIRM_SIGN_UP, RESEND_CODE, FORGOT_PASSWORD,
        RESET_PASSWORD;

        /** The unauthenticated account-lifecycle calls, with their own reading of Cognito's errors. */
        boolean account() {
            return ordinal() >= SIGN_UP.ordinal();
        }
    }

    private final CognitoIdentityProviderClient client;
    private final String userPoolId;
    private final String clientId;
    /** Null until known; empty for an app client without a secret. */
    private volatile Optional<ClientSecret> secret;

    /**
     * @param configuredSecret the secret from the environment; when empty it is read with
     *                         DescribeUserPoolClient now (Lambda init) and, if that fails, on first use
     */
    public CognitoGateway(CognitoIdentityProviderClient client, String userPoolId, String clientId,
                          Optional<ClientSecret> configuredSecret) {
        this.client = client;
        this.userPoolId = userPoolId;
        this.clientId = clientId;
        if (configuredSecret.isPresent()) {
            this.secret = configuredSecret;
        } else {
            try {
                secret();
            } catch (CognitoFailure e) {
                // init must not crash the container: each request retries and answers 500/503 meanwhile
                Log.failure("init", e);
            }
        }
    }

    public static CognitoGateway fromEnvironment(Map<String, String> environment) {
        AuthConfig config = AuthConfig.fromEnvironment(environment);
        return new CognitoGateway(buildClient(config, DefaultCredentialsProvider.builder().build()),
                config.userPoolId(), config.clientId(), config.clientSecret());
    }

    /** The SDK client: url-connection HTTP, explicit region, short timeouts, at most two attempts. */
    public static CognitoIdentityProviderClient buildClient(AuthConfig config, AwsCredentialsProvider credentials) {
        CognitoIdentityProviderClientBuilder builder = CognitoIdentityProviderClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS)));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** InitiateAuth USER_PASSWORD_AUTH; {@code username} may be an email alias where the pool allows it. */
    public AuthOutcome login(String username, String password) throws CognitoFailure {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("USERNAME", username);
        parameters.put("PASSWORD", password);
        putSecretHash(parameters, username);
        InitiateAuthResponse response = call("InitiateAuth", Flow.LOGIN, () -> client.initiateAuth(r -> r
                .clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(parameters)));
        return outcome("InitiateAuth", response.challengeName(), response.challengeParameters(),
                response.session(), response.authenticationResult(), username);
    }

    /** RespondToAuthChallenge NEW_PASSWORD_REQUIRED; {@code username} must be the Cognito username. */
    public AuthOutcome.Tokens completeNewPassword(String username, String session, String newPassword)
            throws CognitoFailure {
        Map<String, String> responses = new HashMap<>();
        responses.put("USERNAME", username);
        responses.put("NEW_PASSWORD", newPassword);
        putSecretHash(responses, username);
        RespondToAuthChallengeResponse response = call("RespondToAuthChallenge", Flow.CHALLENGE,
                () -> client.respondToAuthChallenge(r -> r
                        .clientId(clientId)
                        .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                        .session(session)
                        .challengeResponses(responses)));
        AuthOutcome outcome = outcome("RespondToAuthChallenge", response.challengeName(),
                response.challengeParameters(), response.session(), response.authenticationResult(), username);
        if (outcome instanceof AuthOutcome.Tokens tokens) {
            return tokens;
        }
        // a second NEW_PASSWORD_REQUIRED would loop the client forever
        throw new CognitoFailure(Reason.MISCONFIGURED, "RespondToAuthChallenge", "challenge:NEW_PASSWORD_REQUIRED", null);
    }

    /** InitiateAuth REFRESH_TOKEN_AUTH; SECRET_HASH uses the Cognito username, not an alias. */
    public AuthOutcome.Tokens refresh(String username, String refreshToken) throws CognitoFailure {
        if (!Field.tokenShaped(refreshToken)) {
            // cannot be a Cognito token: answer as Cognito would, without sending it
            throw new CognitoFailure(Reason.INVALID_GRANT, "InitiateAuth", "malformed token, not sent", null);
        }
        Map<String, String> parameters = new HashMap<>();
        parameters.put("REFRESH_TOKEN", refreshToken);
        putSecretHash(parameters, username);
        InitiateAuthResponse response = call("InitiateAuth", Flow.REFRESH, () -> client.initiateAuth(r -> r
                .clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(parameters)));
        AuthOutcome outcome = outcome("InitiateAuth", response.challengeName(), response.challengeParameters(),
                response.session(), response.authenticationResult(), username);
        if (outcome instanceof AuthOutcome.Tokens tokens) {
            return tokens;
        }
        throw new CognitoFailure(Reason.MISCONFIGURED, "InitiateAuth", "challenge:NEW_PASSWORD_REQUIRED", null);
    }

    /**
     * RevokeToken: the refresh token and the access tokens issued from it. Returns normally when
     * Cognito says the token is already invalid (RFC 7009: logging out twice is not an error).
     */
    public void revoke(String refreshToken) throws CognitoFailure {
        if (!Field.tokenShaped(refreshToken)) {
            return;
        }
        Optional<ClientSecret> clientSecret = secret();
        unless(Reason.ALREADY_REVOKED, () -> call("RevokeToken", Flow.REVOKE, () -> client.revokeToken(r -> r
                .clientId(clientId)
                .clientSecret(clientSecret.map(ClientSecret::reveal).orElse(null))
                .token(refreshToken))));
    }

    /** GlobalSignOut with the user's access token; an already revoked token counts as signed out. */
    public void globalSignOut(String accessToken) throws CognitoFailure {
        unless(Reason.ALREADY_REVOKED, () -> call("GlobalSignOut", Flow.SIGN_OUT,
                () -> client.globalSignOut(r -> r.accessToken(accessToken))));
    }

    /** SignUp with the email attribute; the code goes where the pool's AutoVerifiedAttributes say. */
    public SignUpResult signUp(String username, String email, String password) throws CognitoFailure {
        String hash = secretHash(username);
        SignUpResponse response = call("SignUp", Flow.SIGN_UP, () -> client.signUp(r -> r
                .clientId(clientId)
                .secretHash(hash)
                .username(username)
                .password(password)
                .userAttributes(AttributeType.builder().name("email").value(email).build())));
        return SignUpResult.of(response.userConfirmed(), response.codeDeliveryDetails());
    }

    /** ConfirmSignUp; without ForceAliasCreation, an email that is another account's alias stays theirs. */
    public void confirmSignUp(String username, String code) throws CognitoFailure {
        String hash = secretHash(username);
        call("ConfirmSignUp", Flow.CONFIRM_SIGN_UP, () -> client.confirmSignUp(r -> r
                .clientId(clientId)
                .secretHash(hash)
                .username(username)
                .confirmationCode(code)));
    }

    /** ResendConfirmationCode; returns normally when no code can go to this user (no account probing). */
    public void resendConfirmationCode(String username) throws CognitoFailure {
        String hash = secretHash(username);
        unless(Reason.NOT_ELIGIBLE, () -> call("ResendConfirmationCode", Flow.RESEND_CODE,
                () -> client.resendConfirmationCode(r -> r.clientId(clientId).secretHash(hash).username(username))));
    }

    /** ForgotPassword; returns normally when no code can go to this user (no account probing). */
    public void forgotPassword(String username) throws CognitoFailure {
        String hash = secretHash(username);
        unless(Reason.NOT_ELIGIBLE, () -> call("ForgotPassword", Flow.FORGOT_PASSWORD,
                () -> client.forgotPassword(r -> r.clientId(clientId).secretHash(hash).username(username))));
    }

    /** ConfirmForgotPassword: the code from ForgotPassword and the new password. */
    public void confirmForgotPassword(String username, String code, String newPassword) throws CognitoFailure {
        String hash = secretHash(username);
        call("ConfirmForgotPassword", Flow.RESET_PASSWORD, () -> client.confirmForgotPassword(r -> r
                .clientId(clientId)
                .secretHash(hash)
                .username(username)
                .confirmationCode(code)
                .password(newPassword)));
    }

    /** A Cognito call whose answer we do not need. */
    private interface Call {
        Object run() throws CognitoFailure;
    }

    /** Runs {@code call}; a failure for {@code reason} means the caller's goal is met, so it returns normally. */
    private static void unless(Reason reason, Call call) throws CognitoFailure {
        try {
            call.run();
        } catch (CognitoFailure e) {
            if (e.reason() != reason) {
                throw e;
            }
        }
    }

    /** SECRET_HASH for {@code username}, or null for an app client without a secret (the SDK then omits it). */
    private String secretHash(String username) throws CognitoFailure {
        Optional<ClientSecret> clientSecret = secret();
        return clientSecret.map(value -> value.secretHash(username, clientId)).orElse(null);
    }

    private void putSecretHash(Map<String, String> parameters, String username) throws CognitoFailure {
        String hash = secretHash(username);
        if (hash != null) {
            parameters.put("SECRET_HASH", hash);
        }
    }

    private Optional<ClientSecret> secret() throws CognitoFailure {
        Optional<ClientSecret> known = secret;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (secret == null) {
                String value = call("DescribeUserPoolClient", Flow.DESCRIBE, () -> client.describeUserPoolClient(r -> r
                        .userPoolId(userPoolId)
                        .clientId(clientId))).userPoolClient().clientSecret();
                secret = value == null || value.isEmpty() ? Optional.empty() : Optional.of(new ClientSecret(value));
            }
            return secret;
        }
    }

    private static AuthOutcome outcome(String operation, ChallengeNameType challenge, Map<String, String> parameters,
                                       String session, AuthenticationResultType result, String requestedUsername)
            throws CognitoFailure {
        if (challenge != null) {
            if (challenge == ChallengeNameType.NEW_PASSWORD_REQUIRED && session != null) {
                String cognitoUsername = parameters == null ? null : parameters.get("USER_ID_FOR_SRP");
                return new AuthOutcome.NewPasswordRequired(session,
                        cognitoUsername == null || cognitoUsername.isEmpty() ? requestedUsername : cognitoUsername);
            }
            // MFA, device or custom challenges: the pool asks for something this API does not offer
            throw new CognitoFailure(Reason.MISCONFIGURED, operation, "challenge:" + challenge, null);
        }
        if (result == null || result.accessToken() == null || result.idToken() == null) {
            throw new CognitoFailure(Reason.UPSTREAM_ERROR, operation, "no AuthenticationResult", null);
        }
        TokenClaims claims = TokenClaims.of(result.accessToken());
        long expiresIn = result.expiresIn() != null ? result.expiresIn()
                : Math.max(0, claims.exp() - claims.iat());
        return new AuthOutcome.Tokens(result.idToken(), result.accessToken(), result.refreshToken(), expiresIn,
                result.tokenType() != null ? result.tokenType() : "Bearer",
                claims.username() != null ? claims.username() : requestedUsername);
    }

    private static <T> T call(String operation, Flow flow, Supplier<T> request) throws CognitoFailure {
        try {
            return request.get();
        } catch (SdkServiceException e) {
            String code = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorCode() : null;
            String message = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorMessage() : null;
            throw new CognitoFailure(classify(flow, code, message, e.statusCode()), operation,
                    code != null ? code : "HTTP " + e.statusCode(), e.requestId());
        } catch (SdkClientException e) {
            // connection refused, DNS, timeouts are "unreachable"; an answer we cannot read is Cognito's error
            throw new CognitoFailure(unreachable(e) ? Reason.UNAVAILABLE : Reason.UPSTREAM_ERROR, operation,
                    e.getClass().getSimpleName(), null);
        }
    }

    private static boolean unreachable(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            // not any IOException: the JSON parser's errors are IOExceptions too
            if (cause instanceof java.net.SocketException || cause instanceof java.net.SocketTimeoutException
                    || cause instanceof java.net.UnknownHostException || cause instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    static Reason classify(Flow flow, String code, String message, int status) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (code == null) {
            return status == 429 ? Reason.THROTTLED : Reason.UPSTREAM_ERROR;
        }
        Reason account = flow.account() ? account(flow, code, text) : null;
        if (account != null) {
            return account;
        }
        switch (code) {
            case "TooManyRequestsException":
            case "LimitExceededException":
            case "TooManyFailedAttemptsException":
                return Reason.THROTTLED;
            case "InvalidParameterException":
            case "ResourceNotFoundException":
            case "InvalidUserPoolConfigurationException":
            case "UnsupportedOperationException":
            case "AccessDeniedException":
            case "UnrecognizedClientException":
            case "InvalidSignatureException":
            case "MissingAuthenticationTokenException":
            case "ForbiddenException":
                return Reason.MISCONFIGURED;
            case "UserNotConfirmedException":
                return flow == Flow.REVOKE || flow == Flow.SIGN_OUT ? Reason.INVALID_TOKEN : Reason.USER_NOT_CONFIRMED;
            case "PasswordResetRequiredException":
                return flow == Flow.REVOKE || flow == Flow.SIGN_OUT ? Reason.INVALID_TOKEN
                        : Reason.PASSWORD_RESET_REQUIRED;
            case "NotAuthorizedException":
            case "UnauthorizedException":
            case "UnsupportedTokenTypeException":
                if (text.contains("password attempts exceeded")) {
                    return Reason.THROTTLED;
                }
                if (text.contains("secret")) {
                    // "Unable to verify secret hash for client ...": our secret or client id is wrong
                    return Reason.MISCONFIGURED;
                }
                return notAuthorized(flow, text);
            case "UserNotFoundException":
            case "InvalidPasswordException":
                if (flow == Flow.CHALLENGE && code.equals("InvalidPasswordException")) {
                    return Reason.PASSWORD_POLICY;
                }
                return flow == Flow.LOGIN ? Reason.INVALID_CREDENTIALS
                        : flow == Flow.DESCRIBE ? Reason.MISCONFIGURED
                        : flow == Flow.SIGN_OUT ? Reason.INVALID_TOKEN : Reason.INVALID_GRANT;
            case "CodeMismatchException":
            case "ExpiredCodeException":
                return Reason.INVALID_GRANT;
            default:
                return status == 429 ? Reason.THROTTLED : Reason.UPSTREAM_ERROR;
        }
    }

    /** The account-lifecycle reading of an error, or null for the shared one (throttling, secret hash, 5xx). */
    private static Reason account(Flow flow, String code, String text) {
        // forgot/resend must not tell an unknown, unconfirmed or disabled user from one who got a code
        boolean sendsCode = flow == Flow.RESEND_CODE || flow == Flow.FORGOT_PASSWORD;
        switch (code) {
            case "CodeMismatchException":
                return Reason.INVALID_CODE;
            case "ExpiredCodeException":
                return Reason.EXPIRED_CODE;
            case "UsernameExistsException":
            case "AliasExistsException":
                return Reason.ALREADY_EXISTS;
            case "InvalidPasswordException":
                return Reason.PASSWORD_POLICY;
            case "UserNotFoundException":
            case "UserNotConfirmedException":
                return sendsCode ? Reason.NOT_ELIGIBLE : Reason.INVALID_CODE;
            case "NotAuthorizedException":
                if (text.contains("secret") || text.contains("password attempts exceeded")) {
                    return null;
                }
                // "SignUp is not permitted for this user pool": sign-up is admin-only there
                if (flow == Flow.SIGN_UP) {
                    return Reason.MISCONFIGURED;
                }
                // a disabled user, or "User cannot be confirmed. Current status is CONFIRMED" (a reused code)
                return sendsCode ? Reason.NOT_ELIGIBLE : Reason.INVALID_CODE;
            case "InvalidParameterException":
                return invalidParameter(flow, text);
            case "InvalidEmailRoleAccessPolicyException":
            case "InvalidSmsRoleAccessPolicyException":
            case "InvalidSmsRoleTrustRelationshipException":
                return Reason.MISCONFIGURED;
            default:
                return null;
        }
    }

    /** InvalidParameterException is the caller's fault only where its message names what they sent. */
    private static Reason invalidParameter(Flow flow, String text) {
        switch (flow) {
            case SIGN_UP:
                if (text.contains("password")) {
                    return Reason.PASSWORD_POLICY;
                }
                // "Username cannot be of email format, since user pool is configured for email alias."
                if (text.contains("username")) {
                    return Reason.INVALID_USERNAME;
                }
                return text.contains("email") ? Reason.INVALID_EMAIL : null;
            case RESET_PASSWORD:
                return text.contains("password") ? Reason.PASSWORD_POLICY : null;
            case RESEND_CODE:
            case FORGOT_PASSWORD:
                // "User is already confirmed.", "... no registered/verified email or phone_number"
                return text.contains("confirmed") || text.contains("verified") ? Reason.NOT_ELIGIBLE : null;
            default:
                return null;
        }
    }

    private static Reason notAuthorized(Flow flow, String text) {
        switch (flow) {
            case LOGIN:
                return Reason.INVALID_CREDENTIALS;
            case DESCRIBE:
                return Reason.MISCONFIGURED;
            case SIGN_OUT:
                // "Access Token has been revoked" means a previous sign-out already did the job
                return text.contains("revoked") ? Reason.ALREADY_REVOKED : Reason.INVALID_TOKEN;
            case REVOKE:
                // RFC 7009 2.2: an invalid or already revoked token is not an error for logout
                return Reason.ALREADY_REVOKED;
            default:
                return Reason.INVALID_GRANT;
        }
    }
}
