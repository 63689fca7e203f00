package io.cognitogate.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What `osls package` wrote to deploy-check/target/sls-package: the CloudFormation template and the
 * resolved service state, read once per test JVM.
 */
final class PackagedService {

  static final String TEMPLATE_FILE = "cloudformation-template-update-stack.json";
  static final String STATE_FILE = "serverless-state.json";
  static final ObjectMapper JSON = new ObjectMapper();

  private static final class Holder {
    static final PackagedService INSTANCE = load();
  }

  final Path repoRoot;
  final String stage;
  final JsonNode template;
  final JsonNode state;

  private PackagedService(Path repoRoot, String stage, JsonNode template, JsonNode state) {
    this.repoRoot = repoRoot;
    this.stage = stage;
    this.template = template;
    this.state = state;
  }

  static PackagedService get() {
    return Holder.INSTANCE;
  }

  private static final Map<String, PackagedService> OTHERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Another package of the deploy stage (other params), in the directory named by a system
   * property.
   */
  static PackagedService of(String packageDirProperty) {
    return OTHERS.computeIfAbsent(packageDirProperty, PackagedService::load);
  }

  private static PackagedService load() {
    return load("deploycheck.packageDir");
  }

  private static PackagedService load(String packageDirProperty) {
    Path dir = Path.of(requiredProperty(packageDirProperty));
    return new PackagedService(
        Path.of(requiredProperty("deploycheck.repoRoot")).toAbsolutePath().normalize(),
        requiredProperty("deploycheck.stage"),
        readJson(dir.resolve(TEMPLATE_FILE)),
        readJson(dir.resolve(STATE_FILE)));
  }

  static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set: run through Maven (mvn -pl deploy-check -am verify),"
              + " which packages serverless.yml before the tests");
    }
    return value;
  }

  static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " does not exist: the osls-package step of deploy-check did not run or failed");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  JsonNode resources() {
    return template.path("Resources");
  }

  JsonNode resource(String logicalId) {
    JsonNode node = resources().get(logicalId);
    if (node == null) {
      throw new AssertionError("template has no resource " + logicalId);
    }
    return node;
  }

  /** Logical id to resource, for every resource of one CloudFormation type, in template order. */
  Map<String, JsonNode> resourcesOfType(String type) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : resources().properties()) {
      if (type.equals(e.getValue().path("Type").asText())) {
        found.put(e.getKey(), e.getValue());
      }
    }
    return found;
  }

  /** serverless.yml function name (e.g. "login") to its entry in the resolved service state. */
  Map<String, JsonNode> stateFunctions() {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : state.path("service").path("functions").properties()) {
      found.put(e.getKey(), e.getValue());
    }
    return found;
  }

  /** The AWS::Lambda::Function of a serverless.yml function, found by its deployed name. */
  Map.Entry<String, JsonNode> function(String functionName) {
    String deployedName = "cognito-gate-" + stage + "-" + functionName;
    return resourcesOfType("AWS::Lambda::Function").entrySet().stream()
        .filter(
            e -> deployedName.equals(e.getValue().path("Properties").path("FunctionName").asText()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("template has no Lambda function named " + deployedName));
  }

  /** Every API Gateway method, keyed "VERB /path" (paths rebuilt from the resource tree). */
  Map<String, JsonNode> methods() {
    Map<String, JsonNode> byRoute = new LinkedHashMap<>();
    resourcesOfType("AWS::ApiGateway::Method")
        .values()
        .forEach(
            method -> {
              JsonNode props = method.path("Properties");
              String route =
                  props.path("HttpMethod").asText() + " " + path(props.path("ResourceId"));
              if (byRoute.put(route, method) != null) {
                throw new AssertionError("two API Gateway methods for " + route);
              }
            });
    return byRoute;
  }

  private String path(JsonNode resourceIdRef) {
    if (isGetAtt(resourceIdRef, "ApiGatewayRestApi", "RootResourceId")) {
      return "/";
    }
    String id =
        refTarget(resourceIdRef)
            .orElseThrow(
                () -> new AssertionError("unexpected API resource reference " + resourceIdRef));
    JsonNode props = resource(id).path("Properties");
    String parent = path(props.path("ParentId"));
    return (parent.equals("/") ? "" : parent) + "/" + props.path("PathPart").asText();
  }

  // --- intrinsic functions -------------------------------------------------------------------

  static Optional<String> refTarget(JsonNode node) {
    return node.isObject() && node.size() == 1 && node.has("Ref")
        ? Optional.of(node.get("Ref").asText())
        : Optional.empty();
  }

  static boolean isRef(JsonNode node, String logicalId) {
    return refTarget(node).filter(logicalId::equals).isPresent();
  }

  static boolean isGetAtt(JsonNode node, String logicalId, String attribute) {
    if (!node.isObject() || node.size() != 1 || !node.has("Fn::GetAtt")) {
      return false;
    }
    JsonNode args = node.get("Fn::GetAtt");
    return args.isArray()
        && args.size() == 2
        && logicalId.equals(args.get(0).asText())
        && attribute.equals(args.get(1).asText());
  }

  /** Whether an Fn::GetAtt of that resource and attribute appears anywhere under a node. */
  static boolean containsGetAtt(JsonNode node, String logicalId, String attribute) {
    boolean[] found = {false};
    walk(node, n -> found[0] |= isGetAtt(n, logicalId, attribute));
    return found[0];
  }

  /** Every string literal anywhere under a node (keys excluded), e.g. the parts of an Fn::Join. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    walk(
        node,
        n -> {
          if (n.isTextual()) {
            out.add(n.asText());
          }
        });
    return out;
  }

  /** Every node of the tree, depth first, the root included. */
  static void walk(JsonNode node, Consumer<JsonNode> visitor) {
    visitor.accept(node);
    node.elements().forEachRemaining(child -> walk(child, visitor));
  }

  /** A scalar or a list of scalars, as CloudFormation allows for Action, Resource and the like. */
  static List<JsonNode> asList(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.elements().forEachRemaining(out::add);
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.add(node);
    }
    return out;
  }
}
