package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.crhsweep.analysis.Analyses.Claim;

/**
 * The paper's testable predictions (docs/science.md, "What the theory predicts") checked against a sweep's final
 * values, one verdict per claim and stat with the numbers behind it. Verdicts: {@code yes} / {@code no}
 * when a 95% interval settles it, {@code unclear} when it does not, {@code partly} for a claim that
 * holds in degree only, {@code not tested} when the sweep cannot tell (the evidence says why).
 * Alignment claims use the mean of a layer's six final alignments; the phase claim uses the
 * significant reading (above chance), the stricter one.
 */
public final class PaperClaims {

  public static final String YES = "yes";
  public static final String NO = "no";
  public static final String UNCLEAR = "unclear";
  public static final String PARTLY = "partly";
  public static final String NOT_TESTED = "not tested";

  /** The share of good fits inside [1/3, 3] above which the exponent claim holds. */
  static final double INSIDE_SHARE = 0.9;

  private PaperClaims() {}

  public static List<Claim> check(List<LayerPhase> phases, List<ExponentDistribution.FinalExponent> exponents,
      Map<String, Double> nc1, double minR2) {
    List<Claim> out = new ArrayList<>();
    List<LayerPhase> live = phases.stream().filter(p -> !"diverged".equals(p.phase())).toList();
    for (String stat : List.of("raw", "normalized")) {
      List<LayerPhase> rows = live.stream().filter(p -> stat.equals(p.stat())).toList();
      if (rows.isEmpty()) {
        continue;
      }
      out.add(laterLayers(stat, rows));
      out.add(weightDecayRaises(stat, rows));
      out.add(weightDecayZeroBreaks(stat, rows));
      out.add(exponentsInside(stat, exponents, minR2));
      out.add(neuralCollapse(stat, rows, nc1));
    }
    return out;
  }

  static Claim laterLayers(String stat, List<LayerPhase> rows) {
    GroupedSlope slope = new GroupedSlope();
    Map<Integer, double[]> byLayer = new TreeMap<>();
    for (LayerPhase p : rows) {
      double m = SweepAnalyses.meanAlignment(p);
      slope.add(p.pointId(), p.layer(), m);
      if (!Double.isNaN(m)) {
        double[] acc = byLayer.computeIfAbsent(p.layer(), l -> new double[2]);
        acc[0] += m;
        acc[1]++;
      }
    }
    GroupedSlope.Fit f = slope.fit();
    StringBuilder profile = new StringBuilder();
    byLayer.forEach((l, acc) -> profile.append(profile.length() == 0 ? "" : ", ").append("L").append(l).append(" ")
        .append(f2(acc[0] / acc[1])));
    String claim = "Later layers align more (" + stat + ")";
    if (f.groups() == 0) {
      return new Claim(claim, NOT_TESTED, "fewer than two layers with alignments in any point");
    }
    return new Claim(claim, verdict(f.interval(), 0), String.format(Locale.ROOT,
        "mean of the six final alignments by layer: %s; change per layer within a point %s (95%% %s..%s, %d points)",
        profile, f3(f.slope()), f3(f.lo()), f3(f.hi()), f.groups()));
  }

  static Claim weightDecayRaises(String stat, List<LayerPhase> rows) {
    List<Double> wds = List.copyOf(new TreeSet<>(rows.stream().map(LayerPhase::weightDecay).toList()));
    String claim = "Alignment rises with weight decay (" + stat + ")";
    if (wds.size() < 2) {
      return new Claim(claim, NOT_TESTED, "one weight decay only (" + wds + ")");
    }
    GroupedSlope slope = new GroupedSlope();
    double[][] acc = new double[wds.size()][2];
    for (LayerPhase p : rows) {
      int rank = wds.indexOf(p.weightDecay());
      double m = SweepAnalyses.meanAlignment(p);
      slope.add(List.of(p.arch(), p.execution(), p.batchSize(), p.learningRate(), p.seed(), p.layer()), rank, m);
      if (!Double.isNaN(m)) {
        acc[rank][0] += m;
        acc[rank][1]++;
      }
    }
    GroupedSlope.Fit f = slope.fit();
    if (f.groups() == 0) {
      return new Claim(claim, NOT_TESTED, "no layer measured at two weight decays with all else equal");
    }
    StringBuilder profile = new StringBuilder();
    for (int i = 0; i < wds.size(); i++) {
      profile.append(i == 0 ? "" : ", ").append("wd ").append(hyper(wds.get(i))).append(": ")
          .append(acc[i][1] == 0 ? "-" : f2(acc[i][0] / acc[i][1]));
    }
    return new Claim(claim, verdict(f.interval(), 0), String.format(Locale.ROOT,
        "mean final alignment %s; change per step up the weight-decay grid, all else equal, %s (95%% %s..%s, "
            + "%d layer series)", profile, f3(f.slope()), f3(f.lo()), f3(f.hi()), f.groups()));
  }

