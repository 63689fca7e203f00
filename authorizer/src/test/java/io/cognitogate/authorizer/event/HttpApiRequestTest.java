package io.cognitogate.authorizer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitogate.authorizer.EventFixture;
import io.cognitogate.authorizer.policy.RequestTarget;
import org.junit.jupiter.api.Test;

class HttpApiRequestTest {
  static final String STAGE = EventFixture.HTTP_STAGE;
  static final String NAMED = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/v1";

  static RequestTarget target(ObjectNode json) {
    return HttpApiRequest.target(EventFixture.read(json, APIGatewayV2CustomAuthorizerEvent.class));
  }

  @Test
  void targetWhenLiteralRouteOnTheDefaultStageThenOnlyTheRouteArnAsEveryReadingIsTheSame() {
    RequestTarget target =
        HttpApiRequest.target(EventFixture.httpApi("Bearer a.b.c", "GET", "/mock/admin"));

    assertThat(target.methodArn()).isEqualTo(STAGE + "/GET/mock/admin");
    assertThat(target.otherReadings()).isEmpty();
    assertThat(target.unreadable()).isFalse();
  }

  @Test
  void targetWhenRawPathIsASpellingOfTheRouteThenBothAreJudged() {
    RequestTarget target =
        HttpApiRequest.target(
            EventFixture.httpApi("Bearer a.b.c", "GET", "/mock/%61dmin", "GET /mock/admin"));

    assertThat(target.otherReadings()).containsExactly(STAGE + "/GET/mock/admin");
  }

  @Test
  void targetWhenRouteKeyHasAParameterOrIsDefaultThenTheRawPathStandsForIt() {
    for (String routeKey : new String[] {"GET /mock/{id}", "$default", "ANY /{proxy+}"}) {
      ObjectNode json = EventFixture.httpApiJson("Bearer a.b.c", "GET", "/mock/admin", routeKey);
      json.put(
          "routeArn",
          STAGE + "/GET/mock/{id}"); // whatever API Gateway puts there, the raw path is judged too

      assertThat(target(json).otherReadings())
          .as(routeKey)
          .containsExactly(STAGE + "/GET/mock/admin");
    }
  }

  @Test
  void targetWhenAnyRouteThenTheRequestsVerbWithTheRoutesPath() {
    ObjectNode json =
        EventFixture.httpApiJson("Bearer a.b.c", "DELETE", "/reports/1", "ANY /reports/1");
    json.put("routeArn", STAGE + "/ANY/reports/1");

    assertThat(target(json).otherReadings()).containsExactly(STAGE + "/DELETE/reports/1");
  }

  @Test
  void targetWhenNamedStageThenItsPrefixIsTakenOffTheRawPath() {
    ObjectNode json =
        EventFixture.httpApiJson("Bearer a.b.c", "GET", "/v1/mock/admin", "GET /mock/{x}");
    json.put("routeArn", NAMED + "/GET/mock/admin");

    RequestTarget target = target(json);

    assertThat(target.methodArn()).isEqualTo(NAMED + "/GET/mock/admin");
    assertThat(target.otherReadings()).isEmpty();
    assertThat(HttpApiRequest.withoutStage("/v1", "v1")).isEqualTo("/");
    assertThat(HttpApiRequest.withoutStage("/v10/x", "v1")).isEqualTo("/v10/x");
    assertThat(HttpApiRequest.withoutStage("/v1/x", "$default")).isEqualTo("/v1/x");
  }

  @Test
  void targetWhenRawPathHoldsNonAsciiThenPercentEncodedSoTheRulesDecodeItOnce() {
    ObjectNode json = EventFixture.httpApiJson("Bearer a.b.c", "GET", "/mock/ädmin", "$default");
    json.put("routeArn", STAGE + "/GET/mock/x");

    assertThat(target(json).otherReadings()).containsExactly(STAGE + "/GET/mock/%C3%A4dmin");
    assertThat(target(json).unreadable()).isFalse();
  }

  @Test
  void targetWhenRawPathCannotBeAMethodArnThenUnreadable() {
    ObjectNode json =
        EventFixture.httpApiJson("Bearer a.b.c", "GET", "/" + "a".repeat(3000), "$default");
    json.put("routeArn", STAGE + "/GET/a");

    assertThat(target(json).unreadable()).isTrue();
    ObjectNode relative = EventFixture.httpApiJson("Bearer a.b.c", "GET", "relative", "$default");
    relative.put("routeArn", STAGE + "/GET/a");
    assertThat(target(relative).unreadable()).isTrue();
  }

  @Test
  void targetWhenRouteArnMalformedThenLeftAloneForTheDecisionToReportAsOurError() {
    ObjectNode json = EventFixture.httpApiJson("Bearer a.b.c", "GET", "/mock", "GET /mock");
    json.put("routeArn", "arn:aws:nope");

    assertThat(target(json)).isEqualTo(RequestTarget.of("arn:aws:nope"));
  }

  @Test
  void literalRoutePathWhenRouteKeysThenOnlyPathsThatNameOneRoute() {
    assertThat(HttpApiRequest.literalRoutePath("GET /mock/admin")).isEqualTo("/mock/admin");
    assertThat(HttpApiRequest.literalRoutePath("ANY /")).isEqualTo("/");
    assertThat(HttpApiRequest.literalRoutePath("$default")).isNull();
    assertThat(HttpApiRequest.literalRoutePath("GET /mock/{id}")).isNull();
    assertThat(HttpApiRequest.literalRoutePath(null)).isNull();
  }
}
