package io.cognitogate.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions our template composes values from (Ref, Fn::Join, Fn::Split,
 * Fn::Select), with the values CloudFormation would supply at deploy time given by the test, so a
 * test can check the string a deployed stack would see rather than the shape of the expression.
 */
final class Intrinsics {

  private final Map<String, String> refs;

  /**
   * @param refs what each Ref stands for: logical ids and pseudo parameters such as AWS::StackId
   */
  Intrinsics(Map<String, String> refs) {
    this.refs = refs;
  }

  String string(JsonNode node) {
    Object value = evaluate(node);
    if (!(value instanceof String s)) {
      throw new AssertionError("expected a string, got the list " + value + " from " + node);
    }
    return s;
  }

  /** A list property: a literal array or an Fn::Split. */
  List<String> list(JsonNode node) {
    Object value = evaluate(node);
    if (!(value instanceof List<?> items)) {
      throw new AssertionError("expected a list, got the string '" + value + "' from " + node);
    }
    List<String> out = new ArrayList<>();
    items.forEach(
        item -> {
          if (!(item instanceof String s)) {
            throw new AssertionError("expected a list of strings, got " + items + " from " + node);
          }
          out.add(s);
        });
    return out;
  }

  private Object evaluate(JsonNode node) {
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.elements().forEachRemaining(e -> out.add(evaluate(e)));
      return out;
    }
    if (node.isObject() && node.size() == 1) {
      String function = node.fieldNames().next();
      JsonNode args = node.get(function);
      switch (function) {
        case "Ref":
          {
            String value = refs.get(args.asText());
            if (value == null) {
              throw new AssertionError("the test gives no value for Ref " + args.asText());
            }
            return value;
          }
        case "Fn::Join":
          return String.join(string(args.get(0)), list(args.get(1)));
        case "Fn::Split":
          // -1 keeps trailing empty strings, as CloudFormation does
          return new ArrayList<Object>(
              List.of(string(args.get(1)).split(Pattern.quote(string(args.get(0))), -1)));
        case "Fn::Select":
          {
            List<String> items = list(args.get(1));
            int index = Integer.parseInt(string(args.get(0)));
            if (index >= items.size()) {
              throw new AssertionError("Fn::Select index " + index + " out of " + items);
            }
            return items.get(index);
          }
        default:
          break;
      }
    }
    throw new AssertionError("cannot evaluate " + node);
  }
}
