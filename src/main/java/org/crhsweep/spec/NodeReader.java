package org.crhsweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A position in a parsed YAML or JSON tree that knows its path, such as {@code
 * grid.architecture[0].depth}, so every type error and unknown key is reported against the field
 * the user wrote. A missing key and an explicit {@code null} both count as absent.
 */
final class NodeReader {
  private final JsonNode node;
  private final String path;

  NodeReader(JsonNode node, String path) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
  }

  String path() {
    return path;
  }

  JsonNode node() {
    return node;
  }

  boolean isAbsent() {
    return node.isMissingNode() || node.isNull();
  }

  boolean has(String key) {
    return !get(key).isAbsent();
  }

  NodeReader get(String key) {
    return new NodeReader(node.get(key), path.isEmpty() ? key : path + "." + key);
  }

  SpecException error(String problem) {
    return SpecException.field(path, problem);
  }

  /** This node as a map whose keys are all in {@code allowed}; the first other key is an error. */
  NodeReader map(List<String> allowed) {
    if (!node.isObject()) {
      throw error("must be a map with keys " + String.join(", ", allowed) + ", got " + show(node));
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!allowed.contains(key)) {
        throw get(key).error("unknown key (allowed: " + String.join(", ", allowed) + ")");
      }
    }
    return this;
  }

  /** The child {@code key}, which must be present. */
  NodeReader required(String key) {
    NodeReader child = get(key);
    if (child.isAbsent()) {
      throw child.error("is required");
    }
    return child;
  }

  /** The elements of this list, each knowing its index; {@code what} names the element type. */
  List<NodeReader> list(String what) {
    if (!node.isArray()) {
      throw error("must be a non-empty list of " + what + ", got " + show(node));
    }
    if (node.isEmpty()) {
      throw error("must be a non-empty list of " + what + ", got []");
    }
    List<NodeReader> elements = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      elements.add(new NodeReader(node.get(i), path + "[" + i + "]"));
    }
    return elements;
  }

  String asString() {
    if (!node.isTextual()) {
      String hint = node.isNumber() || node.isBoolean() ? " (quote it)" : "";
      throw error("must be a string" + hint + ", got " + show(node));
    }
    return node.textValue();
  }

  long asLong() {
    if (!node.isIntegralNumber()) {
      throw error("must be an integer, got " + show(node));
    }
    if (!node.canConvertToLong()) {
      throw error("must be an integer within 64 bits, got " + show(node));
    }
    return node.longValue();
  }

  int asInt() {
    long value = asLong();
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error(
          "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
              + ", got " + value);
    }
    return (int) value;
  }

  double asDouble() {
    if (!node.isNumber()) {
      throw error("must be a number, got " + show(node));
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      // YAML's .nan, .inf and -.inf are numbers, but no field of a spec takes one.
      throw error("must be a finite number, got " + yaml(value));
    }
    // + 0.0 turns -0.0 into 0.0, so that the two spellings of zero are one value.
    return value + 0.0;
  }

  /** A non-finite double as YAML spells it: .nan, .inf, -.inf. */
  private static String yaml(double value) {
    return Double.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  }

  boolean asBoolean() {
    if (!node.isBoolean()) {
      throw error("must be a boolean (true or false), got " + show(node));
    }
    return node.booleanValue();
  }

  <E extends Enum<E> & Labeled> E asChoice(E[] values) {
    if (node.isTextual()) {
      for (E value : values) {
        if (value.label().equals(node.textValue())) {
          return value;
        }
      }
    }
    throw error("must be one of " + Check.labels(values) + ", got " + show(node));
  }

  String stringOr(String key, String fallback) {
    return has(key) ? get(key).asString() : fallback;
  }

  int intOr(String key, int fallback) {
    return has(key) ? get(key).asInt() : fallback;
  }

  long longOr(String key, long fallback) {
    return has(key) ? get(key).asLong() : fallback;
  }

  double doubleOr(String key, double fallback) {
    return has(key) ? get(key).asDouble() : fallback;
  }

  boolean booleanOr(String key, boolean fallback) {
    return has(key) ? get(key).asBoolean() : fallback;
  }

  <E extends Enum<E> & Labeled> E choiceOr(String key, E[] values, E fallback) {
    return has(key) ? get(key).asChoice(values) : fallback;
  }

  /** A value as the user wrote it, on one line: {@code 'abc'}, {@code 2.5}, {@code [1,2]}. */
  static String show(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return Check.quote(node.textValue());
    }
    if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      return yaml(node.doubleValue());
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    String json = node.toString();
    return json.length() > 80 ? json.substring(0, 77) + "..." : json;
  }
}
