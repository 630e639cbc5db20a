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
 * The one mapping between spec records and their JSON/YAML sections. Keys are the YAML keys, so a
 * section written here reads back through the parser's readers; canonical text has sorted keys and
 * no whitespace, which makes it (and the ids hashed from it) independent of field order.
 */
final class SpecJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
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
  static final List<String> DATASET_KEYS =
      List.of(
          "kind", "input_dim", "output_dim", "train_size", "noise", "teacher_width",
          "separation", "seed", "normalize", "dir", "context", "p", "train_fraction", "vocab", "order",
          "branching", "path", "features", "label", "image");
  private static final List<String> MODULAR_KEYS = List.of("context", "p", "train_fraction");
  private static final List<String> MARKOV_KEYS = List.of("context", "vocab", "order", "branching");
  /** Keys that apply to each dataset kind (besides kind, train_size and seed). */
  private static final List<String> SYNTHETIC_KEYS = List.of("input_dim", "output_dim", "noise");
  private static final List<String> IMAGE_KEYS = List.of("normalize", "dir");
  private static final List<String> PARQUET_KEYS = List.of("path", "features", "label", "image");
  static final List<String> TRAINING_KEYS =
      List.of("steps", "probe_every", "momentum", "loss", "decay_biases", "dtype", "optimizer", "adam_beta1",
          "adam_beta2", "adam_eps", "pack", "checkpoint");
  static final List<String> PROBE_KEYS =
      List.of("samples", "stats", "null_rotations", "eigen_cutoff", "conv_observations");
  static final List<String> PHASE_KEYS =
      List.of("threshold", "margin", "exponent_tolerance", "min_r2", "final_fraction", "reciprocal_tolerance");

  private SpecJson() {}

  static ObjectNode write(ArchConfig arch) {
    if (arch instanceof MlpConfig mlp) {
      return write(mlp);
    }
    if (arch instanceof ResNetConfig resnet) {
      return write(resnet);
    }
    if (arch instanceof TransformerConfig transformer) {
      return write(transformer);
    }
    return write((CnnConfig) arch);
  }

  /**
   * The expanded configuration (a preset's name is not kept: equal networks share ids); {@code
   * batch_norm} only when true, so ids from before the key existed do not change.
   */
  static ObjectNode write(ResNetConfig arch) {
    ObjectNode node = NODES.objectNode().put("type", arch.type()).put("stem", arch.stem());
    node.set("widths", array(arch.widths()));
    node.set("blocks", array(arch.blocks()));
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
    node.set("channels", array(arch.channels()));
    node.put("kernel", arch.kernel())
        .put("stride", arch.stride())
        .put("padding", arch.padding().label())
        .put("pooling", arch.pooling().label())
        .put("pool_size", arch.poolSize())
        .put("activation", arch.activation().label());
    node.set("dense", array(arch.dense()));
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

  /** Only the fields that apply to the kind, mirroring what the parser accepts. */
  static ObjectNode write(DatasetSpec dataset) {
    if (dataset.kind() == DatasetKind.PARQUET) {
      return dataset.parquet().write(NODES.objectNode().put("kind", dataset.kind().label())
          .put("train_size", dataset.trainSize()).put("seed", dataset.seed()));
    }
    if (dataset.kind().tokens()) {
      TokenSpec t = dataset.tokens();
      ObjectNode node = NODES.objectNode()
          .put("kind", dataset.kind().label())
          .put("train_size", dataset.trainSize())
          .put("seed", dataset.seed())
          .put("context", t.context());
      if (dataset.kind() == DatasetKind.MODULAR_ADDITION) {
        return node.put("p", t.modulus()).put("train_fraction", t.trainFraction());
      }
      return node.put("vocab", t.vocab()).put("order", t.order()).put("branching", t.branching());
    }
    if (dataset.kind() == DatasetKind.FASHION_MNIST) {
      return NODES.objectNode()
          .put("kind", dataset.kind().label())
          .put("train_size", dataset.trainSize())
          .put("seed", dataset.seed())
          .put("normalize", dataset.normalize().label())
          .put("dir", dataset.dir());
    }
    ObjectNode node =
        NODES.objectNode()
            .put("kind", dataset.kind().label())
            .put("input_dim", dataset.inputDim())
            .put("output_dim", dataset.outputDim())
            .put("train_size", dataset.trainSize())
            .put("noise", dataset.noise())
            .put("seed", dataset.seed());
    if (dataset.kind() == DatasetKind.TEACHER_STUDENT) {
      node.put("teacher_width", dataset.teacherWidth());
    } else {
      node.put("separation", dataset.separation());
    }
    return node;
  }

  /**
   * The optimizer keys only under adamw, so SGD points keep the ids they had before adamw existed; never
   * {@code pack}: how points execute is not part of what they are (ids, spec hash).
   */
  static ObjectNode write(TrainingSpec training) {
    ObjectNode node = NODES.objectNode()
        .put("steps", training.steps())
        .put("probe_every", training.probeEvery())
        .put("momentum", training.momentum())
        .put("loss", training.loss().label())
        .put("decay_biases", training.decayBiases())
        .put("dtype", training.dtype().label());
    if (training.optimizer() == OptimizerKind.ADAMW) {
      node.put("optimizer", training.optimizer().label())
          .put("adam_beta1", training.adamBeta1())
          .put("adam_beta2", training.adamBeta2())
          .put("adam_eps", training.adamEps());
    }
    return node;
  }

  /** {@code conv_observations} only when some architecture has conv or token sites (it changes nothing else). */
  static ObjectNode write(ProbeSpec probe, boolean convSites) {
    ObjectNode node = NODES.objectNode().put("samples", probe.samples());
    node.set("stats", array(probe.stats()));
    node.put("null_rotations", probe.nullRotations()).put("eigen_cutoff", probe.eigenCutoff());
    if (convSites) {
      node.put("conv_observations", probe.convObservations());
    }
    return node;
  }

  static ObjectNode write(PhaseSpec phase) {
    ObjectNode node = NODES.objectNode()
        .put("threshold", phase.threshold())
        .put("margin", phase.margin())
        .put("exponent_tolerance", phase.exponentTolerance())
        .put("min_r2", phase.minR2())
        .put("final_fraction", phase.finalFraction());
    // Only when set: the canonical JSON (and hash) of every spec written before the key existed stays the same.
    if (phase.reciprocalTolerance() != PhaseSpec.DEFAULT_RECIPROCAL_TOLERANCE) {
      node.put("reciprocal_tolerance", phase.reciprocalTolerance());
    }
    return node;
  }

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

  static DatasetSpec readDataset(NodeReader reader) {
    reader.map(DATASET_KEYS);
    DatasetKind kind = reader.required("kind").asChoice(DatasetKind.values());
    List<String> notHere = new ArrayList<>(List.of("context", "p", "train_fraction", "vocab", "order",
        "branching"));
    if (kind.tokens()) {
      notHere.removeAll(kind == DatasetKind.MODULAR_ADDITION ? MODULAR_KEYS : MARKOV_KEYS);
      notHere.addAll(SYNTHETIC_KEYS);
      notHere.addAll(List.of("teacher_width", "separation"));
      notHere.addAll(IMAGE_KEYS);
    } else if (kind == DatasetKind.FASHION_MNIST) {
      notHere.addAll(SYNTHETIC_KEYS);
      notHere.addAll(List.of("teacher_width", "separation"));
    } else {
      notHere.add(kind == DatasetKind.TEACHER_STUDENT ? "separation" : "teacher_width");
      notHere.addAll(IMAGE_KEYS);
    }
    if (kind == DatasetKind.PARQUET) {
      notHere.addAll(SYNTHETIC_KEYS);
      notHere.add("separation");
    } else {
      notHere.addAll(PARQUET_KEYS);
    }
    for (String key : notHere) {
      if (reader.has(key)) {
        throw reader.get(key).error("does not apply to kind " + kind.label() + " (remove it)");
      }
    }
    if (kind.tokens()) {
      TokenSpec tokens = new TokenSpec(
          kind,
          reader.intOr("context", TokenSpec.DEFAULT_CONTEXT),
          reader.intOr("p", TokenSpec.DEFAULT_MODULUS),
          reader.doubleOr("train_fraction", TokenSpec.DEFAULT_TRAIN_FRACTION),
          reader.intOr("vocab", TokenSpec.DEFAULT_VOCAB),
          reader.intOr("order", TokenSpec.DEFAULT_ORDER),
          reader.intOr("branching", TokenSpec.DEFAULT_BRANCHING));
      return DatasetSpec.tokens(
          tokens, reader.intOr("train_size", DatasetSpec.DEFAULT_TRAIN_SIZE), reader.longOr("seed", 0));
    }
    if (kind == DatasetKind.PARQUET) {
      return DatasetSpec.parquet(ParquetSpec.read(reader), reader.intOr("train_size", 0), reader.longOr("seed", 0));
    }
    if (kind == DatasetKind.FASHION_MNIST) {
      return DatasetSpec.fashionMnist(
          reader.intOr("train_size", DatasetSpec.DEFAULT_TRAIN_SIZE),
          reader.longOr("seed", 0),
          reader.choiceOr("normalize", Normalization.values(), Normalization.STANDARDIZE),
          reader.stringOr("dir", DatasetSpec.DEFAULT_FASHION_MNIST_DIR));
    }
    return new DatasetSpec(
        kind,
        reader.intOr("input_dim", DatasetSpec.DEFAULT_INPUT_DIM),
        reader.intOr("output_dim", DatasetSpec.DEFAULT_OUTPUT_DIM),
        reader.intOr("train_size", DatasetSpec.DEFAULT_TRAIN_SIZE),
        reader.doubleOr("noise", DatasetSpec.defaultNoise(kind)),
        reader.intOr("teacher_width", DatasetSpec.DEFAULT_TEACHER_WIDTH),
        reader.doubleOr("separation", DatasetSpec.DEFAULT_SEPARATION),
        reader.longOr("seed", 0));
  }

  /** An absent section means all defaults; the default loss depends on the dataset. */
  static TrainingSpec readTraining(NodeReader reader, DatasetSpec dataset) {
    return readTraining(reader, dataset.defaultLoss());
  }

  /** As above with the loss an absent {@code loss} key means (for Parquet data: what its labels call for). */
  static TrainingSpec readTraining(NodeReader reader, Loss defaultLoss) {
    TrainingSpec defaults = TrainingSpec.defaults(defaultLoss);
    if (reader.isAbsent()) {
      return defaults;
    }
    reader.map(TRAINING_KEYS);
    OptimizerKind optimizer = reader.choiceOr("optimizer", OptimizerKind.values(), OptimizerKind.SGD);
    if (optimizer == OptimizerKind.SGD) {
      for (String key : List.of("adam_beta1", "adam_beta2", "adam_eps")) {
        if (reader.has(key)) {
          throw reader.get(key).error("applies to optimizer adamw only (remove it or set optimizer: adamw)");
        }
      }
    }
    return new TrainingSpec(
        reader.intOr("steps", defaults.steps()),
        reader.intOr("probe_every", defaults.probeEvery()),
        reader.doubleOr("momentum", defaults.momentum()),
        reader.choiceOr("loss", Loss.values(), defaults.loss()),
        reader.booleanOr("decay_biases", defaults.decayBiases()),
        reader.choiceOr("dtype", DType.values(), defaults.dtype()),
        optimizer,
        reader.doubleOr("adam_beta1", TrainingSpec.DEFAULT_BETA1),
        reader.doubleOr("adam_beta2", TrainingSpec.DEFAULT_BETA2),
        reader.doubleOr("adam_eps", TrainingSpec.DEFAULT_EPS),
        reader.intOr("pack", defaults.pack()),
        reader.choiceOr("checkpoint", Checkpoint.values(), defaults.checkpoint()));
  }

  static final List<String> EXECUTION_KEYS = List.of("mode", "workers", "averaging_frequency", "batch_size_per_worker");

  /**
   * The {@code execution} section of a sweep, expanded: {@code mode} is one mode or a list of them, and
   * {@code workers} and {@code averaging_frequency} are grid axes (a number, a list or a range) of the
   * data-parallel points. Absent: every point runs as a task.
   */
  static List<Execution> readExecutions(NodeReader reader) {
    if (reader.isAbsent()) {
      return List.of(Execution.TASK);
    }
    reader.map(EXECUTION_KEYS);
    List<ExecutionMode> modes = new ArrayList<>();
    NodeReader mode = reader.required("mode");
    if (mode.node().isArray()) {
      for (NodeReader m : mode.list("modes (task, data_parallel)")) {
        modes.add(m.asChoice(ExecutionMode.values()));
      }
    } else {
      modes.add(mode.asChoice(ExecutionMode.values()));
    }
    Check.distinctList("execution.mode", modes.stream().map(ExecutionMode::label).toList());
    boolean parallel = modes.contains(ExecutionMode.DATA_PARALLEL);
    if (!parallel) {
      for (String key : List.of("workers", "averaging_frequency", "batch_size_per_worker")) {
        if (reader.has(key)) {
          throw reader.get(key).error("applies to mode data_parallel only (remove it or set execution.mode: "
              + "data_parallel)");
        }
      }
    } else if (!reader.has("workers")) {
      throw reader.get("workers").error("is required by mode data_parallel: how many Spark tasks train one "
          + "point together, e.g. workers: 2");
    }
    List<Integer> workers = parallel ? Check.distinctList("execution.workers", Axis.ints(reader.get("workers")))
        : List.of(1);
    List<Integer> frequencies = parallel && reader.has("averaging_frequency")
        ? Check.distinctList("execution.averaging_frequency", Axis.ints(reader.get("averaging_frequency")))
        : List.of(1);
    int perWorker = reader.has("batch_size_per_worker") ? reader.get("batch_size_per_worker").asInt() : 0;
    List<Execution> executions = new ArrayList<>();
    for (ExecutionMode m : modes) {
      if (m == ExecutionMode.TASK) {
        executions.add(Execution.TASK);
        continue;
      }
      for (int w : workers) {
        for (int f : frequencies) {
          executions.add(new Execution(m, w, f, perWorker));
        }
      }
    }
    return executions;
  }

  /** One point's execution as stored with the point (absent: task). */
  static Execution readExecution(NodeReader reader) {
    if (reader.isAbsent()) {
      return Execution.TASK;
    }
    reader.map(EXECUTION_KEYS);
    ExecutionMode mode = reader.required("mode").asChoice(ExecutionMode.values());
    if (mode == ExecutionMode.TASK) {
      return Execution.TASK;
    }
    return new Execution(mode, reader.required("workers").asInt(), reader.required("averaging_frequency").asInt(),
        0);
  }

  static ObjectNode write(Execution execution) {
    ObjectNode node = NODES.objectNode().put("mode", execution.mode().label());
    if (execution.dataParallel()) {
      node.put("workers", execution.workers()).put("averaging_frequency", execution.averagingFrequency());
    }
    return node;
  }

  static ProbeSpec readProbe(NodeReader reader) {
    ProbeSpec defaults = ProbeSpec.defaults();
    if (reader.isAbsent()) {
      return defaults;
    }
    reader.map(PROBE_KEYS);
    List<String> stats = defaults.stats();
    if (reader.has("stats")) {
      stats = new ArrayList<>();
      for (NodeReader stat : reader.get("stats").list("stat names (raw, normalized)")) {
        stats.add(stat.asString());
      }
    }
    return new ProbeSpec(
        reader.intOr("samples", defaults.samples()),
        stats,
        reader.intOr("null_rotations", defaults.nullRotations()),
        reader.doubleOr("eigen_cutoff", defaults.eigenCutoff()),
        reader.intOr("conv_observations", defaults.convObservations()));
  }

  static PhaseSpec readPhase(NodeReader reader) {
    PhaseSpec defaults = PhaseSpec.defaults();
    if (reader.isAbsent()) {
      return defaults;
    }
    reader.map(PHASE_KEYS);
    return new PhaseSpec(
        reader.doubleOr("threshold", defaults.threshold()),
        reader.doubleOr("margin", defaults.margin()),
        reader.doubleOr("exponent_tolerance", defaults.exponentTolerance()),
        reader.doubleOr("min_r2", defaults.minR2()),
        reader.doubleOr("final_fraction", defaults.finalFraction()),
        reader.doubleOr("reciprocal_tolerance", defaults.reciprocalTolerance()));
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
