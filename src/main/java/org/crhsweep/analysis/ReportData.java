package org.crhsweep.analysis;

import java.util.List;

/** Everything one report shows; null lists are read as empty, null analyses as none. */
public record ReportData(
    String sweep,
    String specHash,
    String generatedAt,
    List<PointSummary> points,
    List<LayerPhase> phases,
    List<Curve> curves,
    Analyses analyses) {

  public ReportData {
    analyses = analyses == null ? Analyses.none() : analyses;
    sweep = sweep == null ? "" : sweep;
    points = points == null ? List.of() : List.copyOf(points);
    phases = phases == null ? List.of() : List.copyOf(phases);
    curves = curves == null ? List.of() : List.copyOf(curves);
  }

  /** A report without the analyses. */
  public ReportData(String sweep, String specHash, String generatedAt, List<PointSummary> points,
      List<LayerPhase> phases, List<Curve> curves) {
    this(sweep, specHash, generatedAt, points, phases, curves, null);
  }
}
