package org.crhsweep.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated sweep: the grid axes, expanded to explicit values, and the sections every point
 * shares, with all defaults filled in. {@link #points()} is the Cartesian product of the axes.
 */
public record SweepSpec(
    String name,
    List<ArchConfig> architectures,
    List<Double> learningRates,
    List<Integer> batchSizes,
    List<Double> weightDecays,
    List<Long> seeds,
    DatasetSpec dataset,
    TrainingSpec training,
    ProbeSpec probe,
    PhaseSpec phase,
    List<Execution> executions)
    implements Serializable {
  /** More points than this is almost certainly a typo in an axis, not a plan. */
  public static final long MAX_POINTS = 1_000_000;

  public SweepSpec {
    Check.safeName("name", name);
    Check.notNull("dataset", dataset);
    Check.notNull("training", training);
    Check.lossFits(training.loss(), dataset);
    Check.notNull("probe", probe);
    Check.probeFits(probe, dataset);
    Check.notNull("phase", phase);
    architectures = Check.distinctList("grid.architecture", architectures);
    for (int i = 0; i < architectures.size(); i++) {
      Check.archFits("grid.architecture[" + i + "]", architectures.get(i), dataset);
    }
    batchSizes = Check.distinctList("grid.batch_size", batchSizes);
    for (int i = 0; i < batchSizes.size(); i++) {
      Check.batchSize("grid.batch_size[" + i + "]", batchSizes.get(i), dataset);
    }
    learningRates = Check.distinctList("grid.learning_rate", learningRates);
    for (int i = 0; i < learningRates.size(); i++) {
      Check.positive("grid.learning_rate[" + i + "]", learningRates.get(i));
    }
    weightDecays = Check.distinctList("grid.weight_decay", weightDecays);
    for (int i = 0; i < weightDecays.size(); i++) {
      Check.nonNegative("grid.weight_decay[" + i + "]", weightDecays.get(i));
    }
    seeds = Check.distinctList("grid.seed", seeds);
    for (int i = 0; i < seeds.size(); i++) {
      Check.atLeast("grid.seed[" + i + "]", seeds.get(i), 0);
    }
    executions = Check.distinctList("execution", executions);
    for (Execution execution : executions) {
      for (int i = 0; i < architectures.size(); i++) {
        try {
          Check.executionFits("execution.mode", execution, architectures.get(i), training);
        } catch (SpecException e) {
          throw SpecException.field("execution.mode", e.problem() + " (grid.architecture[" + i + "])");
        }
      }
      for (int i = 0; i < batchSizes.size(); i++) {
        execution.checkBatch("grid.batch_size[" + i + "]", batchSizes.get(i));
      }
    }
    long count =
        (long) architectures.size() * batchSizes.size() * learningRates.size()
            * weightDecays.size() * seeds.size() * executions.size();
    if (count > MAX_POINTS) {
      throw SpecException.field(
          "grid", "must expand to at most " + MAX_POINTS + " points, got " + count);
    }
  }

  /** Every point runs as a Spark task. */
  public SweepSpec(String name, List<ArchConfig> architectures, List<Double> learningRates, List<Integer> batchSizes,
      List<Double> weightDecays, List<Long> seeds, DatasetSpec dataset, TrainingSpec training, ProbeSpec probe,
      PhaseSpec phase) {
    this(name, architectures, learningRates, batchSizes, weightDecays, seeds, dataset, training, probe, phase,
        List.of(Execution.TASK));
  }

  /**
   * Cartesian product in the order architecture, batch_size, learning_rate, weight_decay, seed, execution
   * (execution fastest, so a task-mode point and its data-parallel variants sit side by side).
   */
  public List<Point> points() {
    List<Point> points = new ArrayList<>();
    for (ArchConfig arch : architectures) {
      for (int batchSize : batchSizes) {
        for (double learningRate : learningRates) {
          for (double weightDecay : weightDecays) {
            for (long seed : seeds) {
              for (Execution execution : executions) {
                points.add(new Point(name, arch, dataset, learningRate, batchSize, weightDecay, seed, training,
                    probe, execution));
              }
            }
          }
        }
      }
    }
    return List.copyOf(points);
  }

  /** Canonical JSON of the whole expanded spec (defaults filled in). */
  public String canonicalJson() {
    ObjectNode grid = SpecJson.MAPPER.createObjectNode();
    ArrayNode archs = grid.putArray("architecture");
    architectures.forEach(arch -> archs.add(ArchJson.write(arch)));
    grid.set("learning_rate", SpecJson.array(learningRates));
    grid.set("batch_size", SpecJson.array(batchSizes));
    grid.set("weight_decay", SpecJson.array(weightDecays));
    grid.set("seed", SpecJson.array(seeds));
    ObjectNode root = SpecJson.MAPPER.createObjectNode().put("name", name);
    root.set("dataset", DatasetJson.write(dataset));
    root.set("grid", grid);
    root.set("training", TrainingJson.write(training));
    root.set("probe", ProbeJson.write(probe, architectures.stream().anyMatch(a -> a.needsImages() || a.needsTokens())));
    root.set("phase", ProbeJson.write(phase));
    if (!executions.equals(List.of(Execution.TASK))) {
      // Left out when every point is a task, so the hash of a spec without execution is what it was.
      ArrayNode modes = root.putArray("execution");
      executions.forEach(e -> modes.add(TrainingJson.write(e)));
    }
    return SpecJson.canonical(root);
  }

  /** sha256(canonicalJson()) hex, first 16 chars. */
  public String hash() {
    return SpecJson.sha16(canonicalJson());
  }
}
