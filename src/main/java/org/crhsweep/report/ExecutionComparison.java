package org.crhsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.crhsweep.analysis.Executions;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.PointSummary;

/**
 * One configuration (arch, batch size, lr, weight decay, seed; a sweep has one dataset) that the sweep
 * trained in task mode and in one or more data-parallel executions: its phases rows (final alignments,
 * the mean over the phases' final fraction of measurements) and its points, by execution. Executions are
 * in {@link Executions#ORDER}, task first.
 */
record ExecutionComparison(String arch, int batchSize, double learningRate, double weightDecay, long seed,
    List<String> executions, List<LayerPhase> rows, List<PointSummary> points) {

  ExecutionComparison {
    Objects.requireNonNull(arch, "arch");
    executions = List.copyOf(executions);
    rows = List.copyOf(rows);
    points = List.copyOf(points);
    if (executions.size() < 2 || !Executions.TASK.equals(executions.get(0))) {
      throw new IllegalArgumentException("Invalid execution comparison of " + arch + ": executions " + executions
          + " (need task first and at least one data-parallel execution)");
    }
  }

  /** Whether any point of the sweep trained data-parallel. */
  static boolean anyDataParallel(List<PointSummary> points, List<LayerPhase> phases) {
    return points.stream().anyMatch(p -> !Executions.TASK.equals(p.execution()))
        || phases.stream().anyMatch(p -> !Executions.TASK.equals(p.execution()));
  }

  /** The configurations with phases rows in task mode and in at least one other execution, in arch, batch, lr, wd, seed order. */
  static List<ExecutionComparison> of(List<LayerPhase> phases, List<PointSummary> points) {
    Map<String, PointSummary> byId = new LinkedHashMap<>();
    points.forEach(p -> byId.put(p.pointId(), p));
    Map<List<Object>, List<LayerPhase>> configs = phases.stream()
        .sorted(Comparator.comparing(LayerPhase::arch).thenComparingInt(LayerPhase::batchSize)
            .thenComparingDouble(LayerPhase::learningRate).thenComparingDouble(LayerPhase::weightDecay)
            .thenComparingLong(LayerPhase::seed))
        .collect(Collectors.groupingBy(p -> List.of(p.arch(), p.batchSize(), p.learningRate(), p.weightDecay(),
            p.seed()), LinkedHashMap::new, Collectors.toList()));
    List<ExecutionComparison> out = new ArrayList<>();
    for (List<LayerPhase> rows : configs.values()) {
      TreeSet<String> executions = rows.stream().map(LayerPhase::execution)
          .collect(Collectors.toCollection(() -> new TreeSet<>(Executions.ORDER)));
      if (executions.size() < 2 || !executions.contains(Executions.TASK)) {
        continue;
      }
      List<PointSummary> ps = rows.stream().map(LayerPhase::pointId).distinct().map(byId::get)
          .filter(Objects::nonNull).sorted(Comparator.comparing(PointSummary::execution, Executions.ORDER)).toList();
      LayerPhase first = rows.get(0);
      out.add(new ExecutionComparison(first.arch(), first.batchSize(), first.learningRate(), first.weightDecay(),
          first.seed(), List.copyOf(executions), rows, ps));
    }
    return out;
  }

  /** Layer number to name, in layer order. */
  Map<Integer, String> layers() {
    Map<Integer, String> layers = new TreeMap<>();
    rows.forEach(r -> layers.putIfAbsent(r.layer(), r.layerName()));
    return layers;
  }

  /** The statistics measured, raw (the theory's) first. */
  List<String> stats() {
    return List.of("raw", "normalized").stream().filter(s -> rows.stream().anyMatch(r -> s.equals(r.stat()))).toList();
  }

  /** The phases row of one execution, stat and layer, or null. */
  LayerPhase row(String execution, String stat, int layer) {
    return rows.stream().filter(r -> r.execution().equals(execution) && r.stat().equals(stat) && r.layer() == layer)
        .findFirst().orElse(null);
  }

  /** The point of one execution, or null when the points table has none. */
  PointSummary point(String execution) {
    return points.stream().filter(p -> p.execution().equals(execution)).findFirst().orElse(null);
  }

  /** The configuration in words, e.g. {@code mlp lr=0.1 wd=0.01 bs=32 seed=0}. */
  String name() {
    return arch + " lr=" + Html.number(learningRate) + " wd=" + Html.number(weightDecay) + " bs=" + batchSize
        + " seed=" + seed;
  }
}
