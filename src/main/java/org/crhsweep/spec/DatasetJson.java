package org.crhsweep.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dataset} section: a {@link DatasetSpec} to JSON with only the keys that apply to its kind, and
 * back with the keys of other kinds rejected. Part of the mapping {@link SpecJson} describes.
 */
final class DatasetJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

  private DatasetJson() {}

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
}
