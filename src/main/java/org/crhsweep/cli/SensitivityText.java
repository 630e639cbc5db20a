package org.crhsweep.cli;

import java.io.PrintWriter;
import org.crhsweep.analysis.PhaseSensitivity;
import org.crhsweep.analysis.PhaseSensitivity.Counts;
import org.crhsweep.analysis.PhaseSensitivity.Reading;
import org.crhsweep.analysis.PhaseSensitivity.Test;

/**
 * The sensitivity grid of {@code crh phases --sensitivity} as text: per statistic one line per grid point,
 * CRH, PAH (two-way), PAH (one-way) and unaligned (two-way) under each reading; the spec's own point is
 * starred (its counts are the phases table's).
 */
final class SensitivityText {

  private SensitivityText() {}

  static void print(PrintWriter out, String sweep, PhaseSensitivity.Result r) {
    if (r.isEmpty()) {
      out.println("Sensitivity of sweep " + sweep + ": no classified layers.");
      return;
    }
    out.println("Phase counts of sweep " + sweep + " over the thresholds (PAH: two-way test, PAH1: one-way;"
        + " unal: unaligned, two-way; * the spec's thresholds, as in the phases table):");
    for (String stat : r.stats()) {
      Counts any = r.counts(r.grid().thresholds().get(0), r.grid().minR2s().get(0),
          r.grid().exponentTolerances().get(0), stat, Reading.PLAIN, Test.TWO_WAY);
      out.printf("stat %s: %d layers, %d diverged%n", stat, any.total(), any.diverged());
      // The same widths as the rows below: 26 characters of thresholds, then " | " and 21 per reading.
      out.println(String.format("  %-9s %-6s %-7s | %-21s | %s", "threshold", "min_r2", "exp_tol", "plain",
          "significant"));
      out.println(String.format("  %-9s %-6s %-7s | %4s %4s %4s %5s  | %4s %4s %4s %5s", "", "", "", "CRH", "PAH",
          "PAH1", "unal", "CRH", "PAH", "PAH1", "unal"));
      for (double t : r.grid().thresholds()) {
        for (double r2 : r.grid().minR2s()) {
          for (double tol : r.grid().exponentTolerances()) {
            StringBuilder line = new StringBuilder(String.format("%s %-9s %-6s %-7s", r.isSpec(t, r2, tol) ? "*" : " ",
                t, r2, tol));
            for (Reading reading : Reading.values()) {
              Counts two = r.counts(t, r2, tol, stat, reading, Test.TWO_WAY);
              Counts one = r.counts(t, r2, tol, stat, reading, Test.ONE_WAY);
              line.append(String.format(" | %4d %4d %4d %5d ", two.crh(), two.pah(), one.pah(), two.unaligned()));
            }
            out.println(line.toString().stripTrailing());
          }
        }
      }
    }
    out.flush();
  }
}
