package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.analysis.Analyses.ExponentBand;

/**
 * Final fitted exponents grouped by the phase their layer ended in (plain reading) and stat: the
 * median and quartiles, the mean with its 95% t-interval, and the share inside the theory's
 * [1/3, 3] with its Wilson interval. Only fits with a finite p and R² ≥ minR2 count.
 */
public final class ExponentDistribution {

  public static final double LOW = 1.0 / 3;
  public static final double HIGH = 3.0;

  /** One exponent fit of a layer at a point's last measurement. */
  public record FinalExponent(String pointId, int layer, String stat, String pair, double p, double r2) {}

  private ExponentDistribution() {}

  public static List<ExponentBand> run(List<LayerPhase> phases, List<FinalExponent> fits, double minR2) {
    Map<String, String> phaseOf = new HashMap<>();
    for (LayerPhase p : phases) {
      phaseOf.put(key(p.pointId(), p.layer(), p.stat()), p.phase());
    }
    List<ExponentBand> out = new ArrayList<>();
    for (String stat : List.of("raw", "normalized")) {
      for (String phase : List.of("CRH", "PAH", "unaligned")) {
        List<Double> ps = new ArrayList<>();
        List<Double> r2s = new ArrayList<>();
        for (FinalExponent f : fits) {
          if (stat.equals(f.stat()) && phase.equals(phaseOf.get(key(f.pointId(), f.layer(), f.stat())))
              && Double.isFinite(f.p()) && f.r2() >= minR2) {
            ps.add(f.p());
            r2s.add(f.r2());
          }
        }
        if (!ps.isEmpty()) {
          out.add(band(stat, phase, ps.stream().mapToDouble(Double::doubleValue).toArray(),
              r2s.stream().mapToDouble(Double::doubleValue).toArray()));
        }
      }
    }
    return out;
  }

  static ExponentBand band(String stat, String phase, double[] p, double[] r2) {
    int inside = 0;
    for (double v : p) {
      if (v >= LOW && v <= HIGH) {
        inside++;
      }
    }
    Stats.Interval mean = Stats.meanInterval(p);
    Stats.Interval share = Stats.wilson(inside, p.length);
    return new ExponentBand(stat, phase, p, Stats.quantile(p, 0.5), Stats.quantile(p, 0.25), Stats.quantile(p, 0.75),
        mean.estimate(), mean.lo(), mean.hi(), inside, share.lo(), share.hi(), Stats.quantile(r2, 0.5));
  }

  private static String key(String point, int layer, String stat) {
    return point + "|" + layer + "|" + stat;
  }
}
