package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.crhsweep.analysis.Analyses.DepthProfile;
import org.crhsweep.analysis.Analyses.ReplicateCell;
import org.crhsweep.analysis.Analyses.ReplicateRow;
import org.crhsweep.analysis.Analyses.StatCrossing;
import org.crhsweep.analysis.Analyses.StatDisagreement;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;

/**
 * Computes a sweep's analyses from its phases rows and final measurements (plain Java, no Spark):
 * depth profiles, the weight-decay scaling test, exponents by phase, replicate agreement, raw against
 * normalized, and the paper's claims. {@code nc1} is null when the training table has no such column.
 */
public final class SweepAnalyses {

  /** What the analyses read; {@code nc1} maps point id to its final NC1, or is null when not recorded. */
  public record Inputs(List<LayerPhase> phases, List<WeightDecayScaling.FinalMoment> moments,
      List<ExponentDistribution.FinalExponent> exponents, Map<String, Double> nc1, double minR2) {}

  private SweepAnalyses() {}

  public static Analyses compute(Inputs in) {
    List<LayerPhase> live = in.phases().stream().filter(p -> !"diverged".equals(p.phase())).toList();
    List<ReplicateCell> cells = replicateCells(live);
    return new Analyses(depth(live), WeightDecayScaling.run(in.moments()),
        ExponentDistribution.run(live, in.exponents(), in.minR2()), replicateRows(cells), cells,
        crossings(live), disagreements(live), PaperClaims.check(in.phases(), in.exponents(), in.nc1(), in.minR2()));
  }

  /** Mean of a layer's alignments over the relations, ignoring missing ones; NaN when all are missing. */
  static double meanAlignment(LayerPhase p) {
    return p.alignment().meanOfPresent();
  }

  static List<DepthProfile> depth(List<LayerPhase> phases) {
    // One profile per arch and execution (task first): data-parallel points never average with task-mode ones.
    Map<List<String>, List<LayerPhase>> groups = phases.stream()
        .sorted(Comparator.comparing(LayerPhase::arch).thenComparing(LayerPhase::execution, Executions.ORDER)
            .thenComparing(p -> WeightDecayScaling.statOrder(p.stat())))
        .collect(Collectors.groupingBy(p -> List.of(p.panel(), p.stat()), LinkedHashMap::new, Collectors.toList()));
    List<DepthProfile> out = new ArrayList<>();
    groups.forEach((key, rows) -> {
      Map<Integer, List<LayerPhase>> byLayer =
          rows.stream().collect(Collectors.groupingBy(LayerPhase::layer, TreeMap::new, Collectors.toList()));
      List<Integer> layers = List.copyOf(byLayer.keySet());
      List<String> names = layers.stream().map(l -> byLayer.get(l).get(0).layerName()).toList();
      Map<Relation, double[]> alignment = new EnumMap<>(Relation.class);
      for (Relation r : Relation.values()) {
        alignment.put(r, new double[layers.size()]);
      }
      double[] chance = new double[layers.size()];
      for (int j = 0; j < layers.size(); j++) {
        List<LayerPhase> at = byLayer.get(layers.get(j));
        double chanceSum = 0;
        int chanceN = 0;
        for (Relation r : Relation.values()) {
          alignment.get(r)[j] = at.stream().mapToDouble(p -> p.alignment(r)).filter(v -> !Double.isNaN(v))
              .average().orElse(Double.NaN);
          for (LayerPhase p : at) {
            double v = p.nullAlignment().get(r);
            if (!Double.isNaN(v)) {
              chanceSum += v;
              chanceN++;
            }
          }
        }
        chance[j] = chanceN == 0 ? Double.NaN : chanceSum / chanceN;
      }
      long points = rows.stream().map(LayerPhase::pointId).distinct().count();
      out.add(new DepthProfile(key.get(0), key.get(1), layers, names, alignment, chance, (int) points));
    });
    return out;
  }

