package org.crhsweep.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The one mapping between spec records and their JSON/YAML sections, one class per section
 * ({@link ArchJson}, {@link DatasetJson}, {@link TrainingJson}, {@link ProbeJson}); this class holds what they
 * share. Keys are the YAML keys, so a section written there reads back through the parser's readers;
 * canonical text has sorted keys and no whitespace, which makes it (and the ids hashed from it) independent
 * of field order.
 */
final class SpecJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SpecJson() {}

  static ArrayNode array(Collection<?> values) {
    ArrayNode array = NODES.arrayNode();
    for (Object value : values) {
      if (value instanceof JsonNode node) {
        array.add(node);
      } else {
        array.add(MAPPER.valueToTree(value));
      }
    }
    return array;
  }

  /** Compact JSON with the keys of every object sorted, at every depth. */
  static String canonical(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      keys.sort(null);
      ObjectNode copy = NODES.objectNode();
      for (String key : keys) {
        copy.set(key, sorted(node.get(key)));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The first 16 hex digits of the SHA-256 of {@code text} in UTF-8. */
  static String sha16(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
