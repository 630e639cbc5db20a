package org.crhsweep.report;

import java.util.List;
import java.util.Locale;
import org.crhsweep.analysis.PhaseSensitivity;
import org.crhsweep.analysis.PhaseSensitivity.Counts;
import org.crhsweep.analysis.PhaseSensitivity.Reading;
import org.crhsweep.analysis.PhaseSensitivity.Test;

/**
 * The report's section {@code pah-sensitivity}: the phase counts recomputed over a grid of thresholds, one
 * table per statistic, with a reading of how far the CRH and PAH counts move across the grid. The row of
 * the spec's own thresholds is the phases table's and is marked.
 */
final class SensitivitySection {

  private SensitivitySection() {}

  static void write(StringBuilder body, List<String> toc, PhaseSensitivity.Result r) {
    if (r.isEmpty()) {
      return;
    }
    String title = "How the phases move with the thresholds";
    toc.add(ReportWriter.tocEntry("pah-sensitivity", title, List.of()));
    body.append("<section id=\"pah-sensitivity\">\n<h2>").append(title).append("</h2>\n");
    body.append("<p>Every layer classified again from the stored rows at each alignment threshold, R\u00b2 floor "
        + "(min_r2) and exponent tolerance (|p \u2212 1|) of the grid, everything else as the spec says. "
        + "<i>PAH</i> uses the two-way test (both fits of the pair good and with reciprocal exponents), "
        + "<i>PAH one-way</i> the forward fit alone; <i>unaligned</i> is under the two-way test. The bold row "
        + "is the spec's thresholds: its counts are the phases table's.</p>\n");
    for (String stat : r.stats()) {
      table(body, r, stat);
    }
    body.append("</section>\n");
  }

  private static void table(StringBuilder body, PhaseSensitivity.Result r, String stat) {
    PhaseSensitivity.Grid g = r.grid();
    int minCrh = Integer.MAX_VALUE;
    int maxCrh = 0;
    int minPah = Integer.MAX_VALUE;
    int maxPah = 0;
    int minPahOne = Integer.MAX_VALUE;
    int maxPahOne = 0;
    int total = 0;
    StringBuilder rows = new StringBuilder();
    for (double t : g.thresholds()) {
      for (double r2 : g.minR2s()) {
        for (double tol : g.exponentTolerances()) {
          boolean spec = r.isSpec(t, r2, tol);
          rows.append(spec ? "<tr style=\"font-weight:bold\">" : "<tr>").append(td(num(t))).append(td(num(r2)))
              .append(td(num(tol)));
          for (Reading reading : Reading.values()) {
            Counts two = r.counts(t, r2, tol, stat, reading, Test.TWO_WAY);
            Counts one = r.counts(t, r2, tol, stat, reading, Test.ONE_WAY);
            rows.append(td(two.crh())).append(td(two.pah())).append(td(one.pah())).append(td(two.unaligned()));
            if (reading == Reading.PLAIN) {
              total = two.total();
              minCrh = Math.min(minCrh, two.crh());
              maxCrh = Math.max(maxCrh, two.crh());
              minPah = Math.min(minPah, two.pah());
              maxPah = Math.max(maxPah, two.pah());
              minPahOne = Math.min(minPahOne, one.pah());
              maxPahOne = Math.max(maxPahOne, one.pah());
            }
          }
          rows.append("</tr>\n");
        }
      }
    }
    body.append("<h3>").append(Html.escape(stat)).append("</h3>\n");
    body.append("<p class=\"reading\">Of ").append(total).append(" layers (").append(Html.escape(stat))
        .append(", plain reading), the grid gives CRH counts of ").append(range(minCrh, maxCrh))
        .append(", PAH (two-way) ").append(range(minPah, maxPah)).append(" and PAH (one-way) ")
        .append(range(minPahOne, maxPahOne)).append(".</p>\n");
    body.append("<table class=\"sensitivity\">\n<tr><th rowspan=\"2\">threshold</th><th rowspan=\"2\">min_r2</th>"
        + "<th rowspan=\"2\">exponent tolerance</th><th colspan=\"4\">plain reading</th>"
        + "<th colspan=\"4\">significant reading</th></tr>\n<tr>");
    for (int i = 0; i < 2; i++) {
      body.append("<th>CRH</th><th>PAH</th><th>PAH one-way</th><th>unaligned</th>");
    }
    body.append("</tr>\n").append(rows).append("</table>\n");
  }

  private static String range(int lo, int hi) {
    return lo == hi ? lo + " at every point" : lo + " to " + hi;
  }

  private static String td(Object v) {
    return "<td>" + v + "</td>";
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
