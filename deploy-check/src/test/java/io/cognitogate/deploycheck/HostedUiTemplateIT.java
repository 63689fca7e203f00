package io.cognitogate.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hosted UI as code (domain, the client's OAuth settings, the sign-in URL) and PASSWORD_POLICY.
 */
class HostedUiTemplateIT {

  /** Stack ids as CloudFormation shows them; the account id must not reach the domain. */
  static final String ACCOUNT_ID = "123456789012";

  static final String STACK_ID =
      "arn:aws:cloudformation:us-east-1:"
          + ACCOUNT_ID
          + ":stack/cognito-gate-dev/51af3dc0-da77-11e4-872e-1234567db123";
  static final String OTHER_STACK_ID =
      "arn:aws:cloudformation:us-east-1:"
          + ACCOUNT_ID
          + ":stack/cognito-gate-dev/9e2b4c71-3f0a-4d6e-8b1c-0a7f5e3d2c19";
  static final String REGION = "us-east-1";
  static final String CLIENT_ID = "4tq0sample0client0id0abcde";

  /** Cognito's rule for a prefix domain (CreateUserPoolDomain), and the words it refuses in one. */
  static final Pattern DOMAIN_PREFIX = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  static final List<String> RESERVED_IN_PREFIX = List.of("aws", "amazon", "cognito");

  /**
   * Characters that stand for themselves in a query value: a redirect_uri made of them needs no
   * encoding.
   */
  static final Pattern NEEDS_NO_ENCODING = Pattern.compile("[A-Za-z0-9._~:/@-]+");

  /**
   * Names PASSWORD_POLICY may use (auth-handlers' PasswordPolicy), each a property of the pool's
   * PasswordPolicy.
   */
  static final Set<String> POLICY_FLAGS =
      Set.of("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols");

  private final PackagedService service = PackagedService.get();

  static Stream<String> functionsDescribingThePolicy() {
    return Stream.of(Contract.SIGN_UP, Contract.RESET_PASSWORD);
  }

  private JsonNode client() {
    return service.resource("UserPoolClient").path("Properties");
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new TreeSet<>();
    PackagedService.asList(array).forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The hosted UI domain prefix this template gives a stack with that id. */
  static String domainPrefix(JsonNode resources, String stackId) {
    JsonNode domain = resources.path("UserPoolDomain").path("Properties").path("Domain");
    return new Intrinsics(
            Map.of("AWS::StackId", stackId, "AWS::Region", REGION, "AWS::AccountId", ACCOUNT_ID))
        .string(domain);
  }

  static void assertValidDomainPrefix(String stage, String prefix) {
    assertThat(prefix)
        .as("%s UserPoolDomain prefix (a DNS label Cognito accepts)", stage)
        .matches(DOMAIN_PREFIX);
    for (String word : RESERVED_IN_PREFIX) {
      assertThat(prefix.toLowerCase(Locale.ROOT))
          .as("%s UserPoolDomain prefix (Cognito refuses '%s' in it)", stage, word)
          .doesNotContain(word);
    }
  }

  /**
   * Callback and sign-out URLs: absolute, no fragment (OAuth), https, or http only on localhost.
   */
  static void assertRedirectUrl(String where, String url, boolean localhostAllowed) {
    URI uri = URI.create(url);
    assertThat(uri.getFragment()).as("%s %s has no fragment", where, url).isNull();
    assertThat(uri.getUserInfo()).as("%s %s has no user info", where, url).isNull();
    assertThat(uri.getHost()).as("%s %s names a host", where, url).isNotBlank();
    if ("http".equals(uri.getScheme()) && localhostAllowed) {
      assertThat(uri.getHost())
          .as("%s %s: http:// only for localhost", where, url)
          .isEqualTo("localhost");
    } else {
      assertThat(uri.getScheme()).as("%s %s scheme", where, url).isEqualTo("https");
    }
  }

  static List<String> urls(JsonNode client, String property) {
    return new Intrinsics(Map.of()).list(client.path(property));
  }

  @Test
  void clientWhenPackagedThenOffersTheHostedUiOnlyTheCodeGrantWithOpenidAndEmail() {
    JsonNode client = client();

    assertThat(client.path("AllowedOAuthFlowsUserPoolClient").asBoolean(false))
        .as("AllowedOAuthFlowsUserPoolClient")
        .isTrue();
    assertThat(texts(client.path("AllowedOAuthFlows")))
        .as("AllowedOAuthFlows (no implicit grant)")
        .isEqualTo(Contract.CLIENT_OAUTH_FLOWS);
    assertThat(texts(client.path("AllowedOAuthScopes")))
        .as("AllowedOAuthScopes")
        .isEqualTo(Contract.CLIENT_OAUTH_SCOPES);
    assertThat(texts(client.path("SupportedIdentityProviders")))
        .as("SupportedIdentityProviders")
        .isEqualTo(Contract.CLIENT_IDENTITY_PROVIDERS);
  }

  @Test
  void clientWhenPackagedThenRedirectsOnlyToHttpsOrLocalhost() {
    JsonNode client = client();

    for (String property : List.of("CallbackURLs", "LogoutURLs")) {
      List<String> urls = urls(client, property);
      assertThat(urls).as("%s %s", service.stage, property).isNotEmpty().doesNotHaveDuplicates();
      urls.forEach(url -> assertRedirectUrl(service.stage + " " + property, url, true));
    }
  }

  @Test
  void domainWhenPackagedThenIsThePoolsOnlyDomainWithAValidPrefix() {
    Map<String, JsonNode> domains = service.resourcesOfType("AWS::Cognito::UserPoolDomain");

    assertThat(domains).as("user pool domains").containsOnlyKeys("UserPoolDomain");
    JsonNode props = domains.get("UserPoolDomain").path("Properties");
    assertThat(PackagedService.isRef(props.path("UserPoolId"), "UserPool"))
        .as("UserPoolDomain.UserPoolId")
        .isTrue();
    assertThat(props.has("CustomDomainConfig"))
        .as("a prefix domain (no custom domain certificate)")
        .isFalse();
    assertThat(props.path("ManagedLoginVersion").asInt(0))
        .as("ManagedLoginVersion (1 = classic hosted UI)")
        .isEqualTo(1);
    assertValidDomainPrefix(service.stage, domainPrefix(service.resources(), STACK_ID));
  }

  @Test
  void domainWhenPackagedThenIsUniquePerStackWithoutTheAccountId() {
    String prefix = domainPrefix(service.resources(), STACK_ID);

    assertThat(prefix)
        .as("prefix (unique per region across all accounts, so it varies with the stack)")
        .isNotEqualTo(domainPrefix(service.resources(), OTHER_STACK_ID))
        .startsWith("gate-" + service.stage + "-");
    assertThat(prefix)
        .as("prefix (every end user sees it in the address bar)")
        .doesNotContain(ACCOUNT_ID);
  }

  @ParameterizedTest
  @MethodSource("functionsDescribingThePolicy")
  void passwordPolicyWhenPackagedThenDescribesThePoolsPasswordPolicy(String function) {
    JsonNode env =
        service
            .function(function)
            .getValue()
            .path("Properties")
            .path("Environment")
            .path("Variables");
    JsonNode pool =
        service.resource("UserPool").path("Properties").path("Policies").path("PasswordPolicy");
    assertThat(env.path("PASSWORD_POLICY").isTextual())
        .as("%s PASSWORD_POLICY is a literal, was %s", function, env.path("PASSWORD_POLICY"))
        .isTrue();

    Map<String, String> described = new TreeMap<>();
    for (String item : env.path("PASSWORD_POLICY").asText().split(",")) {
      String[] pair = item.trim().split("=", 2);
      described.put(pair[0].trim(), pair.length == 2 ? pair[1].trim() : "true");
    }
    assertThat(described.keySet())
        .as("%s PASSWORD_POLICY names", function)
        .allMatch(
            n ->
                POLICY_FLAGS.contains(n)
                    || n.equals("MinimumLength")
                    || n.equals("PasswordHistorySize"));
    assertThat(described.get("MinimumLength"))
        .as("%s PASSWORD_POLICY MinimumLength vs the pool's", function)
        .isEqualTo(pool.path("MinimumLength").asText());
    for (String flag : POLICY_FLAGS) {
      assertThat(Boolean.parseBoolean(described.getOrDefault(flag, "false")))
          .as("%s PASSWORD_POLICY %s vs the pool's", function, flag)
          .isEqualTo(pool.path(flag).asBoolean(false));
    }
    assertThat(described.getOrDefault("PasswordHistorySize", "0"))
        .as("%s PASSWORD_POLICY PasswordHistorySize vs the pool's", function)
        .isEqualTo(pool.path("PasswordHistorySize").asText("0"));
  }

  @Test
  void signInUrlOutputWhenPackagedThenUsesTheCodeGrantOnThisStacksDomainAndClient() {
    JsonNode value = service.template.path("Outputs").path("HostedUiSignInUrl").path("Value");
    String prefix = domainPrefix(service.resources(), STACK_ID);
    String url =
        new Intrinsics(
                Map.of(
                    "UserPoolDomain", prefix, "UserPoolClient", CLIENT_ID, "AWS::Region", REGION))
            .string(value);
    String firstCallback = urls(client(), "CallbackURLs").get(0);

    URI uri = URI.create(url);
    assertThat(uri.getScheme()).as("HostedUiSignInUrl %s scheme", url).isEqualTo("https");
    assertThat(uri.getHost())
        .as("HostedUiSignInUrl %s host", url)
        .isEqualTo(prefix + ".auth." + REGION + ".amazoncognito.com");
    assertThat(uri.getPath()).as("HostedUiSignInUrl %s path", url).isEqualTo("/login");
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      assertThat(query.put(kv[0], kv.length == 2 ? kv[1] : ""))
          .as("HostedUiSignInUrl %s: %s given twice", url, kv[0])
          .isNull();
    }
    assertThat(query)
        .as("HostedUiSignInUrl %s query", url)
        .containsOnlyKeys("response_type", "client_id", "redirect_uri")
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", firstCallback);
    assertThat(firstCallback)
        .as("first callback URL (the output's redirect_uri is not percent-encoded)")
        .matches(NEEDS_NO_ENCODING);
  }
}
