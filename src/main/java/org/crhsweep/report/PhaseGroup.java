package org.crhsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crhsweep.analysis.Executions;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.probe.Relation;

/**
 * The phases rows of one (arch and execution, batch size, stat): one figure of phase diagrams and one of final
 * alignments. Its lr and wd axes are those of the whole (arch, batch size), so the raw and the
 * normalized figures line up.
 */
record PhaseGroup(
    String arch, int batchSize, String stat, Map<Integer, String> layers, Set<Double> lrs, Set<Double> wds,
    List<LayerPhase> rows, String xLabel) {

  /** The x axis of noise-scale groups. */
  static final String NOISE_SCALE = "noise scale lr / batch size";

  /** {@code layers} maps layer number to name; kept in layer order; a null x label is the learning rate. */
  PhaseGroup {
    layers = new TreeMap<>(layers);
    xLabel = xLabel == null ? "learning rate" : xLabel;
  }

  PhaseGroup(String arch, int batchSize, String stat, Map<Integer, String> layers, Set<Double> lrs, Set<Double> wds,
      List<LayerPhase> rows) {
    this(arch, batchSize, stat, layers, lrs, wds, rows, null);
  }

  /** Whether the x axis is the noise scale lr / batch size (all batch sizes pooled, {@code batchSize} 0). */
  boolean noiseScale() {
    return NOISE_SCALE.equals(xLabel);
  }

  /**
   * Groups on the theory's axes: per arch and stat, x = lr / batch size (every batch size pooled),
   * y = weight decay. Points with equal noise scale share a cell, like seeds do.
   */
  static List<PhaseGroup> ofNoiseScale(List<LayerPhase> phases) {
    List<LayerPhase> scaled = phases.stream()
        .map(p -> new LayerPhase(p.pointId(), p.arch(), 0, p.learningRate() / p.batchSize(), p.weightDecay(),
            p.seed(), p.layer(), p.layerName(), p.stat(), p.phase(), p.signature(), p.phaseSignificant(),
            p.signatureSignificant(), p.alignment(), p.nullAlignment(), p.execution()))
        .toList();
    return of(scaled).stream()
        .map(g -> new PhaseGroup(g.arch(), 0, g.stat(), g.layers(), g.lrs(), g.wds(), g.rows(), NOISE_SCALE))
        .toList();
  }

  /**
   * Splits the phases table into groups ordered by arch, execution (task first), batch size, then stat
   * (raw first). Points of different executions never share a group: a data-parallel group's arch is
   * its {@link LayerPhase#panel()}, e.g. {@code mlp · data_parallel w2 f8}.
   */
  static List<PhaseGroup> of(List<LayerPhase> phases) {
    Map<List<Object>, List<LayerPhase>> byArchBatch =
        phases.stream()
            .sorted(Comparator.comparing(LayerPhase::arch)
                .thenComparing(LayerPhase::execution, Executions.ORDER).thenComparingInt(LayerPhase::batchSize))
            .collect(Collectors.groupingBy(p -> List.of(p.panel(), p.batchSize()), LinkedHashMap::new,
                Collectors.toList()));
    List<PhaseGroup> groups = new ArrayList<>();
    for (List<LayerPhase> archBatch : byArchBatch.values()) {
      Set<Double> lrs = archBatch.stream().map(LayerPhase::learningRate).collect(Collectors.toCollection(TreeSet::new));
      Set<Double> wds = archBatch.stream().map(LayerPhase::weightDecay).collect(Collectors.toCollection(TreeSet::new));
      Map<String, List<LayerPhase>> byStat =
          archBatch.stream().collect(Collectors.groupingBy(LayerPhase::stat, TreeMap::new, Collectors.toList()));
      // "raw" sorts after "normalized"; show the raw statistic (the theory's) first.
      for (String stat : List.of("raw", "normalized")) {
        List<LayerPhase> rows = byStat.get(stat);
        if (rows == null) {
          continue;
        }
        Map<Integer, String> layers = new TreeMap<>();
        rows.forEach(r -> layers.putIfAbsent(r.layer(), r.layerName()));
        LayerPhase first = rows.get(0);
        groups.add(new PhaseGroup(first.panel(), first.batchSize(), stat, layers, lrs, wds, rows));
      }
    }
    return groups;
  }

  /** The phase diagram of one layer under the plain or the significant reading. */
  LrWdGrid<PhaseCell> phaseGrid(int layer, boolean significant) {
    return grid(layer, seeds -> PhaseCell.merge(seeds, significant));
  }

  /** The final alignment of one layer and relation, mean over seeds. */
  LrWdGrid<Double> alignmentGrid(int layer, Relation relation) {
    return grid(layer, seeds -> {
      double mean = PhaseCell.meanAlignment(seeds, relation);
      return Double.isNaN(mean) ? null : mean;
    });
  }

  /** The chance level (null_alignment) of one layer and relation, mean over seeds. */
  LrWdGrid<Double> chanceGrid(int layer, Relation relation) {
    return grid(layer, seeds -> {
      double mean = seeds.stream().mapToDouble(s -> s.nullAlignment().get(relation)).filter(v -> !Double.isNaN(v))
          .average().orElse(Double.NaN);
      return Double.isNaN(mean) ? null : mean;
    });
  }

  /** The largest number of seeds sharing one cell. */
  int maxSeeds() {
    return rows.stream()
        .collect(Collectors.groupingBy(r -> List.of(r.layer(), r.learningRate(), r.weightDecay()), Collectors.counting()))
        .values().stream().mapToInt(Long::intValue).max().orElse(0);
  }

  private <T> LrWdGrid<T> grid(int layer, Function<List<LayerPhase>, T> merge) {
    Map<List<Double>, List<LayerPhase>> cells =
        rows.stream()
            .filter(r -> r.layer() == layer)
            .collect(Collectors.groupingBy(r -> List.of(r.learningRate(), r.weightDecay())));
    return LrWdGrid.of(lrs, wds, (lr, wd) -> {
      List<LayerPhase> seeds = cells.get(List.of(lr, wd));
      return seeds == null ? null : merge.apply(seeds);
    }).withXLabel(xLabel);
  }
}
