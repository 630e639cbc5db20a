package org.crhsweep.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How points train and execute: the {@code training} section ({@link TrainingSpec}) and the {@code execution}
 * section (a sweep's modes and axes, one point's {@link Execution}), to JSON and back. Part of the mapping
 * {@link SpecJson} describes.
 */
final class TrainingJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final List<String> TRAINING_KEYS =
      List.of("steps", "probe_every", "momentum", "loss", "decay_biases", "dtype", "optimizer", "adam_beta1",
          "adam_beta2", "adam_eps", "pack", "checkpoint");
  static final List<String> EXECUTION_KEYS = List.of("mode", "workers", "averaging_frequency", "batch_size_per_worker");

  private TrainingJson() {}

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
}
