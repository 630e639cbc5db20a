package org.crhsweep.analysis;

import java.util.List;

/** Everything one report shows; null lists are read as empty, null analyses and sensitivity as none. */
public record ReportData(
    String sweep,
    String specHash,
    String generatedAt,
    List<PointSummary> points,
    List<LayerPhase> phases,
    List<Curve> curves,
    Analyses analyses,
    PhaseSensitivity.Result sensitivity) {

  public ReportData {
    analyses = analyses == null ? Analyses.none() : analyses;
    sensitivity = sensitivity == null ? PhaseSensitivity.Result.none() : sensitivity;
    sweep = sweep == null ? "" : sweep;
    points = points == null ? List.of() : List.copyOf(points);
    phases = phases == null ? List.of() : List.copyOf(phases);
    curves = curves == null ? List.of() : List.copyOf(curves);
  }

  /** A report without the threshold sensitivity grid. */
  public ReportData(String sweep, String specHash, String generatedAt, List<PointSummary> points,
      List<LayerPhase> phases, List<Curve> curves, Analyses analyses) {
    this(sweep, specHash, generatedAt, points, phases, curves, analyses, null);
  }

  /** A report without the analyses. */
  public ReportData(String sweep, String specHash, String generatedAt, List<PointSummary> points,
      List<LayerPhase> phases, List<Curve> curves) {
    this(sweep, specHash, generatedAt, points, phases, curves, null, null);
  }
}
