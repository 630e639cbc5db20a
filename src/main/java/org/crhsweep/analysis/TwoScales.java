package org.crhsweep.analysis;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * One comparison of a claim (layers, or steps up the weight-decay grid) read on two scales at once:
 * the final alignment α and α − null_alignment. Keeps, per compared level, the mean of each and of
 * the chance level, and a slope of each on the level pooled within groups ({@link GroupedSlope}).
 */
final class TwoScales {

  private final GroupedSlope alpha = new GroupedSlope();
  private final GroupedSlope above = new GroupedSlope();
  /** Per level: sum and count of α, of α − null, of null. */
  private final Map<Integer, double[]> byLevel = new TreeMap<>();

  /** Adds one layer's final values at {@code level} (the x of the slope) within {@code group}. */
  void add(Object group, int level, LayerPhase p) {
    double a = p.meanAlignment();
    double d = p.meanAboveChance();
    double c = p.meanChance();
    alpha.add(group, level, a);
    above.add(group, level, d);
    double[] acc = byLevel.computeIfAbsent(level, l -> new double[6]);
    accumulate(acc, 0, a);
    accumulate(acc, 2, d);
    accumulate(acc, 4, c);
  }

  GroupedSlope.Fit alphaFit() {
    return alpha.fit();
  }

  GroupedSlope.Fit aboveFit() {
    return above.fit();
  }

  /** The mean α by level ({@code "L1 0.73, L2 0.85"}), a dash where a level has none. */
  String alphaProfile(IntFunction<String> label) {
    return profile(label, 0);
  }

  /** The mean α − null by level, signed ({@code "L1 +0.30, L2 +0.42"}). */
  String aboveProfile(IntFunction<String> label) {
    return profile(label, 2);
  }

  /** The mean chance level by level. */
  String chanceProfile(IntFunction<String> label) {
    return profile(label, 4);
  }

  /** How far the mean chance level differs between levels (max − min); NaN without two levels that have one. */
  double chanceSpread() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (double[] acc : byLevel.values()) {
      if (acc[5] > 0) {
        double m = acc[4] / acc[5];
        lo = Math.min(lo, m);
        hi = Math.max(hi, m);
        n++;
      }
    }
    return n < 2 ? Double.NaN : hi - lo;
  }

  private String profile(IntFunction<String> label, int at) {
    StringBuilder sb = new StringBuilder();
    byLevel.forEach((level, acc) -> sb.append(sb.length() == 0 ? "" : ", ").append(label.apply(level))
        .append(acc[at + 1] == 0 ? "-" : at == 2 ? PaperClaims.signed2(acc[at] / acc[at + 1])
            : PaperClaims.f2(acc[at] / acc[at + 1])));
    return sb.toString();
  }

  private static void accumulate(double[] acc, int at, double v) {
    if (!Double.isNaN(v)) {
      acc[at] += v;
      acc[at + 1]++;
    }
  }
}
