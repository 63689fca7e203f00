package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app client secret lives in Cognito only: auth functions read it at init
 * (DescribeUserPoolClient).
 */
class ClientSecretTemplateIT {

  /**
   * The one variable named like a password: the pool's password rules in words (auth-handlers'
   * PasswordPolicy).
   */
  private static final String PASSWORD_POLICY = "PASSWORD_POLICY";

  private static final String POLICY_SPEC =
      "(MinimumLength|PasswordHistorySize|Require(Uppercase|Lowercase|Numbers|Symbols))(=[0-9a-z]+)?"
          + "(,(MinimumLength|PasswordHistorySize|Require(Uppercase|Lowercase|Numbers|Symbols))(=[0-9a-z]+)?)*";

  private final PackagedService service = PackagedService.get();

  @Test
  void templateWhenPackagedThenNeverReadsTheClientSecretAttribute() {
    List<String> readers = new ArrayList<>();
    PackagedService.walk(
        service.template,
        n -> {
          JsonNode getAtt = n.path("Fn::GetAtt");
          if (getAtt.isArray()
              && getAtt.size() == 2
              && getAtt.get(1).asText().equals("ClientSecret")) {
            readers.add(n.toString());
          }
          if (n.path("Fn::Sub").isTextual()
              && n.path("Fn::Sub").asText().contains(".ClientSecret")) {
            readers.add(n.toString());
          }
        });

    assertThat(readers).as("references to the app client's ClientSecret").isEmpty();
  }

  @Test
  void functionsWhenPackagedThenHaveNoSecretInTheirEnvironment() {
    for (Map.Entry<String, JsonNode> f :
        service.resourcesOfType("AWS::Lambda::Function").entrySet()) {
      for (Map.Entry<String, JsonNode> v :
          f.getValue().path("Properties").path("Environment").path("Variables").properties()) {
        if (v.getKey().equals(PASSWORD_POLICY)) {
          assertThat(v.getValue().asText())
              .as("%s %s holds the pool's rules, nothing else", f.getKey(), PASSWORD_POLICY)
              .matches(POLICY_SPEC);
          continue;
        }
        assertThat(v.getKey().toUpperCase(Locale.ROOT))
            .as("%s environment variable name", f.getKey())
            .doesNotContain("SECRET")
            .doesNotContain("PASSWORD");
      }
    }
  }

  @Test
  void templateWhenPackagedThenHoldsNoSecretValuedProperty() {
    List<String> found = new ArrayList<>();
    collectSecretKeys("", service.template, found);

    assertThat(found).as("properties named like a client secret").isEmpty();
  }

  private static void collectSecretKeys(String where, JsonNode node, List<String> found) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = field.getKey().toLowerCase(Locale.ROOT);
      if (key.contains("clientsecret") || key.contains("client_secret")) {
        found.add(where + "/" + field.getKey());
      }
      if (field.getValue().isObject()) {
        collectSecretKeys(where + "/" + field.getKey(), field.getValue(), found);
      } else if (field.getValue().isArray()) {
        for (int i = 0; i < field.getValue().size(); i++) {
          collectSecretKeys(where + "/" + field.getKey() + "/" + i, field.getValue().get(i), found);
        }
      }
    }
  }
}