  static Claim weightDecayZeroBreaks(String stat, List<LayerPhase> rows) {
    String claim = "Weight decay 0 breaks the CRH (" + stat + ")";
    int[] zero = new int[3];
    int[] positive = new int[3];
    for (LayerPhase p : rows) {
      int[] acc = p.weightDecay() == 0 ? zero : positive;
      acc[0]++;
      acc[1] += "CRH".equals(p.phaseSignificant()) ? 1 : 0;
      acc[2] += "CRH".equals(p.phase()) ? 1 : 0;
    }
    if (zero[0] == 0 || positive[0] == 0) {
      return new Claim(claim, NOT_TESTED, zero[0] == 0 ? "no point has weight decay 0" : "every point has weight decay 0");
    }
    double s0 = zero[1] / (double) zero[0];
    double s1 = positive[1] / (double) positive[0];
    // Without a CRH layer at any positive weight decay, the sweep cannot show that wd = 0 is what breaks it.
    String verdict = positive[1] == 0 ? UNCLEAR : zero[1] == 0 ? YES : s0 >= s1 ? NO : PARTLY;
    return new Claim(claim, verdict, String.format(Locale.ROOT,
        "CRH layers (significant reading) at wd = 0: %d of %d; at wd > 0: %d of %d (plain reading: %d of %d and %d of %d)",
        zero[1], zero[0], positive[1], positive[0], zero[2], zero[0], positive[2], positive[0]));
  }

  static Claim exponentsInside(String stat, List<ExponentDistribution.FinalExponent> fits, double minR2) {
    String claim = "Fitted exponents lie in [1/3, 3] (" + stat + ")";
    int n = 0;
    int inside = 0;
    int all = 0;
    for (ExponentDistribution.FinalExponent f : fits) {
      if (!stat.equals(f.stat()) || !Double.isFinite(f.p())) {
        continue;
      }
      all++;
      if (f.r2() >= minR2) {
        n++;
        inside += f.p() >= ExponentDistribution.LOW && f.p() <= ExponentDistribution.HIGH ? 1 : 0;
      }
    }
    if (n == 0) {
      return new Claim(claim, NOT_TESTED, "no final fit with R\u00b2 \u2265 " + minR2 + " (" + all + " finite fits)");
    }
    Stats.Interval share = Stats.wilson(inside, n);
    String verdict = share.estimate() >= INSIDE_SHARE ? YES : share.estimate() >= 0.5 ? PARTLY : NO;
    return new Claim(claim, verdict, String.format(Locale.ROOT,
        "%d of %d final fits with R\u00b2 \u2265 %s are inside (%s, 95%% %s..%s; %d finite fits in all); yes needs %d%%",
        inside, n, minR2, pct(share.estimate()), pct(share.lo()), pct(share.hi()), all, Math.round(INSIDE_SHARE * 100)));
  }

  static Claim neuralCollapse(String stat, List<LayerPhase> rows, Map<String, Double> nc1) {
    String claim = "Penultimate-layer CRH goes with neural collapse (" + stat + ")";
    if (nc1 == null) {
      return new Claim(claim, NOT_TESTED, "the training table has no nc1 column (recorded for classification runs "
          + "once the code measures it)");
    }
    Map<String, Integer> depth = new TreeMap<>();
    rows.forEach(p -> depth.merge(p.pointId(), p.layer(), Math::max));
    List<double[]> pairs = new ArrayList<>();
    List<Double> crh = new ArrayList<>();
    List<Double> other = new ArrayList<>();
    for (LayerPhase p : rows) {
      Double c = nc1.get(p.pointId());
      if (c == null || !Double.isFinite(c) || p.layer() != depth.get(p.pointId()) - 1) {
        continue;
      }
      pairs.add(new double[] {SweepAnalyses.meanAlignment(p), c});
      ("CRH".equals(p.phase()) ? crh : other).add(c);
    }
    pairs.removeIf(xy -> Double.isNaN(xy[0]));
    if (pairs.size() < 4) {
      return new Claim(claim, NOT_TESTED, pairs.size() + " points with a final NC1 and a penultimate layer (need 4)");
    }
    Stats.Interval rho = Stats.spearman(pairs.stream().mapToDouble(xy -> xy[0]).toArray(),
        pairs.stream().mapToDouble(xy -> xy[1]).toArray());
    // Collapse is a small NC1, so the claim predicts a negative correlation.
    String verdict = rho.below(0) ? YES : rho.above(0) ? NO : UNCLEAR;
    return new Claim(claim, verdict, String.format(Locale.ROOT,
        "Spearman correlation of the penultimate layer's mean alignment with final NC1 over %d points: %s "
            + "(95%% %s..%s; negative means more alignment, more collapse); median NC1 %s where that layer is CRH "
            + "(%d), %s elsewhere (%d)", pairs.size(), f3(rho.estimate()), f3(rho.lo()), f3(rho.hi()),
        f3(Stats.quantile(crh.stream().mapToDouble(Double::doubleValue).toArray(), 0.5)), crh.size(),
        f3(Stats.quantile(other.stream().mapToDouble(Double::doubleValue).toArray(), 0.5)), other.size()));
  }

  /** yes when the interval lies above {@code zero}, no when below, unclear otherwise or without an interval. */
  static String verdict(Stats.Interval i, double zero) {
    if (Double.isNaN(i.lo()) || Double.isNaN(i.hi())) {
      return UNCLEAR;
    }
    return i.above(zero) ? YES : i.below(zero) ? NO : UNCLEAR;
  }

  /** A hyper-parameter to 4 significant digits: 0, 0.001, 1e-05. */
  static String hyper(double v) {
    return v == 0 ? "0" : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
        .toString().replace("E", "e");
  }

  static String f2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String f3(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }
}
