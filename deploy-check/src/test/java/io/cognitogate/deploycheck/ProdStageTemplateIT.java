package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prod stage's own parameters: its users survive `osls remove` and a pool replacement. */
class ProdStageTemplateIT {

  private static final JsonNode PROD =
      PackagedService.readJson(
          Path.of(PackagedService.requiredProperty("deploycheck.prodPackageDir"))
              .resolve(PackagedService.TEMPLATE_FILE));
  private final PackagedService dev = PackagedService.get();

  @Test
  void prodPoolWhenPackagedThenIsProtectedAndRetained() {
    JsonNode pool = PROD.path("Resources").path("UserPool");

    assertThat(pool.path("Properties").path("DeletionProtection").asText())
        .as("prod DeletionProtection")
        .isEqualTo("ACTIVE");
    assertThat(pool.path("DeletionPolicy").asText()).as("prod DeletionPolicy").isEqualTo("Retain");
    assertThat(pool.path("UpdateReplacePolicy").asText())
        .as("prod UpdateReplacePolicy")
        .isEqualTo("Retain");
  }

  @Test
  void devPoolWhenPackagedThenIsRemovableButNeverLostToAReplacement() {
    JsonNode pool = dev.resource("UserPool");

    assertThat(pool.path("Properties").path("DeletionProtection").asText())
        .as("dev DeletionProtection")
        .isEqualTo("INACTIVE");
    assertThat(pool.path("DeletionPolicy").asText()).as("dev DeletionPolicy").isEqualTo("Delete");
    assertThat(pool.path("UpdateReplacePolicy").asText())
        .as("dev UpdateReplacePolicy")
        .isEqualTo("Retain");
  }

  @Test
  void prodClientWhenPackagedThenRedirectsOnlyToHttps() {
    JsonNode client = PROD.path("Resources").path("UserPoolClient").path("Properties");

    for (String property : List.of("CallbackURLs", "LogoutURLs")) {
      List<String> urls = HostedUiTemplateIT.urls(client, property);
      assertThat(urls).as("prod %s", property).isNotEmpty();
      urls.forEach(url -> HostedUiTemplateIT.assertRedirectUrl("prod " + property, url, false));
    }
  }

  @Test
  void prodDomainWhenPackagedThenHasAValidPrefix() {
    HostedUiTemplateIT.assertValidDomainPrefix(
        "prod",
        HostedUiTemplateIT.domainPrefix(PROD.path("Resources"), HostedUiTemplateIT.STACK_ID));
  }

  @Test
  void prodFunctionsWhenPackagedThenRunJava21WithLongerLogRetention() {
    PROD.path("Resources")
        .properties()
        .forEach(
            e -> {
              String type = e.getValue().path("Type").asText();
              if (type.equals("AWS::Lambda::Function")) {
                assertThat(e.getValue().path("Properties").path("Runtime").asText())
                    .as("prod %s Runtime", e.getKey())
                    .isEqualTo("java21");
              }
              if (type.equals("AWS::Logs::LogGroup")) {
                assertThat(e.getValue().path("Properties").path("RetentionInDays").asInt(0))
                    .as("prod %s RetentionInDays", e.getKey())
                    .isEqualTo(90);
              }
            });
  }
}
