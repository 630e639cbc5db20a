package org.crhsweep.report;

import java.util.List;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.Analyses.Claim;
import org.crhsweep.analysis.PaperClaims;

/**
 * The report's first section: the paper's claims, each row with its verdict, its numbers on the
 * final alignment α and on α − null_alignment (above chance), and the evidence that says which of
 * the two the verdict followed.
 */
final class ClaimsSection {

  private ClaimsSection() {}

  static void write(StringBuilder body, List<String> toc, Analyses a) {
    body.append("<section id=\"claims\">\n<h2>The paper's claims, checked</h2>\n");
    toc.add(ReportWriter.tocEntry("claims", "The paper's claims, checked", List.of()));
    if (a.claims().isEmpty()) {
      body.append("<p class=\"empty\">No layer of a finished point has phases, so no claim can be checked.</p>\n"
          + "</section>\n");
      return;
    }
    long yes = a.claims().stream().filter(c -> PaperClaims.YES.equals(c.verdict())).count();
    long tested = a.claims().stream().filter(c -> !PaperClaims.NOT_TESTED.equals(c.verdict())).count();
    body.append("<p class=\"reading\">Of ").append(a.claims().size()).append(" checks (each claim under each "
        + "statistic), this sweep can test ").append(tested).append(" and supports ").append(yes)
        .append(". Verdicts: <i>yes</i>/<i>no</i> when a 95% interval settles it, <i>unclear</i> when it does not, "
            + "<i>partly</i> for a claim that holds in degree only, <i>not tested</i> when the sweep cannot tell.</p>\n");
    body.append("<p>Every alignment claim is read twice: on the final alignment \u03b1, and on \u03b1 minus its "
        + "chance level (<code>null_alignment</code>, the alignment the same matrices reach once one is rotated at "
        + "random). Small matrices correlate highly by accident, so where chance differs between the things a claim "
        + "compares (by more than ").append(Html.fixed(PaperClaims.CHANCE_SPREAD, 2)).append(", as between a wide "
        + "hidden layer and a narrow output layer) the verdict follows the above-chance numbers; the evidence says "
        + "which one it followed.</p>\n");
    body.append("<table class=\"claims\">\n<tr><th>claim</th><th>verdict</th><th>on \u03b1</th>"
        + "<th>above chance (\u03b1 \u2212 null)</th><th>evidence</th></tr>\n");
    for (Claim c : a.claims()) {
      body.append("<tr><td>").append(Html.escape(c.claim())).append("</td><td class=\"verdict verdict-")
          .append(Html.escape(c.verdict().replace(' ', '-'))).append("\">").append(Html.escape(c.verdict()))
          .append("</td><td class=\"alpha\">").append(Html.escape(c.alpha())).append("</td><td class=\"chance\">")
          .append(Html.escape(c.aboveChance())).append("</td><td>").append(Html.escape(c.evidence()))
          .append("</td></tr>\n");
    }
    body.append("</table>\n</section>\n");
  }
}
