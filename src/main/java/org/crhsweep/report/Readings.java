package org.crhsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.crhsweep.analysis.Curve;
import org.crhsweep.probe.Relation;

/**
 * Plain-words readings of the report's figures, generated from the numbers each figure shows (so a
 * reader who cannot see the picture still gets its message). Every string from the data is escaped;
 * the result is HTML.
 */
final class Readings {

  private Readings() {}

  /**
   * Per layer: how many cells are CRH under each reading, the significant one (above chance) first,
   * and from which weight decay on; the lead names the layer most often in CRH above chance.
   */
  static String phaseGroup(PhaseGroup g) {
    List<String> parts = new ArrayList<>();
    String best = null;
    int bestCount = 0;
    String bestPlain = null;
    int bestPlainCount = 0;
    for (Map.Entry<Integer, String> layer : g.layers().entrySet()) {
      LrWdGrid<PhaseCell> plain = g.phaseGrid(layer.getKey(), false);
      LrWdGrid<PhaseCell> significant = g.phaseGrid(layer.getKey(), true);
      int cells = 0;
      int crh = 0;
      int crhSig = 0;
      int pah = 0;
      double alignment = 0;
      int measured = 0;
      double lowestWd = Double.NaN;
      for (int j = 0; j < plain.wds().size(); j++) {
        for (int i = 0; i < plain.lrs().size(); i++) {
          PhaseCell c = plain.at(i, j);
          PhaseCell s = significant.at(i, j);
          if (c == null) {
            continue;
          }
          cells++;
          if (!Double.isNaN(c.meanAlignment())) {
            alignment += c.meanAlignment();
            measured++;
          }
          crh += "CRH".equals(c.phase()) ? 1 : 0;
          pah += "PAH".equals(c.phase()) ? 1 : 0;
          if (s != null && "CRH".equals(s.phase())) {
            crhSig++;
            lowestWd = Double.isNaN(lowestWd) ? plain.wds().get(j) : lowestWd;
          }
        }
      }
      String name = Html.escape(layer.getValue());
      String mean = " (mean alignment " + Html.fixed(measured == 0 ? Double.NaN : alignment / measured, 2) + ")";
      String pahNote = pah > 0 ? "; PAH in " + pah + " by the plain reading" : "";
      if (crh == 0 && crhSig == 0) {
        parts.add(name + mean + " in none" + pahNote);
      } else {
        parts.add(name + mean + " in " + crhSig + " of " + cells + " cells above chance"
            + (crhSig > 0 ? " (from weight decay " + Html.number(lowestWd) + " up)" : "") + " and " + crh
            + " by the plain reading" + pahNote);
      }
      if (crhSig > bestCount) {
        bestCount = crhSig;
        best = name;
      }
      if (crh > bestPlainCount) {
        bestPlainCount = crh;
        bestPlain = name;
      }
    }
    String lead;
    if (bestCount > 0) {
      lead = "Above chance (the significant reading), the layer most often in CRH is " + best + " (" + bestCount
          + " cells)" + (bestPlain.equals(best) ? "" : "; by the plain reading it is " + bestPlain + " ("
              + bestPlainCount + "), which does not hold above chance as often") + ". Cells in CRH, per layer: ";
    } else if (bestPlainCount > 0) {
      lead = "No layer is in CRH above chance in any cell; by the plain reading (\u03b1 \u2265 threshold only) "
          + bestPlain + " is, in " + bestPlainCount + " cells, which its chance level explains. Cells in CRH, per layer: ";
    } else {
      lead = "No layer reaches CRH in any cell: ";
    }
    return lead + String.join("; ", parts) + ".";
  }

