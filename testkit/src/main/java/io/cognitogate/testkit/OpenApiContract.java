package io.cognitogate.testkit;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import io.cognitogate.testkit.ContractViolation.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's contract, {@code docs/openapi.yaml}, as tests hold the responses they receive to it. A
 * response passes when its path matches a declared path, its method is declared there, its status
 * is declared for that operation, its Content-Type is a declared media type of that status (or it
 * has no body where none is declared), its body is valid against the declared schema (JSON Schema
 * 2020-12 in the OpenAPI 3.1 dialect, {@code $ref}s resolved inside the spec), every header the
 * status declares required is present and every declared string header is valid. Anything else is a
 * {@link ContractViolation}.
 *
 * <p>Where a test environment answers differently on purpose (the local stack is
 * serverless-offline, not API Gateway), a {@link Deviation} names the operations, the status, the
 * deployed status it stands for and its own body schema. Thread-safe; load once per suite.
 */
public final class OpenApiContract {

  /** Where testkit's build puts the copy of docs/openapi.yaml. */
  static final String RESOURCE = "io/cognitogate/testkit/openapi.yaml";

  private static final String SPEC_IRI = "classpath:" + RESOURCE;
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final JsonNode spec;

  /** The spec's own schemas: the OpenAPI 3.1 dialect, which also knows its annotation keywords. */
  private final SchemaRegistry specSchemas;

  /** Deviation schemas: plain JSON Schema 2020-12. */
  private final SchemaRegistry plainSchemas;

  private final Map<String, Schema> compiled;
  private final List<Deviation> deviations;

  private OpenApiContract(
      JsonNode spec,
      SchemaRegistry specSchemas,
      SchemaRegistry plainSchemas,
      Map<String, Schema> compiled,
      List<Deviation> deviations) {
    this.spec = spec;
    this.specSchemas = specSchemas;
    this.plainSchemas = plainSchemas;
    this.compiled = compiled;
    this.deviations = List.copyOf(deviations);
  }

