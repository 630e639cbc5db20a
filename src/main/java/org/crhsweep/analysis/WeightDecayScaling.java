package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crhsweep.analysis.Analyses.ScalingSlope;

/**
 * The weight-decay scaling test of docs/science.md (G_b ∝ γ² H_b ∝ γ² W Wᵀ): per architecture, stat and
 * layer, the slope of ln(‖G_b‖/‖H_b‖) and of ln(‖G_b‖/‖W Wᵀ‖) against ln γ, pooled over groups of
 * points that share everything but γ (dataset, learning rate, batch size, seed), each group with its
 * own intercept. Only γ > 0 enters (ln 0 is undefined). The theory predicts 2.
 */
public final class WeightDecayScaling {

  /** The theory's slope. */
  public static final double PREDICTED = 2.0;

  /** The two ratios, as named in the report. */
  public static final List<String> RATIOS = List.of("G_b/H_b", "G_b/WWᵀ");

  /**
   * Norms of one layer at a point's last measurement. {@code others} identifies everything but the
   * weight decay (points with equal {@code others} differ only in γ).
   */
  public record FinalMoment(String others, String arch, double weightDecay, int layer, String layerName, String stat,
      double gB, double hB, double zB) {}

  private WeightDecayScaling() {}

  public static List<ScalingSlope> run(List<FinalMoment> rows) {
    Map<List<Object>, GroupedSlope[]> fits = new TreeMap<>(WeightDecayScaling::compareKeys);
    Map<List<Object>, String> names = new TreeMap<>(WeightDecayScaling::compareKeys);
    for (FinalMoment m : rows) {
      if (!(m.weightDecay() > 0)) {
        continue;
      }
      List<Object> key = List.of(m.arch(), statOrder(m.stat()), m.layer(), m.stat());
      names.putIfAbsent(key, m.layerName());
      GroupedSlope[] f = fits.computeIfAbsent(key, k -> new GroupedSlope[] {new GroupedSlope(), new GroupedSlope()});
      double x = Math.log(m.weightDecay());
      f[0].add(m.others(), x, Math.log(m.gB() / m.hB()));
      f[1].add(m.others(), x, Math.log(m.gB() / m.zB()));
    }
    List<ScalingSlope> out = new ArrayList<>();
    fits.forEach((key, f) -> {
      for (int i = 0; i < 2; i++) {
        GroupedSlope.Fit fit = f[i].fit();
        if (fit.groups() > 0) {
          out.add(new ScalingSlope((String) key.get(0), (String) key.get(3), (Integer) key.get(2), names.get(key),
              RATIOS.get(i), fit.slope(), fit.lo(), fit.hi(), fit.points(), fit.groups()));
        }
      }
    });
    return out;
  }

  static int statOrder(String stat) {
    return "raw".equals(stat) ? 0 : 1;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = ((Comparable) a.get(i)).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