  /**
   * The relation-layer pair furthest above its chance level, the most and least aligned ones, and the
   * mean alignment at the smallest and largest weight decay.
   */
  static String alignmentGroup(PhaseGroup g) {
    double bestValue = Double.NEGATIVE_INFINITY;
    double worstValue = Double.POSITIVE_INFINITY;
    double bestChance = Double.NaN;
    double aboveValue = Double.NEGATIVE_INFINITY;
    double aboveChance = Double.NaN;
    String bestName = "";
    String worstName = "";
    String aboveName = null;
    Map<Double, double[]> byWd = new TreeMap<>();
    for (Map.Entry<Integer, String> layer : g.layers().entrySet()) {
      for (Relation r : Relation.values()) {
        LrWdGrid<Double> grid = g.alignmentGrid(layer.getKey(), r);
        double sum = 0;
        int n = 0;
        for (int j = 0; j < grid.wds().size(); j++) {
          for (int i = 0; i < grid.lrs().size(); i++) {
            Double v = grid.at(i, j);
            if (v != null) {
              sum += v;
              n++;
              double[] acc = byWd.computeIfAbsent(grid.wds().get(j), w -> new double[2]);
              acc[0] += v;
              acc[1]++;
            }
          }
        }
        if (n == 0) {
          continue;
        }
        double mean = sum / n;
        double chance = LrWdGrid.mean(g.chanceGrid(layer.getKey(), r));
        String name = r.label() + " in " + Html.escape(layer.getValue());
        if (mean > bestValue) {
          bestValue = mean;
          bestName = name;
          bestChance = chance;
        }
        if (!Double.isNaN(chance) && mean - chance > aboveValue) {
          aboveValue = mean - chance;
          aboveName = name;
          aboveChance = chance;
        }
        if (mean < worstValue) {
          worstValue = mean;
          worstName = name;
        }
      }
    }
    if (byWd.isEmpty()) {
      return "No final alignments to read.";
    }
    StringBuilder sb = new StringBuilder();
    if (aboveName != null) {
      sb.append("Over the grid, the relation furthest above its chance level is ").append(aboveName).append(" (mean ")
          .append(Html.fixed(aboveValue + aboveChance, 2)).append(", chance ").append(Html.fixed(aboveChance, 2))
          .append(aboveName.equals(bestName) ? "), also the most aligned; the least is " : "). The most aligned is "
              + bestName + " (" + Html.fixed(bestValue, 2) + (Double.isNaN(bestChance) ? "" : ", chance "
              + Html.fixed(bestChance, 2)) + ") and the least ")
          .append(worstName).append(" (").append(Html.fixed(worstValue, 2)).append("). ");
    } else {
      sb.append("Over the grid, the most aligned relation is ").append(bestName).append(" (mean ")
          .append(Html.fixed(bestValue, 2)).append(") and the least ").append(worstName).append(" (")
          .append(Html.fixed(worstValue, 2)).append("); no chance level was recorded. ");
    }
    List<Double> wds = List.copyOf(byWd.keySet());
    double[] lo = byWd.get(wds.get(0));
    double[] hi = byWd.get(wds.get(wds.size() - 1));
    if (wds.size() > 1) {
      double a = lo[0] / lo[1];
      double b = hi[0] / hi[1];
      sb.append("Averaged over layers, relations and learning rates, alignment ")
          .append(b > a + 0.02 ? "rises" : b < a - 0.02 ? "falls" : "stays about level")
          .append(" from ").append(Html.fixed(a, 2)).append(" at weight decay ").append(Html.number(wds.get(0)))
          .append(" to ").append(Html.fixed(b, 2)).append(" at ").append(Html.number(wds.get(wds.size() - 1)))
          .append(".");
    } else {
      sb.append("One weight decay only, so the figure cannot show its effect.");
    }
    return sb.toString();
  }

  /** Per layer: the mean of the six alignments at the first and the last measurement, with the chance level there. */
  static String curves(List<Curve> curves) {
    Map<Integer, List<Curve>> byLayer =
        curves.stream().collect(Collectors.groupingBy(Curve::layer, TreeMap::new, Collectors.toList()));
    List<String> parts = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (List<Curve> layer : byLayer.values()) {
      double start = 0;
      double end = 0;
      double chance = 0;
      int chanceN = 0;
      int n = 0;
      for (Curve c : layer) {
        if (c.size() == 0 || Double.isNaN(c.alignment(0)) || Double.isNaN(c.alignment(c.size() - 1))) {
          continue;
        }
        start += c.alignment(0);
        end += c.alignment(c.size() - 1);
        if (!Double.isNaN(c.nullAlignment(c.size() - 1))) {
          chance += c.nullAlignment(c.size() - 1);
          chanceN++;
        }
        first = Math.min(first, c.step(0));
        last = Math.max(last, c.step(c.size() - 1));
        n++;
      }
      if (n > 0) {
        parts.add(Html.escape(layer.get(0).layerName()) + " " + Html.fixed(start / n, 2) + " \u2192 "
            + Html.fixed(end / n, 2) + (chanceN == 0 ? "" : " (chance " + Html.fixed(chance / chanceN, 2) + ")"));
      }
    }
    if (parts.isEmpty()) {
      return "No complete curve to read.";
    }
    return String.format(Locale.ROOT, "Mean of the six alignments from step %d to step %d: %s.", first, last,
        String.join(", ", parts));
  }
}
