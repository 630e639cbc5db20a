package org.crhsweep.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;

/**
 * One training run of a sweep. Its {@link #id()} hashes everything that determines the result and
 * nothing else (not the sweep name), so equal configurations share an id across sweeps and JVMs.
 */
public record Point(
    String sweep,
    ArchConfig arch,
    DatasetSpec dataset,
    double learningRate,
    int batchSize,
    double weightDecay,
    long seed,
    TrainingSpec training,
    ProbeSpec probe,
    Execution execution)
    implements Serializable {
  private static final List<String> KEYS =
      List.of(
          "sweep", "arch", "dataset", "learning_rate", "batch_size", "weight_decay", "seed",
          "training", "probe", "execution");

  public Point {
    Check.safeName("sweep", sweep);
    Check.notNull("arch", arch);
    Check.notNull("dataset", dataset);
    Check.notNull("training", training);
    Check.notNull("probe", probe);
    Check.positive("learning_rate", learningRate);
    Check.batchSize("batch_size", batchSize, dataset);
    Check.nonNegative("weight_decay", weightDecay);
    Check.atLeast("seed", seed, 0);
    Check.lossFits(training.loss(), dataset);
    Check.archFits("arch", arch, dataset);
    Check.probeFits(probe, dataset);
    Check.notNull("execution", execution);
    execution.checkBatch("batch_size", batchSize);
    Check.executionFits("execution.mode", execution, arch, training);
  }

  /** A point that runs as one Spark task (the default execution). */
  public Point(String sweep, ArchConfig arch, DatasetSpec dataset, double learningRate, int batchSize,
      double weightDecay, long seed, TrainingSpec training, ProbeSpec probe) {
    this(sweep, arch, dataset, learningRate, batchSize, weightDecay, seed, training, probe, Execution.TASK);
  }

  /** sha256 of canonicalJson() as hex, first 16 chars. Stable across runs and JVMs. */
  public String id() {
    return SpecJson.sha16(canonicalJson());
  }

  /**
   * Canonical JSON of everything that determines the result (all fields EXCEPT sweep): sorted keys,
   * no whitespace.
   */
  public String canonicalJson() {
    ObjectNode node = tree();
    node.remove("sweep");
    // Where the data files live is not what they are: a moved dataset keeps its points.
    ((ObjectNode) node.get("dataset")).remove("dir");
    // What a point stores is not what it computes.
    ((ObjectNode) node.get("training")).remove("checkpoint");
    return SpecJson.canonical(node);
  }

  /** JSON of the whole point including sweep; fromJson(toJson()) equals this. */
  public String toJson() {
    return SpecJson.canonical(tree());
  }

  /** Reads {@link #toJson()} back; a missing or malformed field is a {@link SpecException}. */
  public static Point fromJson(String json) {
    JsonNode tree;
    try {
      tree = SpecJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw SpecException.field("point", "must be valid JSON: " + e.getOriginalMessage());
    }
    NodeReader reader = new NodeReader(tree, "").map(KEYS);
    DatasetSpec dataset = DatasetJson.readDataset(reader.required("dataset"));
    return new Point(
        reader.required("sweep").asString(),
        ArchJson.readArch(reader.required("arch")),
        dataset,
        reader.required("learning_rate").asDouble(),
        reader.required("batch_size").asInt(),
        reader.required("weight_decay").asDouble(),
        reader.required("seed").asLong(),
        TrainingJson.readTraining(reader.required("training"), dataset),
        ProbeJson.readProbe(reader.required("probe")),
        TrainingJson.readExecution(reader.get("execution")));
  }

  /** One line for `crh validate`, e.g. "3f2a... mlp-d4-w32-tanh lr=0.01 bs=16 wd=0.001 seed=0". */
  public String describe() {
    return id()
        + " " + arch.label()
        + " lr=" + Check.num(learningRate)
        + " bs=" + batchSize
        + " wd=" + Check.num(weightDecay)
        + " seed=" + seed
        + (execution.dataParallel() ? " " + execution.label() : "");
  }

  private ObjectNode tree() {
    ObjectNode node = SpecJson.MAPPER.createObjectNode().put("sweep", sweep);
    node.set("arch", ArchJson.write(arch));
    node.set("dataset", DatasetJson.write(dataset));
    node.put("learning_rate", learningRate)
        .put("batch_size", batchSize)
        .put("weight_decay", weightDecay)
        .put("seed", seed);
    ObjectNode trainingNode = TrainingJson.write(training);
    if (training.checkpoint() != Checkpoint.NONE) {
      // Only with the point (an executor must know it), never in the sweep's canonical spec.
      trainingNode.put("checkpoint", training.checkpoint().label());
    }
    node.set("training", trainingNode);
    node.set("probe", ProbeJson.write(probe, arch.needsImages() || arch.needsTokens()));
    if (execution.dataParallel()) {
      // Task mode stays out of the JSON, so every task-mode id is what it was before execution modes.
      node.set("execution", TrainingJson.write(execution));
    }
    return node;
  }
}
