package io.cognitogate.auth.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;

/**
 * The JSON object of a request body, reduced to the string fields a route declares. Unknown fields
 * are skipped; a declared field that is missing, duplicated, not a string, empty, too long or
 * holding forbidden characters is a {@link BadRequestException} naming the field. Parser messages
 * are never used: they quote the input.
 */
public final class RequestBody {

  /** Bodies above this many bytes are rejected before parsing. */
  public static final int MAX_BYTES = 16 * 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, String> values;

  private RequestBody(Map<String, String> values) {
    this.values = values;
  }

  public String get(Field field) {
    return values.get(field.name());
  }

  /**
   * The body of {@code event} (base64-decoded when API Gateway encoded it); a null event has no
   * body.
   */
  public static RequestBody parse(APIGatewayProxyRequestEvent event, Field... fields)
      throws BadRequestException {
    return event == null
        ? parse(null, Boolean.FALSE, fields)
        : parse(event.getBody(), event.getIsBase64Encoded(), fields);
  }

  public static RequestBody parse(String body, Boolean base64Encoded, Field... fields)
      throws BadRequestException {
    if (body == null) {
      throw new BadRequestException("body", "is required");
    }
    byte[] bytes;
    if (Boolean.TRUE.equals(base64Encoded)) {
      if (body.length() > MAX_BYTES * 4 / 3 + 4) {
        throw tooLarge();
      }
      try {
        bytes = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("body", "is not valid base64");
      }
    } else {
      if (body.length() > MAX_BYTES) {
        throw tooLarge();
      }
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge();
    }
    Map<String, String> values = new HashMap<>();
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRequestException("body", "must be a JSON object");
      }
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        Field field = find(fields, name);
        if (field == null) {
          parser.skipChildren();
        } else if (value != JsonToken.VALUE_STRING) {
          throw new BadRequestException(field.name(), "must be a string");
        } else if (values.containsKey(field.name())) {
          // two values for one field: which one wins differs between parsers, so refuse
          throw new BadRequestException(field.name(), "must appear only once");
        } else {
          values.put(field.name(), parser.getText());
        }
      }
      if (parser.nextToken() != null) {
        throw new BadRequestException("body", "must hold exactly one JSON object");
      }
    } catch (BadRequestException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // the parser's own message would quote the input
      throw new BadRequestException("body", "is not valid JSON");
    }
    for (Field field : fields) {
      String value = values.get(field.name());
      if (value == null) {
        throw new BadRequestException(field.name(), "is required");
      }
      field.check(value);
    }
    return new RequestBody(values);
  }

  private static Field find(Field[] fields, String name) {
    for (Field field : fields) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static BadRequestException tooLarge() {
    return new BadRequestException("body", "must be at most " + MAX_BYTES + " bytes");
  }
}
