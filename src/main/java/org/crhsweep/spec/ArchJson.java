package org.crhsweep.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code arch} entries of a spec (mlp, cnn, resnet, transformer): each {@link ArchConfig} to its JSON section
 * and back, with the keys every type accepts. Part of the mapping {@link SpecJson} describes.
 */
final class ArchJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final List<String> ARCH_TYPES = List.of("mlp", "cnn", "resnet", "transformer");
  static final List<String> TRANSFORMER_KEYS = List.of("type", "layers", "d_model", "heads", "mlp_ratio", "bias");
  static final List<String> MLP_KEYS = List.of("type", "depth", "width", "activation", "bias");
  static final List<String> CNN_KEYS =
      List.of(
          "type", "channels", "kernel", "stride", "padding", "pooling", "pool_size", "activation",
          "dense", "bias");
  static final List<String> RESNET_KEYS =
      List.of("type", "preset", "stem", "widths", "blocks", "activation", "bias", "batch_norm");

  private ArchJson() {}

  static ObjectNode write(ArchConfig arch) {
    return arch.match(ArchJson::write, ArchJson::write, ArchJson::write, ArchJson::write);
  }

  /**
   * The expanded configuration (a preset's name is not kept: equal networks share ids); {@code
   * batch_norm} only when true, so ids from before the key existed do not change.
   */
  static ObjectNode write(ResNetConfig arch) {
    ObjectNode node = NODES.objectNode().put("type", arch.type()).put("stem", arch.stem());
    node.set("widths", SpecJson.array(arch.widths()));
    node.set("blocks", SpecJson.array(arch.blocks()));
    node.put("activation", arch.activation().label()).put("bias", arch.bias());
    return arch.batchNorm() ? node.put("batch_norm", true) : node;
  }

  static ObjectNode write(TransformerConfig arch) {
    return NODES.objectNode()
        .put("type", arch.type())
        .put("layers", arch.layers())
        .put("d_model", arch.dModel())
        .put("heads", arch.heads())
        .put("mlp_ratio", arch.mlpRatio())
        .put("bias", arch.bias());
  }

  static ObjectNode write(CnnConfig arch) {
    ObjectNode node = NODES.objectNode().put("type", arch.type());
    node.set("channels", SpecJson.array(arch.channels()));
    node.put("kernel", arch.kernel())
        .put("stride", arch.stride())
        .put("padding", arch.padding().label())
        .put("pooling", arch.pooling().label())
        .put("pool_size", arch.poolSize())
        .put("activation", arch.activation().label());
    node.set("dense", SpecJson.array(arch.dense()));
    return node.put("bias", arch.bias());
  }

  static ObjectNode write(MlpConfig arch) {
    return NODES.objectNode()
        .put("type", arch.type())
        .put("depth", arch.depth())
        .put("width", arch.width())
        .put("activation", arch.activation().label())
        .put("bias", arch.bias());
  }

  /** An architecture entry, by its {@code type} (mlp when absent). */
  static ArchConfig readArch(NodeReader reader) {
    if (!reader.node().isObject()) {
      reader.map(MLP_KEYS);
    }
    String type = reader.has("type") ? reader.get("type").asString() : "mlp";
    if (!ARCH_TYPES.contains(type)) {
      throw reader
          .get("type")
          .error("must be one of " + String.join(", ", ARCH_TYPES) + ", got " + Check.quote(type));
    }
    try {
      return switch (type) {
        case "cnn" -> readCnn(reader.map(CNN_KEYS));
        case "resnet" -> readResNet(reader.map(RESNET_KEYS));
        case "transformer" -> readTransformer(reader.map(TRANSFORMER_KEYS));
        default -> readMlp(reader.map(MLP_KEYS));
      };
    } catch (SpecException e) {
      boolean located = e.field().isEmpty() || e.field().startsWith(reader.path() + ".");
      throw located ? e : e.under(reader.path());
    }
  }

  private static MlpConfig readMlp(NodeReader reader) {
    int depth = reader.required("depth").asInt();
    int width = reader.required("width").asInt();
    Activation activation = reader.required("activation").asChoice(Activation.values());
    boolean bias = reader.booleanOr("bias", true);
    return new MlpConfig(depth, width, activation, bias);
  }

  private static TransformerConfig readTransformer(NodeReader reader) {
    return new TransformerConfig(
        reader.required("layers").asInt(),
        reader.required("d_model").asInt(),
        reader.required("heads").asInt(),
        reader.intOr("mlp_ratio", 4),
        reader.booleanOr("bias", true));
  }

  private static CnnConfig readCnn(NodeReader reader) {
    List<Integer> channels = ints(reader.required("channels"), "channel counts");
    int kernel = reader.intOr("kernel", 3);
    int stride = reader.intOr("stride", 1);
    Padding padding = reader.choiceOr("padding", Padding.values(), Padding.SAME);
    Pooling pooling = reader.choiceOr("pooling", Pooling.values(), Pooling.MAX);
    // pool_size 0 is how a point's JSON (what executors read) stores "no pooling"
    if (pooling == Pooling.NONE && reader.has("pool_size") && reader.get("pool_size").node().asInt(-1) != 0) {
      throw reader.get("pool_size").error("does not apply to pooling none (remove it)");
    }
    int poolSize = reader.intOr("pool_size", CnnConfig.DEFAULT_POOL_SIZE);
    Activation activation = reader.required("activation").asChoice(Activation.values());
    List<Integer> dense = new ArrayList<>();
    NodeReader denseNode = reader.get("dense");
    if (!denseNode.isAbsent() && !(denseNode.node().isArray() && denseNode.node().isEmpty())) {
      dense = ints(denseNode, "layer widths (or [] for none)");
    }
    boolean bias = reader.booleanOr("bias", true);
    return new CnnConfig(channels, kernel, stride, padding, pooling, poolSize, activation, dense, bias);
  }

  private static ResNetConfig readResNet(NodeReader reader) {
    Activation activation = reader.choiceOr("activation", Activation.values(), Activation.RELU);
    boolean bias = reader.booleanOr("bias", true);
    boolean batchNorm = reader.booleanOr("batch_norm", false);
    if (reader.has("preset")) {
      String name = reader.get("preset").asString();
      ResNetConfig preset = ResNetConfig.preset(name);
      if (preset == null) {
        throw reader.get("preset").error("must be resnet18, got " + Check.quote(name));
      }
      for (String key : List.of("stem", "widths", "blocks")) {
        if (reader.has(key)) {
          throw reader.get(key).error("does not apply with a preset (remove it or the preset)");
        }
      }
      return new ResNetConfig(preset.stem(), preset.widths(), preset.blocks(), activation, bias, batchNorm);
    }
    return new ResNetConfig(
        reader.required("stem").asInt(),
        ints(reader.required("widths"), "stage widths"),
        ints(reader.required("blocks"), "blocks per stage"),
        activation,
        bias,
        batchNorm);
  }

  private static List<Integer> ints(NodeReader list, String what) {
    List<Integer> values = new ArrayList<>();
    for (NodeReader element : list.list(what)) {
      values.add(element.asInt());
    }
    return values;
  }
}
