package org.crhsweep.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.probe.Relation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the sweep report: one self-contained HTML page (every image an inline PNG, no external CSS,
 * scripts or fonts) with the paper's claims checked, phase diagrams (lr x wd per batch size and on the
 * noise-scale axis), final alignment heatmaps, depth profiles, the weight-decay scaling test,
 * exponents by phase, replicates, raw against normalized, task mode against data-parallel (only when
 * the sweep has data-parallel points; every other figure keeps executions in separate panels), alignment
 * curves and the table of points.
 * Every figure carries a reading generated from its numbers; every string from the data is escaped.
 */
public final class ReportWriter {

  /** At most this many points get curve figures; the caller chooses which by what it passes. */
  public static final int MAX_CURVE_POINTS = 6;

  private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

  private static final String CSS = """
      body{font-family:sans-serif;margin:2em auto;max-width:1400px;padding:0 1em;color:#222}
      h1{margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
      dl.meta{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
      dl.meta dt{font-weight:bold} dl.meta dd{margin:0}
      figure{margin:1.5em 0} figure img{max-width:100%;height:auto;border:1px solid #ddd}
      figcaption{font-size:.95em;color:#444;margin-top:.4em;max-width:70em}
      table{border-collapse:collapse;font-size:.9em} th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left}
      th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
      td.error{font-family:monospace;font-size:.85em;max-width:40em;word-break:break-word}
      .status{font-weight:bold;padding:0 .4em;border-radius:3px}
      .status-done{background:#d7f0dc;color:#1b6b2c} .status-diverged{background:#333;color:#fff}
      .status-failed{background:#f8d0d0;color:#9b1c1c}
      .swatch{display:inline-block;width:1em;height:1em;border:1px solid #999;vertical-align:middle;margin:0 .3em 0 1em}
      p.empty{font-style:italic;color:#666}
      p.note{background:#fcefd0;border:1px solid #e5c77a;padding:.6em 1em;max-width:70em}
      p.reading{max-width:70em;line-height:1.4} figure p.reading{margin:.4em 0 0}
      p.reading:before{content:"Reading. ";font-weight:bold}
      td.verdict{font-weight:bold;text-align:center} td.verdict-yes{background:#d7f0dc}
      td.verdict-no{background:#f8d0d0} td.verdict-partly,td.verdict-unclear{background:#fcefd0}
      td.verdict-not-tested{color:#777} tr.differ td{background:#fff6e0}
      details{margin:1em 0} summary{cursor:pointer;color:#245}
      nav ol ol{font-size:.9em}
      """;

  private ReportWriter() {}

