package io.cognitogate.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.auth0.jwk.Jwk;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognitogate.authorizer.log.DecisionLog;
import io.cognitogate.authorizer.rules.RouteRules;
import io.cognitogate.token.BadTokens;
import io.cognitogate.token.CognitoTokenVerifier;
import io.cognitogate.token.JwksKeySource;
import io.cognitogate.token.MutableClock;
import io.cognitogate.token.TestTokens;
import io.cognitogate.token.TokenUse;
import io.cognitogate.token.VerifierConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds an {@link Authorizer} over the test pool's keys (in memory), clock fixed at {@link
 * TestTokens#NOW}.
 */
public final class AuthorizerFixture {
  public static final BadTokens TOKENS = new BadTokens();

  private AuthorizerFixture() {}

  public static Authorizer authorizer(String routeRules, Consumer<String> logSink) {
    return authorizer(RouteRules.parse(routeRules), logSink);
  }

  /** With rules built by the caller (DEFAULT_DENY, OPEN_ROUTES). */
  public static Authorizer authorizer(RouteRules rules, Consumer<String> logSink) {
    MutableClock clock = new MutableClock(TestTokens.NOW);
    JwksKeySource keys =
        new JwksKeySource(
            () -> TOKENS.jwks().stream().map(Jwk::fromValues).toList(),
            clock,
            Duration.ofSeconds(10),
            Duration.ofHours(1));
    keys.refresh();
    CognitoTokenVerifier verifier =
        new CognitoTokenVerifier(
            new VerifierConfig(
                TestTokens.ISSUER,
                TokenUse.ACCESS,
                Set.of(TestTokens.CLIENT_ID),
                Duration.ofSeconds(5)),
            keys,
            clock);
    return new Authorizer(verifier, rules, new DecisionLog(logSink));
  }

  /** The TOKEN authorizer event API Gateway sends. */
  public static APIGatewayCustomAuthorizerEvent event(String authorizationToken, String methodArn) {
    return APIGatewayCustomAuthorizerEvent.builder()
        .withType("TOKEN")
        .withAuthorizationToken(authorizationToken)
        .withMethodArn(methodArn)
        .build();
  }

  /** The response as the Lambda Java runtime serializes it, which is what API Gateway reads. */
  public static String wire(IamPolicyResponseV1 response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    runtimeSerializer(IamPolicyResponseV1.class).toJson(response, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The choice the Lambda Java runtime makes (aws-lambda-java-runtime-interface-client,
   * EventHandlerLoader): the events library's customised serializer for the classes it lists as
   * events, plain JacksonFactory for any other type (IamPolicyResponseV1 among them).
   */
  public static <T> PojoSerializer<T> runtimeSerializer(Class<T> type) {
    if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
      return LambdaEventSerializers.serializerFor(type, AuthorizerFixture.class.getClassLoader());
    }
    return JacksonFactory.getInstance().getSerializer(type);
  }

  /**
   * The policy document as API Gateway reads it: {@code Statement} a list, {@code Resource} a list
   * of strings.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> wirePolicy(IamPolicyResponseV1 response) {
    try {
      return (Map<String, Object>)
          new ObjectMapper().readValue(wire(response), Map.class).get("policyDocument");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #wirePolicy} as JSON text, for assertions on what it contains. */
  public static String policyJson(IamPolicyResponseV1 response) {
    try {
      return new ObjectMapper().writeValueAsString(wirePolicy(response));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An access token of {@link TestTokens#SUB} in exactly these groups. */
  public static String tokenWithGroups(List<String> groups) {
    Map<String, Object> claims =
        TestTokens.with(
            TestTokens.accessClaims(), "cognito:groups", groups.isEmpty() ? null : groups);
    return "Bearer "
        + TestTokens.sign(TestTokens.header(BadTokens.KID), claims, TOKENS.signing.getPrivate());
  }
}
