package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
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

  /** What a claim row shows where it has no number. */
  public static final String NONE = "\u2013";

  /** The above-chance entry of the exponent claim: a fitted exponent is not a correlation. */
  static final String NO_CHANCE = "none: a fitted exponent has no chance level (the claim is about p, not \u03b1)";

  /**
   * How far the mean chance level may differ between the things a claim compares before its verdict
   * must read α − null: half the default significance margin (0.1).
   */
  public static final double CHANCE_SPREAD = 0.05;

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
    TwoScales scales = new TwoScales();
    for (LayerPhase p : rows) {
      scales.add(p.pointId(), p.layer(), p);
    }
    GroupedSlope.Fit f = scales.alphaFit();
    String claim = "Later layers align more (" + stat + ")";
    if (f.groups() == 0) {
      return Claim.notTested(claim, "fewer than two layers with alignments in any point");
    }
    IntFunction<String> layer = l -> "L" + l + " ";
    String evidence = String.format(Locale.ROOT,
        "mean of the six final alignments by layer: %s; change per layer within a point %s (95%% %s..%s, %d points)",
        scales.alphaProfile(layer), f3(f.slope()), f3(f.lo()), f3(f.hi()), f.groups());
    return twoScales(claim, scales, layer, "layers", "per layer", evidence);
  }

  static Claim weightDecayRaises(String stat, List<LayerPhase> rows) {
    List<Double> wds = List.copyOf(new TreeSet<>(rows.stream().map(LayerPhase::weightDecay).toList()));
    String claim = "Alignment rises with weight decay (" + stat + ")";
    if (wds.size() < 2) {
      return Claim.notTested(claim, "one weight decay only (" + wds.stream().map(Numbers::hyper).toList() + ")");
    }
    TwoScales scales = new TwoScales();
    for (LayerPhase p : rows) {
      scales.add(List.of(p.arch(), p.execution(), p.batchSize(), p.learningRate(), p.seed(), p.layer()),
          wds.indexOf(p.weightDecay()), p);
    }
    GroupedSlope.Fit f = scales.alphaFit();
    if (f.groups() == 0) {
      return Claim.notTested(claim, "no layer measured at two weight decays with all else equal");
    }
    IntFunction<String> wd = i -> "wd " + Numbers.hyper(wds.get(i)) + ": ";
    String evidence = String.format(Locale.ROOT,
        "mean final alignment %s; change per step up the weight-decay grid, all else equal, %s (95%% %s..%s, "
            + "%d layer series)", scales.alphaProfile(wd), f3(f.slope()), f3(f.lo()), f3(f.hi()), f.groups());
    return twoScales(claim, scales, wd, "weight decays", "per step", evidence);
  }

  /**
   * A slope claim read on α and on α − null. The verdict follows the above-chance slope when the
   * chance level differs between the compared levels by more than {@link #CHANCE_SPREAD} (then a
   * trend in α can be a trend in chance alone), the α slope otherwise or when no chance level was recorded.
   */
  private static Claim twoScales(String claim, TwoScales scales, IntFunction<String> label, String levels,
      String per, String alphaEvidence) {
    GroupedSlope.Fit a = scales.alphaFit();
    GroupedSlope.Fit d = scales.aboveFit();
    String alpha = scales.alphaProfile(label) + "; " + per + " " + slope(a);
    String plainVerdict = verdict(a.interval(), 0);
    if (d.groups() == 0) {
      return new Claim(claim, plainVerdict, alpha, NONE + " (no chance level recorded)",
          alphaEvidence + "; no chance level recorded, so the verdict rests on \u03b1 alone");
    }
    String above = scales.aboveProfile(label) + "; " + per + " " + slope(d);
    String aboveVerdict = verdict(d.interval(), 0);
    double spread = scales.chanceSpread();
    boolean differs = spread > CHANCE_SPREAD;
    String verdict = differs ? aboveVerdict : plainVerdict;
    String which = differs
        ? String.format(Locale.ROOT, "verdict on \u03b1 \u2212 chance, since chance differs between %s by %s (%s)%s",
            levels, f2(spread), scales.chanceProfile(label), aboveVerdict.equals(plainVerdict) ? ""
                : "; on \u03b1 alone it would be " + plainVerdict)
        : String.format(Locale.ROOT, "chance is about equal across %s (spread %s), so the verdict reads \u03b1%s",
            levels, f2(spread), aboveVerdict.equals(plainVerdict) ? " (\u03b1 \u2212 chance agrees)"
                : "; \u03b1 \u2212 chance would say " + aboveVerdict);
    return new Claim(claim, verdict, alpha, above, alphaEvidence + "; " + which);
  }

  private static String slope(GroupedSlope.Fit f) {
    return String.format(Locale.ROOT, "%s (95%% %s..%s)", signed3(f.slope()), f3(f.lo()), f3(f.hi()));
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
      return Claim.notTested(claim, zero[0] == 0 ? "no point has weight decay 0" : "every point has weight decay 0");
    }
    double s0 = zero[1] / (double) zero[0];
    double s1 = positive[1] / (double) positive[0];
    // Without a CRH layer at any positive weight decay, the sweep cannot show that wd = 0 is what breaks it.
    String verdict = positive[1] == 0 ? UNCLEAR : zero[1] == 0 ? YES : s0 >= s1 ? NO : PARTLY;
    String alpha = String.format(Locale.ROOT, "CRH by \u03b1 \u2265 threshold: %d of %d layers at wd = 0, %d of %d at wd > 0",
        zero[2], zero[0], positive[2], positive[0]);
    String above = String.format(Locale.ROOT, "CRH above chance: %d of %d layers at wd = 0, %d of %d at wd > 0",
        zero[1], zero[0], positive[1], positive[0]);
    return new Claim(claim, verdict, alpha, above, String.format(Locale.ROOT,
        "CRH layers (significant reading) at wd = 0: %d of %d; at wd > 0: %d of %d (plain reading: %d of %d and %d of %d)"
            + "; the verdict reads the significant one (every relation above its chance level by the margin)",
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
      return Claim.notTested(claim, "no final fit with R\u00b2 \u2265 " + minR2 + " (" + all + " finite fits)");
    }
    Stats.Interval share = Stats.wilson(inside, n);
    String verdict = share.estimate() >= INSIDE_SHARE ? YES : share.estimate() >= 0.5 ? PARTLY : NO;
    String alpha = String.format(Locale.ROOT, "%d of %d good fits inside (%s)", inside, n, pct(share.estimate()));
    return new Claim(claim, verdict, alpha, NO_CHANCE, String.format(Locale.ROOT,
        "%d of %d final fits with R\u00b2 \u2265 %s are inside (%s, 95%% %s..%s; %d finite fits in all); yes needs %d%%",
        inside, n, minR2, pct(share.estimate()), pct(share.lo()), pct(share.hi()), all, Math.round(INSIDE_SHARE * 100)));
  }

  static Claim neuralCollapse(String stat, List<LayerPhase> rows, Map<String, Double> nc1) {
    String claim = "Penultimate-layer CRH goes with neural collapse (" + stat + ")";
    if (nc1 == null) {
      return Claim.notTested(claim, "the training table has no nc1 column; NC1 (how far samples of a class sit from "
          + "their class mean) needs classes, so it is recorded for classification runs only");
    }
    if (nc1.values().stream().noneMatch(Double::isFinite)) {
      return Claim.notTested(claim, "no point has a final NC1: NC1 (how far samples of a class sit from their class "
          + "mean) needs classes, and a regression sweep has none");
    }
    Map<String, Integer> depth = new TreeMap<>();
    rows.forEach(p -> depth.merge(p.pointId(), p.layer(), Math::max));
    List<LayerPhase> penultimate = new ArrayList<>();
    List<Double> crh = new ArrayList<>();
    List<Double> other = new ArrayList<>();
    for (LayerPhase p : rows) {
      Double c = nc1.get(p.pointId());
      if (c == null || !Double.isFinite(c) || p.layer() != depth.get(p.pointId()) - 1
          || Double.isNaN(p.meanAlignment())) {
        continue;
      }
      penultimate.add(p);
      ("CRH".equals(p.phase()) ? crh : other).add(c);
    }
    if (penultimate.size() < 4) {
      return Claim.notTested(claim, penultimate.size() + " points with a final NC1 and a penultimate layer (need 4)");
    }
    double[] collapse = penultimate.stream().mapToDouble(p -> nc1.get(p.pointId())).toArray();
    Stats.Interval rho = Stats.spearman(penultimate.stream().mapToDouble(LayerPhase::meanAlignment).toArray(), collapse);
    // Collapse is a small NC1, so the claim predicts a negative correlation.
    String plainVerdict = rho.below(0) ? YES : rho.above(0) ? NO : UNCLEAR;
    String alpha = String.format(Locale.ROOT, "Spearman \u03c1(\u03b1, NC1) %s (95%% %s..%s)", f3(rho.estimate()),
        f3(rho.lo()), f3(rho.hi()));
    String evidence = String.format(Locale.ROOT,
        "Spearman correlation of the penultimate layer's mean alignment with final NC1 over %d points: %s "
            + "(95%% %s..%s; negative means more alignment, more collapse); median NC1 %s where that layer is CRH "
            + "(%d), %s elsewhere (%d)", penultimate.size(), f3(rho.estimate()), f3(rho.lo()), f3(rho.hi()),
        f3(Stats.quantile(crh.stream().mapToDouble(Double::doubleValue).toArray(), 0.5)), crh.size(),
        f3(Stats.quantile(other.stream().mapToDouble(Double::doubleValue).toArray(), 0.5)), other.size());
    List<LayerPhase> withChance = penultimate.stream().filter(p -> !Double.isNaN(p.meanAboveChance())).toList();
    if (withChance.size() < 4) {
      return new Claim(claim, plainVerdict, alpha, NONE + " (no chance level recorded)",
          evidence + "; no chance level recorded, so the verdict rests on \u03b1 alone");
    }
    Stats.Interval rhoAbove = Stats.spearman(withChance.stream().mapToDouble(LayerPhase::meanAboveChance).toArray(),
        withChance.stream().mapToDouble(p -> nc1.get(p.pointId())).toArray());
    String aboveVerdict = rhoAbove.below(0) ? YES : rhoAbove.above(0) ? NO : UNCLEAR;
    double[] chance = withChance.stream().mapToDouble(LayerPhase::meanChance).toArray();
    double spread = Arrays.stream(chance).max().orElse(0) - Arrays.stream(chance).min().orElse(0);
    boolean differs = spread > CHANCE_SPREAD;
    String above = String.format(Locale.ROOT, "Spearman \u03c1(\u03b1 \u2212 chance, NC1) %s (95%% %s..%s)",
        f3(rhoAbove.estimate()), f3(rhoAbove.lo()), f3(rhoAbove.hi()));
    String which = differs
        ? "verdict on \u03b1 \u2212 chance, since chance differs between points by " + f2(spread)
            + (aboveVerdict.equals(plainVerdict) ? "" : "; on \u03b1 alone it would be " + plainVerdict)
        : "chance is about equal across points (spread " + f2(spread) + "), so the verdict reads \u03b1"
            + (aboveVerdict.equals(plainVerdict) ? " (\u03b1 \u2212 chance agrees)"
                : "; \u03b1 \u2212 chance would say " + aboveVerdict);
    return new Claim(claim, differs ? aboveVerdict : plainVerdict, alpha, above, evidence + "; " + which);
  }

  /** yes when the interval lies above {@code zero}, no when below, unclear otherwise or without an interval. */
  static String verdict(Stats.Interval i, double zero) {
    if (Double.isNaN(i.lo()) || Double.isNaN(i.hi())) {
      return UNCLEAR;
    }
    return i.above(zero) ? YES : i.below(zero) ? NO : UNCLEAR;
  }

  static String signed2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.2f", v);
  }

  static String signed3(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.3f", v);
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