  /** Cells (arch and execution, batch, lr, wd, layer, stat) holding two or more seeds. */
  static List<ReplicateCell> replicateCells(List<LayerPhase> phases) {
    Map<List<Object>, List<LayerPhase>> cells = phases.stream().collect(Collectors.groupingBy(
        p -> List.of(p.panel(), p.batchSize(), p.learningRate(), p.weightDecay(), WeightDecayScaling.statOrder(p.stat()),
            p.layer()), () -> new TreeMap<>(WeightDecayScaling::compareKeys), Collectors.toList()));
    List<ReplicateCell> out = new ArrayList<>();
    for (List<LayerPhase> seeds : cells.values()) {
      long distinct = seeds.stream().mapToLong(LayerPhase::seed).distinct().count();
      if (distinct < 2) {
        continue;
      }
      Map<Relation, double[]> values = new EnumMap<>(Relation.class);
      for (Relation r : Relation.values()) {
        values.put(r, seeds.stream().mapToDouble(p -> p.alignment(r)).filter(x -> !Double.isNaN(x)).toArray());
      }
      RelationValues mean = RelationValues.of(r -> Stats.mean(values.get(r)));
      RelationValues sd = RelationValues.of(r -> Stats.sd(values.get(r)));
      Map<String, Long> counts = seeds.stream()
          .collect(Collectors.groupingBy(LayerPhase::phase, TreeMap::new, Collectors.counting()));
      String phaseCounts = counts.entrySet().stream().map(e -> e.getKey() + " \u00d7" + e.getValue())
          .collect(Collectors.joining(", "));
      long significant = seeds.stream().map(p -> String.valueOf(p.phaseSignificant())).distinct().count();
      LayerPhase first = seeds.get(0);
      out.add(new ReplicateCell(first.panel(), first.batchSize(), first.learningRate(), first.weightDecay(),
          first.layer(), first.layerName(), first.stat(), seeds.size(), mean, sd, phaseCounts, counts.size() == 1,
          significant == 1));
    }
    return out;
  }

  /** Per stat and layer: cells with several seeds, how many agree on the phase (each reading), mean spread. */
  static List<ReplicateRow> replicateRows(List<ReplicateCell> cells) {
    Map<List<Object>, List<ReplicateCell>> byLayer = cells.stream().collect(Collectors.groupingBy(
        c -> List.of(WeightDecayScaling.statOrder(c.stat()), c.layer()), () -> new TreeMap<>(WeightDecayScaling::compareKeys),
        Collectors.toList()));
    List<ReplicateRow> out = new ArrayList<>();
    byLayer.forEach((key, cs) -> {
      RelationValues meanSd = RelationValues.of(r -> cs.stream().mapToDouble(c -> c.sd().get(r))
          .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
      int agree = (int) cs.stream().filter(ReplicateCell::agree).count();
      int agreeSignificant = (int) cs.stream().filter(ReplicateCell::agreeSignificant).count();
      ReplicateCell first = cs.get(0);
      out.add(new ReplicateRow(first.stat(), first.layer(), first.layerName(), cs.size(),
          cs.stream().mapToInt(ReplicateCell::seeds).max().orElse(0), agree, agreeSignificant, meanSd));
    });
    return out;
  }

  /** Raw phase x normalized phase counts over (point, layer) pairs measured under both, per reading. */
  static List<StatCrossing> crossings(List<LayerPhase> phases) {
    Map<List<String>, Integer> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.toString()));
    for (LayerPhase[] pair : pairs(phases)) {
      counts.merge(List.of("plain", pair[0].phase(), pair[1].phase()), 1, Integer::sum);
      counts.merge(List.of("significant", String.valueOf(pair[0].phaseSignificant()),
          String.valueOf(pair[1].phaseSignificant())), 1, Integer::sum);
    }
    List<StatCrossing> out = new ArrayList<>();
    counts.forEach((k, n) -> out.add(new StatCrossing(k.get(0), k.get(1), k.get(2), n)));
    return out;
  }

  /** (point, layer) pairs whose phase differs between the statistics under either reading. */
  static List<StatDisagreement> disagreements(List<LayerPhase> phases) {
    List<StatDisagreement> out = new ArrayList<>();
    for (LayerPhase[] pair : pairs(phases)) {
      LayerPhase raw = pair[0];
      LayerPhase norm = pair[1];
      boolean plain = !raw.phase().equals(norm.phase());
      boolean significant = !String.valueOf(raw.phaseSignificant()).equals(String.valueOf(norm.phaseSignificant()));
      if (plain || significant) {
        out.add(new StatDisagreement(raw.pointId(), raw.panel(), raw.batchSize(), raw.learningRate(),
            raw.weightDecay(), raw.seed(), raw.layer(), raw.layerName(), raw.phase(), norm.phase(),
            raw.phaseSignificant(), norm.phaseSignificant(), meanAlignment(raw), meanAlignment(norm)));
      }
    }
    return out;
  }

  /** Each (point, layer) measured under both stats, as {raw, normalized}, in arch, batch, lr, wd, layer order. */
  static List<LayerPhase[]> pairs(List<LayerPhase> phases) {
    Map<String, LayerPhase[]> byKey = new LinkedHashMap<>();
    phases.stream()
        .sorted(Comparator.comparing(LayerPhase::arch).thenComparingInt(LayerPhase::batchSize)
            .thenComparingDouble(LayerPhase::learningRate).thenComparingDouble(LayerPhase::weightDecay)
            .thenComparingLong(LayerPhase::seed).thenComparingInt(LayerPhase::layer))
        .forEach(p -> byKey.computeIfAbsent(p.pointId() + "|" + p.layer(), k -> new LayerPhase[2])
            [WeightDecayScaling.statOrder(p.stat())] = p);
    return byKey.values().stream().filter(a -> a[0] != null && a[1] != null).toList();
  }
}
