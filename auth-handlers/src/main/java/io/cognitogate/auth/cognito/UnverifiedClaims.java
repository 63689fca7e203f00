package io.cognitogate.auth.cognito;

import java.io.IOException;
import java.util.Base64;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;

/**
 * Reads {@code username}, {@code exp} and {@code iat} from an access token that Cognito has just
 * returned to us over TLS. No signature check: the values only echo Cognito's answer back to the
 * client (the username it needs for refresh) and never decide access.
 */
record UnverifiedClaims(String username, long exp, long iat) {

  private static final JsonFactory JSON = new JsonFactory();

  static UnverifiedClaims of(String accessToken) {
    String username = null;
    long exp = 0;
    long iat = 0;
    String[] parts = accessToken == null ? new String[0] : accessToken.split("\\.");
    if (parts.length != 3) {
      return new UnverifiedClaims(null, 0, 0);
    }
    try (JsonParser parser = JSON.createParser(Base64.getUrlDecoder().decode(parts[1]))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new UnverifiedClaims(null, 0, 0);
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("username".equals(name) && value == JsonToken.VALUE_STRING) {
          username = parser.getText();
        } else if ("exp".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          exp = parser.getLongValue();
        } else if ("iat".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          iat = parser.getLongValue();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return new UnverifiedClaims(null, 0, 0);
    }
    return new UnverifiedClaims(username, exp, iat);
  }
}
