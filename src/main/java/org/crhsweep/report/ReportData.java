package org.crhsweep.report;

import java.util.List;

/** Everything one report shows; null lists are read as empty. */
public record ReportData(
    String sweep,
    String specHash,
    String generatedAt,
    List<PointSummary> points,
    List<LayerPhase> phases,
    List<Curve> curves) {

  public ReportData {
    sweep = sweep == null ? "" : sweep;
    points = points == null ? List.of() : List.copyOf(points);
    phases = phases == null ? List.of() : List.copyOf(phases);
    curves = curves == null ? List.of() : List.copyOf(curves);
  }
}