  /** Writes dir/index.html (self-contained: every image inline as a base64 PNG data URI) and returns its path. */
  public static Path write(Path dir, ReportData data) throws IOException {
    ChartImages.headless();
    List<PhaseGroup> groups = PhaseGroup.of(data.phases());
    Map<String, List<List<Curve>>> curveFigures = curveFigures(data.curves());

    StringBuilder body = new StringBuilder();
    List<String> toc = new ArrayList<>();
    Analyses analyses = data.analyses();
    ClaimsSection.write(body, toc, analyses);
    phaseSection(body, toc, groups);
    SensitivitySection.write(body, toc, data.sensitivity());
    AnalysisSections.noiseScale(body, toc, data.phases());
    alignmentSection(body, toc, groups);
    AnalysisSections.depth(body, toc, analyses);
    AnalysisSections.scaling(body, toc, analyses);
    AnalysisSections.exponents(body, toc, analyses);
    AnalysisSections.replicates(body, toc, analyses);
    AnalysisSections.rawVsNormalized(body, toc, analyses, data.phases());
    ExecutionSection.write(body, toc, data.phases(), data.points());
    curveSection(body, toc, data.curves(), curveFigures);
    toc.add(tocEntry("points", "Points (" + data.points().size() + ")", List.of()));
    PointsTable.write(body, data.points());

    StringBuilder html = new StringBuilder(body.length() + 4096);
    String title = "CRH sweep report: " + data.sweep();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(Html.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    header(html, title, data);
    html.append("<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
    toc.forEach(html::append);
    html.append("</ol>\n</nav>\n").append(body).append("</body>\n</html>\n");

    Files.createDirectories(dir);
    Path index = dir.resolve("index.html");
    Files.writeString(index, html, StandardCharsets.UTF_8);
    LOG.info("Wrote report of sweep {} to {} ({} phase groups, {} curve figures)", data.sweep(), index, groups.size(),
        curveFigures.values().stream().mapToInt(List::size).sum());
    return index;
  }

  private static void header(StringBuilder html, String title, ReportData data) {
    Map<String, Long> counts = new LinkedHashMap<>();
    List.of("done", "diverged", "failed").forEach(s -> counts.put(s, 0L));
    data.points().forEach(p -> counts.merge(p.status(), 1L, Long::sum));
    String byStatus = counts.entrySet().stream()
        .map(e -> "<span class=\"status status-" + e.getKey() + "\">" + e.getKey() + "</span> " + e.getValue())
        .collect(Collectors.joining(", "));
    html.append("<header>\n<h1>").append(Html.escape(title)).append("</h1>\n<dl class=\"meta\">\n");
    meta(html, "Sweep", Html.escape(data.sweep()));
    meta(html, "Spec hash", "<code>" + Html.escape(data.specHash()) + "</code>");
    meta(html, "Generated", Html.escape(data.generatedAt()));
    meta(html, "Points", data.points().size() + " (" + byStatus + ")");
    html.append("</dl>\n");
    String note = inputNote(counts.get("done"), counts.get("diverged"), counts.get("failed"));
    if (note != null) {
      html.append("<p class=\"note\" id=\"input-note\">").append(note).append("</p>\n");
    }
    html.append("</header>\n");
  }

  /**
   * What a sweep too small to analyse gets told at the top of its page (HTML), or null when it has
   * two or more finished points: no point, none finished, only diverged ones, a single one.
   */
  static String inputNote(long done, long diverged, long failed) {
    if (done + diverged + failed == 0) {
      return "This sweep has no recorded point yet, so there is nothing to show: run <code>crh sweep</code> (or wait "
          + "for it to commit its first points), then <code>crh report</code> again.";
    }
    if (done == 0) {
      String how = diverged > 0 && failed == 0 ? "every point diverged (" + diverged + ")"
          : failed > 0 && diverged == 0 ? "every point failed (" + failed + ")"
          : diverged + " points diverged and " + failed + " failed";
      return "No point of this sweep finished: " + how + ". No final alignment, claim or analysis can be computed; "
          + (diverged > 0 ? "the phase diagrams show the diverged points in black, and " : "")
          + "the table of points at the end lists each point" + (failed > 0 ? " with its error" : "") + ".";
    }
    if (done == 1) {
      return "One point finished" + (diverged + failed > 0 ? " (" + diverged + " diverged, " + failed + " failed)" : "")
          + ": the figures show that single point, and no claim that compares points (layers across points, weight "
          + "decays, seeds) can be tested; every interval needs several points.";
    }
    return null;
  }

  private static void meta(StringBuilder html, String term, String valueHtml) {
    html.append("<dt>").append(term).append("</dt><dd>").append(valueHtml).append("</dd>\n");
  }

  private static void phaseSection(StringBuilder body, List<String> toc, List<PhaseGroup> groups) {
    body.append("<section id=\"phases\">\n<h2>Phase diagrams</h2>\n");
    List<String[]> entries = new ArrayList<>();
    if (groups.isEmpty()) {
      body.append("<p class=\"empty\">No phases yet: run <code>crh phases</code> to classify the layers.</p>\n");
    } else {
      body.append("<p>Colours:");
      for (String phase : List.of("CRH", "PAH", "unaligned", "diverged", "missing")) {
        Color c = PhaseCharts.color(phase);
        body.append(String.format("<span class=\"swatch\" style=\"background:#%02x%02x%02x\"></span>%s",
            c.getRed(), c.getGreen(), c.getBlue(), phase));
      }
      body.append(". Each cell shows the ").append(Relation.values().length).append("-bit signature (")
          .append(Arrays.stream(Relation.values()).map(Relation::label).collect(Collectors.joining(" ")))
          .append(") above the mean of the six alignments, since values near the threshold flip between neighbouring points.</p>\n");
    }
    for (int k = 0; k < groups.size(); k++) {
      PhaseGroup g = groups.get(k);
      String id = "phase-" + (k + 1);
      int seeds = g.maxSeeds();
      String pooled = seeds > 1
          ? "; where several seeds share a cell (up to " + seeds + " seeds) it shows their majority phase and mean alignment"
          : "";
      figure(body, id, PhaseCharts.figure(g), "Phase of each layer of " + Html.escape(g.arch()) + " at batch size "
          + g.batchSize() + " under the " + Html.escape(g.stat()) + " statistic over learning rate (x) and weight "
          + "decay (y), the plain reading on the top row and the significant reading on the bottom row" + pooled + ".",
          Readings.phaseGroup(g));
      entries.add(new String[] {id, groupName(g)});
    }
    body.append("</section>\n");
    toc.add(tocEntry("phases", "Phase diagrams", entries));
  }

  private static void alignmentSection(StringBuilder body, List<String> toc, List<PhaseGroup> groups) {
    body.append("<section id=\"alignment\">\n<h2>Final alignment</h2>\n");
    List<String[]> entries = new ArrayList<>();
    if (groups.isEmpty()) {
      body.append("<p class=\"empty\">No final alignments yet: they come with the phases table.</p>\n");
    }
    int k = 0;
    for (PhaseGroup g : groups) {
      if (!AlignmentCharts.hasValues(g)) {
        body.append("<p class=\"empty\">").append(Html.escape(groupName(g))).append(": no final alignment to draw "
            + "(its points diverged or recorded none).</p>\n");
        continue;
      }
      String id = "alignment-" + (++k);
      int seeds = g.maxSeeds();
      AlignmentCharts.Sequential scale = AlignmentCharts.scale(g);
      figure(body, id, AlignmentCharts.figure(g), "Final alignment \u03b1 of each relation (rows) in each layer "
          + "(columns) of " + Html.escape(g.arch()) + " at batch size " + g.batchSize() + " under the "
          + Html.escape(g.stat()) + " statistic over learning rate (x) and weight decay (y). The colour runs from "
          + "white at " + Html.fixed(scale.lo(), 2) + " to dark red at " + Html.fixed(scale.hi(), 2) + " (the span "
          + "of these values); each panel's title gives its mean chance level, and each cell prints \u03b1 above "
          + "\u03b1 \u2212 chance" + (seeds > 1 ? ", each the mean of up to " + seeds + " seeds" : "") + ".",
          Readings.alignmentGroup(g));
      entries.add(new String[] {id, groupName(g)});
    }
    body.append("</section>\n");
    toc.add(tocEntry("alignment", "Final alignment", entries));
  }

  private static void curveSection(
      StringBuilder body, List<String> toc, List<Curve> all, Map<String, List<List<Curve>>> figures) {
    body.append("<section id=\"curves\">\n<h2>Alignment curves</h2>\n");
    List<String[]> entries = new ArrayList<>();
    body.append("<p>The points drawn: up to ").append(MAX_CURVE_POINTS).append(" picked evenly along the sweep's "
        + "finished and diverged points in the order of the table of points (arch, batch size, learning rate, weight "
        + "decay, seed): the first, the last, and the rest evenly spaced between, so the picks span the grid rather "
        + "than cluster in one corner. A point's curves stop where it diverged.</p>\n");
    if (figures.isEmpty()) {
      body.append("<p class=\"empty\">No curves to draw: no point of this sweep has alignment measurements.</p>\n");
    }
    long given = all.stream().map(Curve::pointId).distinct().count();
    if (given > figures.size()) {
      body.append("<p>Curves of ").append(given - figures.size()).append(" more points were given; only the first ")
          .append(MAX_CURVE_POINTS).append(" are drawn.</p>\n");
    }
    int k = 0;
    for (List<List<Curve>> point : figures.values()) {
      for (List<Curve> curves : point) {
        Curve any = curves.get(0);
        String id = "curves-" + (++k);
        figure(body, id, CurveCharts.figure(curves), "Alignment of the six relations against training step in each "
            + "layer of point " + Html.escape(any.label()) + " (<code>" + Html.escape(any.pointId()) + "</code>) "
            + "under the " + Html.escape(any.stat()) + " statistic, with the 0.8 threshold dark dashed and the mean "
            + "chance level of the six relations grey dashed (where recorded).",
            Readings.curves(curves));
        entries.add(new String[] {id, any.label() + " \u00b7 " + any.stat()});
      }
    }
    body.append("</section>\n");
    toc.add(tocEntry("curves", "Alignment curves", entries));
  }

  /** Curves by point (first {@link #MAX_CURVE_POINTS} in the order given), then by stat, raw first. */
  static Map<String, List<List<Curve>>> curveFigures(List<Curve> curves) {
    Map<String, List<Curve>> byPoint =
        curves.stream().collect(Collectors.groupingBy(Curve::pointId, LinkedHashMap::new, Collectors.toList()));
    Map<String, List<List<Curve>>> figures = new LinkedHashMap<>();
    for (Map.Entry<String, List<Curve>> point : byPoint.entrySet()) {
      if (figures.size() == MAX_CURVE_POINTS) {
        break;
      }
      Map<String, List<Curve>> byStat = point.getValue().stream().collect(
          Collectors.groupingBy(Curve::stat, () -> new TreeMap<>(Comparator.comparing(ReportWriter::statOrder)
              .thenComparing(Comparator.naturalOrder())), Collectors.toList()));
      figures.put(point.getKey(), List.copyOf(byStat.values()));
    }
    return figures;
  }

  private static int statOrder(String stat) {
    return "raw".equals(stat) ? 0 : 1;
  }

  private static String groupName(PhaseGroup g) {
    return g.arch() + " \u00b7 batch " + g.batchSize() + " \u00b7 " + g.stat();
  }

  /** A figure with its caption (what it shows) and its reading (what it says), both HTML. */
  static void figure(StringBuilder body, String id, BufferedImage image, String captionHtml, String readingHtml) {
    body.append("<figure id=\"").append(id).append("\">\n<img src=\"").append(ChartImages.pngDataUri(image))
        .append("\" width=\"").append(image.getWidth()).append("\" height=\"").append(image.getHeight())
        .append("\" alt=\"").append(Html.escape(captionHtml.replaceAll("<[^>]*>", ""))).append("\">\n<figcaption>")
        .append(captionHtml).append("</figcaption>\n<p class=\"reading\">").append(readingHtml)
        .append("</p>\n</figure>\n");
  }

  /** A contents line linking to a section, with its figures (id, plain-text name) nested under it. */
  static String tocEntry(String id, String title, List<String[]> figures) {
    StringBuilder li = new StringBuilder("<li><a href=\"#").append(id).append("\">").append(title).append("</a>");
    if (!figures.isEmpty()) {
      li.append("<ol>");
      for (String[] f : figures) {
        li.append("<li><a href=\"#").append(f[0]).append("\">").append(Html.escape(f[1])).append("</a></li>");
      }
      li.append("</ol>");
    }
    return li.append("</li>\n").toString();
  }
}
