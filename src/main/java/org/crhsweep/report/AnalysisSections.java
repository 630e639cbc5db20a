package org.crhsweep.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crhsweep.analysis.Analyses.DepthProfile;
import org.crhsweep.analysis.Analyses.ExponentBand;
import org.crhsweep.analysis.Analyses.ReplicateCell;
import org.crhsweep.analysis.Analyses.ReplicateRow;
import org.crhsweep.analysis.Analyses.ScalingSlope;
import org.crhsweep.analysis.Analyses.StatCrossing;
import org.crhsweep.analysis.Analyses.StatDisagreement;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.probe.Relation;

/**
 * The report's analysis sections: the paper's claims, depth profiles, the weight-decay scaling test,
 * exponents by phase, replicates and raw against normalized. Each figure or table comes with a
 * reading generated from its numbers; every string from the data is escaped.
 */
final class AnalysisSections {

  /** Rows of the long tables shown before the rest is folded away. */
  static final int MAX_ROWS = 60;

  private AnalysisSections() {}

  static void noiseScale(StringBuilder body, List<String> toc, List<LayerPhase> phases) {
    body.append("<section id=\"noise\">\n<h2>Phase diagrams on the theory's axes</h2>\n");
    List<PhaseGroup> groups = PhaseGroup.ofNoiseScale(phases);
    List<String[]> entries = new ArrayList<>();
    long batches = phases.stream().mapToInt(LayerPhase::batchSize).distinct().count();
    body.append("<p>The theory says gradient noise (growing with learning rate over batch size) expands "
        + "representations and weight decay contracts them, so the CRH should form along a boundary in the "
        + "noise scale x weight decay plane. Every batch size is pooled here; points with equal noise scale share "
        + "a cell (majority phase, mean alignment)")
        .append(batches < 2 ? ". This sweep has one batch size, so the x axis is the learning rate rescaled." : ".")
        .append("</p>\n");
    if (groups.isEmpty()) {
      body.append("<p class=\"empty\">No phases yet.</p>\n");
    }
    for (int k = 0; k < groups.size(); k++) {
      PhaseGroup g = groups.get(k);
      String id = "noise-" + (k + 1);
      ReportWriter.figure(body, id, PhaseCharts.figure(g), "Phase of each layer of " + Html.escape(g.arch())
          + " under the " + Html.escape(g.stat()) + " statistic over the noise scale lr / batch size (x, a log axis: "
          + "each cell sits at its value) and weight decay (y); top row the plain reading, bottom row the significant "
          + "one.", Readings.phaseGroup(g));
      entries.add(new String[] {id, g.arch() + " \u00b7 " + g.stat()});
    }
    body.append("</section>\n");
    toc.add(ReportWriter.tocEntry("noise", "Phase diagrams on the theory's axes", entries));
  }

