package org.crhsweep.report;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.PointSummary;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.SweepAnalyses;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;

/**
 * A small sweep for the report tests: one arch, batch sizes 16 and 64, three learning rates, two
 * weight decays, two layers, both stats, one seed, one diverged point and one failed point.
 */
final class Synthetic {

  static final String EVIL_ERROR = "boom <script>alert(1)</script> & \"q\" " + "x".repeat(300);
  static final List<Integer> BATCHES = List.of(16, 64);
  static final List<Double> LRS = List.of(0.001, 0.01, 0.1);
  static final List<Double> WDS = List.of(0.0, 0.001);
  static final List<String> STATS = List.of("raw", "normalized");
  static final int LAYERS = 2;

  private Synthetic() {}

  static String id(int batch, double lr, double wd) {
    return "p-" + batch + "-" + lr + "-" + wd;
  }

  static boolean diverged(int batch, double lr, double wd) {
    return batch == 16 && lr == 0.1 && wd == 0.0;
  }

  static boolean failed(int batch, double lr, double wd) {
    return batch == 64 && lr == 0.1 && wd == 0.001;
  }

  static ReportData data() {
    List<PointSummary> points = new ArrayList<>();
    List<LayerPhase> phases = new ArrayList<>();
    for (int batch : BATCHES) {
      for (double lr : LRS) {
        for (double wd : WDS) {
          String id = id(batch, lr, wd);
          boolean diverged = diverged(batch, lr, wd);
          boolean failed = failed(batch, lr, wd);
          String status = failed ? "failed" : diverged ? "diverged" : "done";
          points.add(new PointSummary(id, "mlp", batch, lr, wd, 1L, status, diverged ? Double.NaN : 0.1 * lr,
              0.2, 12.5, failed ? EVIL_ERROR : null));
          if (failed) {
            continue;
          }
          for (String stat : STATS) {
            for (int layer = 1; layer <= LAYERS; layer++) {
              phases.add(phase(id, batch, lr, wd, layer, stat, diverged));
            }
          }
        }
      }
    }
    List<Curve> curves = new ArrayList<>();
    for (String id : List.of(id(16, 0.01, 0.001), id(64, 0.001, 0.0))) {
      for (String stat : STATS) {
        for (int layer = 1; layer <= LAYERS; layer++) {
          for (Relation r : Relation.values()) {
            long[] steps = {0, 100, 200, 300, 400};
            double[] values = {0.1, 0.3, Double.NaN, 0.7, 0.85 - 0.05 * r.ordinal()};
            curves.add(new Curve(id, "lr=x wd=y", layer, "fc" + layer, stat, r.label(), steps, values));
          }
        }
      }
    }
    return new ReportData("demo <sweep>", "abc123", "2025-01-01T00:00:00Z", points, phases, curves,
        SweepAnalyses.compute(new SweepAnalyses.Inputs(phases, List.of(), List.of(), null, 0.9)));
  }

  private static LayerPhase phase(String id, int batch, double lr, double wd, int layer, String stat, boolean diverged) {
    if (diverged) {
      return new LayerPhase(id, "mlp", batch, lr, wd, 1L, layer, "fc" + layer, stat, "diverged", null, "diverged",
          null, RelationValues.missing(), null);
    }
    double base = layer == 2 && wd > 0 ? 0.9 : 0.4;
    RelationValues alignment = RelationValues.of(r -> base - 0.02 * r.ordinal());
    String phase = base > 0.8 ? "CRH" : lr == 0.01 ? "PAH" : "unaligned";
    String signature = base > 0.8 ? "111111" : "100010";
    String significant = base > 0.8 && lr != 0.001 ? "CRH" : "unaligned";
    return new LayerPhase(id, "mlp", batch, lr, wd, 1L, layer, "fc" + layer, stat, phase, signature, significant,
        signature, alignment, RelationValues.constant(0.1));
  }
}