  /** The repository's docs/openapi.yaml, from testkit's classpath copy. */
  public static OpenApiContract load() {
    JsonNode spec;
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath: build testkit (mvn -pl testkit -am)");
      }
      spec = YAMLMapper.shared().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!spec.path("openapi").asString("").startsWith("3.1.")) {
      throw new IllegalStateException(RESOURCE + " is not an OpenAPI 3.1 document");
    }
    return new OpenApiContract(
        spec,
        SchemaRegistry.withDialect(Dialects.getOpenApi31()),
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12),
        new ConcurrentHashMap<>(),
        List.of());
  }

  /** This contract, also accepting {@code deviation}. */
  public OpenApiContract withDeviation(Deviation deviation) {
    List<Deviation> all = new ArrayList<>(deviations);
    all.add(deviation);
    return new OpenApiContract(spec, specSchemas, plainSchemas, compiled, all);
  }

  /**
   * Checks a response received over HTTP; the request's method and the response URI's path name the
   * operation.
   */
  public void check(HttpResponse<String> response) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response
        .headers()
        .map()
        .forEach((name, values) -> headers.put(name, String.join(", ", values)));
    check(
        response.request().method(),
        response.uri().getPath(),
        response.statusCode(),
        headers,
        response.body());
  }

  /**
   * Checks one response of {@code method path}; {@code headers} by name in any case (null: none),
   * {@code body} null or empty for none.
   */
  public void check(
      String method, String path, int status, Map<String, String> headers, String body) {
    Located pathItem = pathItem(method, path, status);
    String operation = method.toUpperCase(Locale.ROOT) + " " + pathItem.key;
    Located op = pathItem.child(method.toLowerCase(Locale.ROOT));
    if (op.node == null) {
      throw new ContractViolation(
          Reason.UNDECLARED_METHOD,
          method + " " + path,
          status,
          "declared: " + declaredMethods(pathItem.node));
    }
    Map<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach(
          (name, value) -> {
            if (name != null && value != null) {
              received.put(name, value);
            }
          });
    }
    for (Deviation deviation : deviations) {
      if (deviation.covers(operation, status)) {
        checkDeviation(deviation, op, operation, status, received, body);
        return;
      }
    }
    Located response = response(op, status);
    if (response == null) {
      throw new ContractViolation(
          Reason.UNDECLARED_STATUS,
          operation,
          status,
          "declared: " + names(op.node.path("responses")));
    }
    checkContent(response, operation, status, received, body);
    checkHeaders(response, operation, status, received);
  }

  private Located pathItem(String method, String path, int status) {
    JsonNode paths = spec.path("paths");
    Located root = new Located("paths", paths, "/paths");
    if (paths.has(path)) {
      return root.child(path);
    }
    for (String template : paths.propertyNames()) {
      if (matches(template, path)) {
        return root.child(template);
      }
    }
    throw new ContractViolation(
        Reason.UNDECLARED_ROUTE, method + " " + path, status, "declared paths: " + names(paths));
  }

  /** {@code /a/{id}} matches {@code /a/7}: same segment count, literal segments equal. */
  static boolean matches(String template, String path) {
    String[] expected = template.split("/", -1);
    String[] actual = path.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean parameter = expected[i].startsWith("{") && expected[i].endsWith("}");
      if (parameter ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The response object for {@code status}: exact, then its range ({@code 4XX}), then {@code
   * default}; or null.
   */
  private Located response(Located op, int status) {
    Located responses = op.child("responses");
    for (String key : List.of(Integer.toString(status), status / 100 + "XX", "default")) {
      Located response = responses.child(key);
      if (response.node != null) {
        return resolve(response);
      }
    }
    return null;
  }

  private void checkContent(
      Located response, String operation, int status, Map<String, String> headers, String body) {
    Located content = response.child("content");
    boolean hasBody = body != null && !body.isEmpty();
    if (content.node == null || content.node.isEmpty()) {
      if (hasBody) {
        throw new ContractViolation(
            Reason.UNEXPECTED_BODY,
            operation,
            status,
            "no content declared, received " + body.length() + " characters");
      }
      return;
    }
    if (!hasBody) {
      throw new ContractViolation(
          Reason.UNEXPECTED_BODY,
          operation,
          status,
          "content " + names(content.node) + " declared, received no body");
    }
    String mediaType = mediaType(headers, operation, status);
    Located media = mediaEntry(content, mediaType);
    if (media == null) {
      throw new ContractViolation(
          Reason.UNDECLARED_CONTENT_TYPE,
          operation,
          status,
          mediaType + "; declared: " + names(content.node));
    }
    Located schema = media.child("schema");
    if (schema.node != null && json(mediaType)) {
      List<String> errors = schemaErrors(schema.pointer, parse(body, operation, status));
      if (!errors.isEmpty()) {
        throw new ContractViolation(
            Reason.BODY_INVALID, operation, status, String.join("; ", errors));
      }
    }
  }

  private void checkHeaders(
      Located response, String operation, int status, Map<String, String> headers) {
    Located declared = response.child("headers");
    if (declared.node == null) {
      return;
    }
    for (String name : declared.node.propertyNames()) {
      Located header = resolve(declared.child(name));
      String value = headers.get(name);
      if (value == null) {
        if (header.node.path("required").asBoolean(false)) {
          throw new ContractViolation(Reason.MISSING_HEADER, operation, status, name);
        }
        continue;
      }
      Located schema = header.child("schema");
      // a header is text on the wire: only string schemas can judge it as sent
      if (schema.node != null && "string".equals(schema.node.path("type").asString(""))) {
        List<String> errors =
            schemaErrors(schema.pointer, JsonNodeFactory.instance.stringNode(value));
        if (!errors.isEmpty()) {
          throw new ContractViolation(
              Reason.HEADER_INVALID, operation, status, name + ": " + String.join("; ", errors));
        }
      }
    }
  }

  private void checkDeviation(
      Deviation deviation,
      Located op,
      String operation,
      int status,
      Map<String, String> headers,
      String body) {
    if (deviation.standsFor() != 0 && response(op, deviation.standsFor()) == null) {
      throw new ContractViolation(
          Reason.UNDECLARED_STATUS,
          operation,
          status,
          "a deviation stands for "
              + deviation.standsFor()
              + ", which the spec does not declare ("
              + deviation.because()
              + ")");
    }
    String mediaType = mediaType(headers, operation, status);
    if (!json(mediaType)) {
      throw new ContractViolation(
          Reason.UNDECLARED_CONTENT_TYPE,
          operation,
          status,
          mediaType + "; the deviation's body is JSON (" + deviation.because() + ")");
    }
    Schema schema =
        compiled.computeIfAbsent(
            "deviation:" + deviation.bodySchema(),
            key -> {
              Schema created = plainSchemas.getSchema(deviation.bodySchema(), InputFormat.JSON);
              created.initializeValidators();
              return created;
            });
    List<String> errors = messages(schema.validate(parse(body, operation, status)));
    if (!errors.isEmpty()) {
      throw new ContractViolation(
          Reason.BODY_INVALID,
          operation,
          status,
          String.join("; ", errors) + " (deviation: " + deviation.because() + ")");
    }
  }

  /** The media type of {@code Content-Type}, lowercased without parameters. */
  private static String mediaType(Map<String, String> headers, String operation, int status) {
    String contentType = headers.get("Content-Type");
    if (contentType == null || contentType.isBlank()) {
      throw new ContractViolation(
          Reason.MISSING_CONTENT_TYPE, operation, status, "a body came without one");
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The content entry for {@code mediaType}: exact, then {@code type/*}, then {@code *}{@code /*};
   * or null.
   */
  private static Located mediaEntry(Located content, String mediaType) {
    int slash = mediaType.indexOf('/');
    List<String> candidates =
        slash < 0
            ? List.of(mediaType, "*/*")
            : List.of(mediaType, mediaType.substring(0, slash) + "/*", "*/*");
    for (String key : candidates) {
      Located entry = content.child(key);
      if (entry.node != null) {
        return entry;
      }
    }
    return null;
  }

  private static boolean json(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static JsonNode parse(String body, String operation, int status) {
    if (body == null || body.isEmpty()) {
      throw new ContractViolation(Reason.BODY_NOT_JSON, operation, status, "no body");
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      // the parser's message quotes the body, which may hold tokens: say only where it broke
      throw new ContractViolation(
          Reason.BODY_NOT_JSON,
          operation,
          status,
          body.length() + " characters, not one JSON value");
    }
  }

  /**
   * What {@code instance} breaks in the schema at {@code pointer} of the spec; empty when valid.
   */
  List<String> schemaErrors(String pointer, JsonNode instance) {
    Schema schema =
        compiled.computeIfAbsent(
            pointer,
            key -> {
              Schema created = specSchemas.getSchema(SchemaLocation.of(SPEC_IRI + "#" + key));
              created.initializeValidators();
              return created;
            });
    return messages(schema.validate(instance));
  }

  private static List<String> messages(List<com.networknt.schema.Error> errors) {
    List<String> messages = new ArrayList<>(errors.size());
    for (com.networknt.schema.Error error : errors) {
      String location = error.getInstanceLocation().toString();
      messages.add((location.isEmpty() ? "(body)" : location) + ": " + error.getMessage());
    }
    return messages;
  }

  JsonNode spec() {
    return spec;
  }

  /**
   * Follows a local {@code $ref} (Response and Header objects may be references into components).
   */
  Located resolve(Located located) {
    Located current = located;
    for (int hops = 0; current.node != null && current.node.has("$ref"); hops++) {
      String ref = current.node.get("$ref").asString("");
      if (!ref.startsWith("#/") || hops > 16) {
        throw new IllegalStateException("unsupported $ref " + ref + " at " + current.pointer);
      }
      String pointer = ref.substring(1);
      current =
          new Located(pointer.substring(pointer.lastIndexOf('/') + 1), spec.at(pointer), pointer);
      if (current.node.isMissingNode()) {
        throw new IllegalStateException("dangling $ref " + ref + " at " + located.pointer);
      }
    }
    return current;
  }

  private static String declaredMethods(JsonNode pathItem) {
    List<String> methods = new ArrayList<>();
    for (String name : pathItem.propertyNames()) {
      if (METHODS.contains(name)) {
        methods.add(name.toUpperCase(Locale.ROOT));
      }
    }
    return methods.toString();
  }

  private static String names(JsonNode node) {
    return node.propertyNames().toString();
  }

  /** A node of the spec with its key and JSON pointer; {@code node} is null when absent. */
  record Located(String key, JsonNode node, String pointer) {

    Located child(String name) {
      JsonNode child = node == null ? null : node.get(name);
      return new Located(name, child, pointer + "/" + name.replace("~", "~0").replace("/", "~1"));
    }
  }
}