  static void depth(StringBuilder body, List<String> toc, Analyses a) {
    body.append("<section id=\"depth\">\n<h2>Depth profiles</h2>\n");
    Map<String, List<DepthProfile>> byArch = a.depth().stream()
        .collect(Collectors.groupingBy(DepthProfile::arch, LinkedHashMap::new, Collectors.toList()));
    List<String[]> entries = new ArrayList<>();
    if (byArch.isEmpty()) {
      body.append("<p class=\"empty\">No phases yet.</p>\n");
    }
    int k = 0;
    for (Map.Entry<String, List<DepthProfile>> arch : byArch.entrySet()) {
      String id = "depth-" + (++k);
      StringBuilder reading = new StringBuilder();
      for (DepthProfile d : arch.getValue()) {
        reading.append("Under ").append(Html.escape(d.stat())).append(", the mean of the six final alignments is ");
        List<String> parts = new ArrayList<>();
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        int bestAbove = -1;
        double bestAboveValue = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < d.layers().size(); j++) {
          int layer = j;
          double m = Arrays.stream(Relation.values()).mapToDouble(r -> d.alignment().get(r)[layer])
              .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
          if (m > bestValue) {
            bestValue = m;
            best = j;
          }
          if (m - d.chance()[j] > bestAboveValue) {
            bestAboveValue = m - d.chance()[j];
            bestAbove = j;
          }
          parts.add(Html.escape(d.layerNames().get(j)) + " " + Html.fixed(m, 2) + " (chance "
              + Html.fixed(d.chance()[j], 2) + ")");
        }
        reading.append(String.join(", ", parts));
        if (bestAbove < 0) {
          reading.append("; the most aligned layer is ").append(Html.escape(d.layerNames().get(best)))
              .append(" (no chance level recorded). ");
        } else {
          reading.append("; the layer furthest above its chance level is ")
              .append(Html.escape(d.layerNames().get(bestAbove))).append(" (").append(Html.signed(bestAboveValue, 2))
              .append(bestAbove == best ? "), also the most aligned. " : "); by \u03b1 alone the most aligned is "
                  + Html.escape(d.layerNames().get(best)) + ". ");
        }
      }
      ReportWriter.figure(body, id, AnalysisCharts.depth(arch.getValue()), "Final alignment of each relation "
          + "(mean over all finished points) against the layer index in " + Html.escape(arch.getKey())
          + ", one panel per statistic; the dashed grey line is the mean chance level of the six relations.",
          reading.toString().trim());
      entries.add(new String[] {id, arch.getKey()});
    }
    body.append("</section>\n");
    toc.add(ReportWriter.tocEntry("depth", "Depth profiles", entries));
  }

  static void scaling(StringBuilder body, List<String> toc, Analyses a) {
    body.append("<section id=\"scaling\">\n<h2>Weight-decay scaling</h2>\n<p>The theory (docs/science.md): "
        + "G<sub>b</sub> \u221d \u03b3\u00b2 H<sub>b</sub> \u221d \u03b3\u00b2 W W\u1d40. Per layer, the slope of "
        + "ln(\u2016G<sub>b</sub>\u2016/"
        + "\u2016H<sub>b</sub>\u2016) and of ln(\u2016G<sub>b</sub>\u2016/\u2016W W\u1d40\u2016) (Frobenius norms at "
        + "each point's last measurement, moments table) against ln \u03b3, pooled over groups of points that "
        + "share everything but \u03b3 (each group its own intercept), \u03b3 &gt; 0 only, with a 95% t-interval. "
        + "The theory predicts 2. The normalized statistic scales every sample to unit norm, so its slopes say "
        + "nothing about \u03b3-scaling; they are shown for completeness.</p>\n");
    List<String[]> entries = new ArrayList<>();
    if (a.scaling().isEmpty()) {
      body.append("<p class=\"empty\">Not testable here: it needs two or more positive weight decays among points "
          + "that share everything else, and the moments table (recorded by this version on).</p>\n");
    }
    Map<List<String>, List<ScalingSlope>> groups = a.scaling().stream().collect(Collectors.groupingBy(
        s -> List.of(s.arch(), s.stat()), LinkedHashMap::new, Collectors.toList()));
    int k = 0;
    for (List<ScalingSlope> slopes : groups.values()) {
      ScalingSlope any = slopes.get(0);
      String id = "scaling-" + (++k);
      ReportWriter.figure(body, id, AnalysisCharts.scaling(slopes), "Slope of each norm ratio against weight decay "
          + "on log-log axes, by layer, in " + Html.escape(any.arch()) + " under the " + Html.escape(any.stat())
          + " statistic, with 95% intervals; the dashed line is the theory's 2.", scalingReading(slopes));
      entries.add(new String[] {id, any.arch() + " \u00b7 " + any.stat()});
    }
    if (!a.scaling().isEmpty()) {
      body.append("<table>\n<tr><th>arch</th><th>stat</th><th>layer</th><th>ratio</th><th>slope</th>"
          + "<th>95% interval</th><th>covers 2</th><th>points</th><th>groups</th></tr>\n");
      for (ScalingSlope s : a.scaling()) {
        body.append("<tr><td>").append(Html.escape(s.arch())).append("</td><td>").append(Html.escape(s.stat()))
            .append("</td><td>").append(Html.escape(s.layerName())).append("</td><td>").append(Html.escape(s.ratio()))
            .append("</td>").append(num(Html.fixed(s.slope(), 3))).append(num(interval(s.lo(), s.hi())))
            .append("<td>").append(Double.isNaN(s.lo()) ? "\u2013" : s.lo() <= 2 && 2 <= s.hi() ? "yes" : "no")
            .append("</td>").append(num(String.valueOf(s.points()))).append(num(String.valueOf(s.groups())))
            .append("</tr>\n");
      }
      body.append("</table>\n");
    }
    body.append("</section>\n");
    toc.add(ReportWriter.tocEntry("scaling", "Weight-decay scaling", entries));
  }

  static String scalingReading(List<ScalingSlope> slopes) {
    if ("normalized".equals(slopes.get(0).stat())) {
      double m = slopes.stream().mapToDouble(ScalingSlope::slope).filter(Double::isFinite).average().orElse(Double.NaN);
      return "Under the normalized statistic every sample has unit norm, so these slopes (mean " + Html.fixed(m, 2)
          + ") do not test the \u03b3\u00b2 scaling; read the raw figure for that.";
    }
    List<String> parts = new ArrayList<>();
    int covers = 0;
    int withInterval = 0;
    for (ScalingSlope s : slopes) {
      parts.add(Html.escape(s.layerName()) + " " + Html.escape(s.ratio()) + " " + Html.fixed(s.slope(), 2));
      if (!Double.isNaN(s.lo())) {
        withInterval++;
        covers += s.lo() <= 2 && 2 <= s.hi() ? 1 : 0;
      }
    }
    double mean = slopes.stream().mapToDouble(ScalingSlope::slope).filter(Double::isFinite).average().orElse(Double.NaN);
    return "Slopes: " + String.join(", ", parts) + " (mean " + Html.fixed(mean, 2) + "). "
        + (withInterval == 0 ? "No slope has an interval (too few points per group), so none can be tested against 2."
            : covers + " of " + withInterval + " intervals contain the predicted 2"
                + (covers == withInterval ? ": consistent with the theory." : covers == 0
                    ? ": the data do not follow the \u03b3\u00b2 scaling here (the theory predicts it for a "
                        + "stationary state, up to O(\u03b3))." : ": the scaling holds in some layers only."));
  }

  static void exponents(StringBuilder body, List<String> toc, Analyses a) {
    body.append("<section id=\"exponents\">\n<h2>Exponents by phase</h2>\n");
    List<String[]> entries = new ArrayList<>();
    if (a.exponents().isEmpty()) {
      body.append("<p class=\"empty\">No final exponent fit passes the R\u00b2 bar.</p>\n</section>\n");
      toc.add(ReportWriter.tocEntry("exponents", "Exponents by phase", entries));
      return;
    }
    StringBuilder reading = new StringBuilder();
    for (ExponentBand b : a.exponents()) {
      reading.append(Html.escape(b.phase())).append(" layers (").append(Html.escape(b.stat())).append("): median ")
          .append(Html.fixed(b.median(), 2)).append(", ").append(b.inside()).append(" of ").append(b.fits())
          .append(" inside [1/3, 3]. ");
    }
    ReportWriter.figure(body, "exponents-1", AnalysisCharts.exponents(a.exponents()), "Final fitted exponents p "
        + "(the six pairs of every layer, fits with R\u00b2 at or above the spec's min_r2) grouped by the layer's "
        + "phase under the plain reading; boxes are quartiles with the median, whiskers reach the data within 1.5 "
        + "interquartile ranges, circles are the points beyond (the means are in the table). The "
        + "theory puts the exponents it allows in [1/3, 3] (shaded); p = 1 is proportionality.",
        reading.toString().trim());
    entries.add(new String[] {"exponents-1", "box plots"});
    body.append("<table>\n<tr><th>stat</th><th>phase</th><th>fits</th><th>median</th><th>quartiles</th>"
        + "<th>mean (95%)</th><th>inside [1/3, 3] (95%)</th><th>median R\u00b2</th></tr>\n");
    for (ExponentBand b : a.exponents()) {
      body.append("<tr><td>").append(Html.escape(b.stat())).append("</td><td>").append(Html.escape(b.phase()))
          .append("</td>").append(num(String.valueOf(b.fits()))).append(num(Html.fixed(b.median(), 3)))
          .append(num(interval(b.q1(), b.q3()))).append(num(Html.fixed(b.mean(), 3) + " " + interval(b.meanLo(),
              b.meanHi()))).append(num(Html.fixed(100 * b.share(), 0) + "% " + interval(100 * b.shareLo(),
              100 * b.shareHi(), 0))).append(num(Html.fixed(b.medianR2(), 3))).append("</tr>\n");
    }
    body.append("</table>\n</section>\n");
    toc.add(ReportWriter.tocEntry("exponents", "Exponents by phase", entries));
  }

  static void replicates(StringBuilder body, List<String> toc, Analyses a) {
    body.append("<section id=\"replicates\">\n<h2>Replicates</h2>\n");
    toc.add(ReportWriter.tocEntry("replicates", "Replicates", List.of()));
    if (a.replicates().isEmpty()) {
      body.append("<p class=\"empty\">One seed per configuration: no replicates to compare. Add seeds to the "
          + "spec's grid (<code>seed: [0, 1, 2]</code>) to see how much a phase depends on the seed.</p>\n</section>\n");
      return;
    }
    int cells = a.replicates().stream().mapToInt(ReplicateRow::cells).sum();
    int agree = a.replicates().stream().mapToInt(ReplicateRow::agreePlain).sum();
    int agreeSig = a.replicates().stream().mapToInt(ReplicateRow::agreeSignificant).sum();
    double sd = a.replicates().stream().flatMapToDouble(r -> r.meanSd().stream())
        .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    body.append("<p class=\"reading\">Over ").append(cells).append(" (configuration, layer, stat) cells with several "
        + "seeds, the seeds agree on the phase in ").append(agree).append(" (plain reading) and ").append(agreeSig)
        .append(" (significant reading); the mean seed-to-seed standard deviation of a final alignment is ")
        .append(Html.fixed(sd, 3)).append(". Differences smaller than that between neighbouring cells are noise.</p>\n");
    body.append("<table>\n<tr><th>stat</th><th>layer</th><th>cells</th><th>seeds</th><th>agree (plain)</th>"
        + "<th>agree (significant)</th>");
    for (Relation r : Relation.values()) {
      body.append("<th>sd ").append(r.label()).append("</th>");
    }
    body.append("</tr>\n");
    for (ReplicateRow r : a.replicates()) {
      body.append("<tr><td>").append(Html.escape(r.stat())).append("</td><td>").append(Html.escape(r.layerName()))
          .append("</td>").append(num(String.valueOf(r.cells()))).append(num(String.valueOf(r.maxSeeds())))
          .append(num(r.agreePlain() + " of " + r.cells())).append(num(r.agreeSignificant() + " of " + r.cells()));
      for (Relation rel : Relation.values()) {
        body.append(num(Html.fixed(r.meanSd().get(rel), 3)));
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n<details><summary>Every cell: mean \u00b1 sd of each alignment over its seeds</summary>\n"
        + "<table>\n<tr><th>arch</th><th>batch</th><th>lr</th><th>wd</th><th>layer</th><th>stat</th><th>seeds</th>"
        + "<th>phases</th>");
    for (Relation r : Relation.values()) {
      body.append("<th>").append(r.label()).append("</th>");
    }
    body.append("</tr>\n");
    List<ReplicateCell> shown = a.replicateCells().stream().limit(MAX_ROWS * 4L).toList();
    for (ReplicateCell c : shown) {
      body.append("<tr><td>").append(Html.escape(c.arch())).append("</td>").append(num(String.valueOf(c.batchSize())))
          .append(num(Html.number(c.learningRate()))).append(num(Html.number(c.weightDecay()))).append("<td>")
          .append(Html.escape(c.layerName())).append("</td><td>").append(Html.escape(c.stat())).append("</td>")
          .append(num(String.valueOf(c.seeds()))).append("<td>").append(Html.escape(c.phases())).append("</td>");
      for (Relation r : Relation.values()) {
        body.append(num(Html.fixed(c.mean().get(r), 2) + " \u00b1 " + Html.fixed(c.sd().get(r), 2)));
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    if (shown.size() < a.replicateCells().size()) {
      body.append("<p>").append(a.replicateCells().size() - shown.size()).append(" more cells: query the phases "
          + "table.</p>\n");
    }
    body.append("</details>\n</section>\n");
  }

  static void rawVsNormalized(StringBuilder body, List<String> toc, Analyses a, List<LayerPhase> phases) {
    body.append("<section id=\"stats\">\n<h2>Raw and normalized statistics</h2>\n");
    List<LayerPhase[]> pairs = pairs(phases);
    List<String[]> entries = new ArrayList<>();
    if (pairs.isEmpty()) {
      body.append("<p class=\"empty\">The sweep recorded one statistic only.</p>\n</section>\n");
      toc.add(ReportWriter.tocEntry("stats", "Raw and normalized statistics", entries));
      return;
    }
    int same = 0;
    int sameSig = 0;
    int total = 0;
    int totalSig = 0;
    for (StatCrossing c : a.statCrossings()) {
      if ("plain".equals(c.reading())) {
        total += c.count();
        same += c.raw().equals(c.normalized()) ? c.count() : 0;
      } else {
        totalSig += c.count();
        sameSig += c.raw().equals(c.normalized()) ? c.count() : 0;
      }
    }
    double rawMean = pairs.stream().mapToDouble(p -> meanAlignment(p[0])).filter(v -> !Double.isNaN(v)).average()
        .orElse(Double.NaN);
    double normMean = pairs.stream().mapToDouble(p -> meanAlignment(p[1])).filter(v -> !Double.isNaN(v)).average()
        .orElse(Double.NaN);
    String reading = "The two statistics give the same phase in " + same + " of " + total + " (point, layer) pairs "
        + "by the plain reading and " + sameSig + " of " + totalSig + " by the significant one. The mean final "
        + "alignment is " + Html.fixed(rawMean, 2) + " under raw and " + Html.fixed(normMean, 2) + " under "
        + "normalized" + (normMean > rawMean + 0.02 ? ": normalizing aligns more (points above the diagonal)."
            : rawMean > normMean + 0.02 ? ": raw aligns more (points below the diagonal)." : ".");
    ReportWriter.figure(body, "stats-1", AnalysisCharts.rawVsNormalized(pairs), "Final alignment of each relation "
        + "in each (point, layer) under the raw statistic (x) and the normalized one (y).", reading);
    entries.add(new String[] {"stats-1", "raw against normalized"});
    body.append("<table>\n<tr><th>reading</th><th>raw phase</th><th>normalized phase</th><th>(point, layer) pairs"
        + "</th></tr>\n");
    for (StatCrossing c : a.statCrossings()) {
      body.append("<tr").append(c.raw().equals(c.normalized()) ? "" : " class=\"differ\"").append("><td>")
          .append(Html.escape(c.reading())).append("</td><td>").append(Html.escape(c.raw())).append("</td><td>")
          .append(Html.escape(c.normalized())).append("</td>").append(num(String.valueOf(c.count())))
          .append("</tr>\n");
    }
    body.append("</table>\n");
    List<StatDisagreement> d = a.statDisagreements();
    if (!d.isEmpty()) {
      body.append("<details><summary>Where they disagree (").append(d.size()).append(" pairs)</summary>\n<table>\n"
          + "<tr><th>point</th><th>arch</th><th>batch</th><th>lr</th><th>wd</th><th>seed</th><th>layer</th>"
          + "<th>raw</th><th>normalized</th><th>raw (significant)</th><th>normalized (significant)</th>"
          + "<th>mean alignment raw / normalized</th></tr>\n");
      for (StatDisagreement x : d.stream().limit(MAX_ROWS * 4L).toList()) {
        body.append("<tr><td><code>").append(Html.escape(x.pointId())).append("</code></td><td>")
            .append(Html.escape(x.arch())).append("</td>").append(num(String.valueOf(x.batchSize())))
            .append(num(Html.number(x.learningRate()))).append(num(Html.number(x.weightDecay())))
            .append(num(String.valueOf(x.seed()))).append("<td>").append(Html.escape(x.layerName())).append("</td><td>")
            .append(Html.escape(x.rawPhase())).append("</td><td>").append(Html.escape(x.normalizedPhase()))
            .append("</td><td>").append(Html.escape(x.rawSignificant())).append("</td><td>")
            .append(Html.escape(x.normalizedSignificant())).append("</td>")
            .append(num(Html.fixed(x.rawMean(), 2) + " / " + Html.fixed(x.normalizedMean(), 2))).append("</tr>\n");
      }
      body.append("</table>\n</details>\n");
    }
    body.append("</section>\n");
    toc.add(ReportWriter.tocEntry("stats", "Raw and normalized statistics", entries));
  }

  /** (point, layer) pairs measured under both statistics, as {raw, normalized}; diverged layers left out. */
  static List<LayerPhase[]> pairs(List<LayerPhase> phases) {
    Map<String, LayerPhase[]> byKey = new LinkedHashMap<>();
    phases.stream().filter(p -> !"diverged".equals(p.phase()))
        .sorted(Comparator.comparing(LayerPhase::pointId).thenComparingInt(LayerPhase::layer))
        .forEach(p -> byKey.computeIfAbsent(p.pointId() + "|" + p.layer(), k -> new LayerPhase[2])
            ["raw".equals(p.stat()) ? 0 : 1] = p);
    return byKey.values().stream().filter(x -> x[0] != null && x[1] != null).toList();
  }

  private static double meanAlignment(LayerPhase p) {
    return p.alignment().meanOfPresent();
  }

  private static String interval(double lo, double hi) {
    return interval(lo, hi, 3);
  }

  private static String interval(double lo, double hi, int decimals) {
    return Double.isNaN(lo) ? "\u2013" : "[" + Html.fixed(lo, decimals) + ", " + Html.fixed(hi, decimals) + "]";
  }

  private static String num(String text) {
    return "<td class=\"num\">" + text + "</td>";
  }
}
