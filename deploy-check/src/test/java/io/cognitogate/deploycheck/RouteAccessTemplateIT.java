package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The authorizer's route access settings (stage parameters defaultDeny and openRoutes): default
 * allow with no open routes on every stage unless overridden, and values the authorizer accepts.
 */
class RouteAccessTemplateIT {

  /**
   * {@code VERB /path}, path literal or ending in {@code /*} (the authorizer's RoutePattern, in
   * short).
   */
  private static final Pattern OPEN_ROUTE =
      Pattern.compile(
          "(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|\\*) (/|/\\*|(/[A-Za-z0-9._~@:+,!$'()-]+)+(/\\*)?)");

  private final PackagedService dev = PackagedService.get();

  private static JsonNode authorizerEnvironment(JsonNode template) {
    return template.path("Resources").properties().stream()
        .map(Map.Entry::getValue)
        .filter(resource -> resource.path("Type").asText().equals("AWS::Lambda::Function"))
        .map(resource -> resource.path("Properties"))
        .filter(
            props ->
                props
                    .path("Handler")
                    .asText()
                    .equals(Contract.function(Contract.AUTHORIZER).handler()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no authorizer function in the template"))
        .path("Environment")
        .path("Variables");
  }

  /** What AuthorizerConfig accepts: a boolean; open routes only with default deny, each a route. */
  private static void assertAccepted(String where, String defaultDeny, String openRoutes) {
    assertThat(defaultDeny).as("%s DEFAULT_DENY", where).isIn("true", "false");
    if (defaultDeny.equals("false")) {
      assertThat(openRoutes).as("%s OPEN_ROUTES (only with DEFAULT_DENY=true)", where).isEmpty();
    }
    for (String route : openRoutes.split(";")) {
      if (!route.isBlank()) {
        assertThat(route.trim()).as("%s open route", where).matches(OPEN_ROUTE);
      }
    }
  }

  @Test
  void authorizerWhenPackagedThenDefaultAllowWithNoOpenRoutes() {
    JsonNode env = authorizerEnvironment(dev.template);

    assertThat(env.path("DEFAULT_DENY").asText()).as("dev DEFAULT_DENY").isEqualTo("false");
    assertThat(env.path("OPEN_ROUTES").asText("")).as("dev OPEN_ROUTES").isEmpty();
    assertAccepted("dev", env.path("DEFAULT_DENY").asText(), env.path("OPEN_ROUTES").asText(""));
    // a string, not a YAML boolean: Lambda environment values are strings
    assertThat(env.path("DEFAULT_DENY").isTextual()).as("dev DEFAULT_DENY is a string").isTrue();
  }

  @Test
  void prodAuthorizerWhenPackagedThenSameDefaults() {
    JsonNode prod =
        PackagedService.readJson(
            Path.of(PackagedService.requiredProperty("deploycheck.prodPackageDir"))
                .resolve(PackagedService.TEMPLATE_FILE));
    JsonNode env = authorizerEnvironment(prod);

    assertThat(env.path("DEFAULT_DENY").asText()).as("prod DEFAULT_DENY").isEqualTo("false");
    assertAccepted("prod", env.path("DEFAULT_DENY").asText(), env.path("OPEN_ROUTES").asText(""));
  }

  @Test
  void localAuthorizerWhenPrintedThenSameDefaultsAsDeployedStages() throws IOException {
    String printed =
        Files.readString(Path.of(PackagedService.requiredProperty("deploycheck.localPrint")));
    JsonNode config = PackagedService.JSON.readTree(printed.substring(printed.indexOf("{\n")));
    JsonNode env = config.path("functions").path(Contract.AUTHORIZER).path("environment");

    assertThat(env.path("DEFAULT_DENY").asText()).as("local DEFAULT_DENY").isEqualTo("false");
    assertAccepted("local", env.path("DEFAULT_DENY").asText(), env.path("OPEN_ROUTES").asText(""));
  }

  @Test
  void openRoutePatternWhenExamplesThenAcceptsRoutesAndRefusesTheRest() {
    for (String route : Set.of("GET /health", "POST /auth/*", "* /*", "GET /")) {
      assertThat(route).matches(OPEN_ROUTE);
    }
    for (String route :
        Set.of("/health", "GET health", "GET /a/", "GET /a%20b", "GET /health=group:x")) {
      assertThat(route).doesNotMatch(OPEN_ROUTE);
    }
  }
}
