package io.cognitogate.auth.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;

/**
 * Writes JSON objects of strings, numbers, booleans and nested objects (null values are left out).
 */
public final class Json {

  private static final JsonFactory JSON = new JsonFactory();

  private Json() {}

  public static String object(Map<String, ?> fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(generator, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator generator, Map<?, ?> fields) throws IOException {
    generator.writeStartObject();
    for (Map.Entry<?, ?> entry : fields.entrySet()) {
      Object value = entry.getValue();
      if (value == null) {
        continue;
      }
      generator.writeFieldName(entry.getKey().toString());
      if (value instanceof Integer || value instanceof Long) {
        generator.writeNumber(((Number) value).longValue());
      } else if (value instanceof Boolean) {
        generator.writeBoolean((Boolean) value);
      } else if (value instanceof Map<?, ?> nested) {
        write(generator, nested);
      } else {
        generator.writeString(value.toString());
      }
    }
    generator.writeEndObject();
  }
}
