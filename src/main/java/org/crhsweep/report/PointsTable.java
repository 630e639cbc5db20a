package org.crhsweep.report;

import java.util.List;
import org.crhsweep.analysis.Executions;
import org.crhsweep.analysis.PointSummary;

/**
 * The report's table of points: one row per point, status coloured; an error column (errors cut to
 * 200 characters) only when some point has one; an execution column when any point is data-parallel.
 */
final class PointsTable {

  static final int MAX_ERROR_CHARS = 200;

  private PointsTable() {}

  static void write(StringBuilder body, List<PointSummary> points) {
    body.append("<section id=\"points\">\n<h2>Points</h2>\n");
    if (points.isEmpty()) {
      body.append("<p class=\"empty\">No points yet.</p>\n</section>\n");
      return;
    }
    // The execution column appears only in sweeps with data-parallel points.
    boolean executions = points.stream().anyMatch(p -> !Executions.TASK.equals(p.execution()));
    // The error column appears only when some point has an error to show.
    boolean errors = points.stream().anyMatch(p -> p.error() != null && !p.error().isBlank());
    body.append("<table>\n<thead><tr><th>id</th><th>arch</th>").append(executions ? "<th>execution</th>" : "")
        .append("<th>lr</th><th>batch</th><th>wd</th><th>seed</th>"
        + "<th>status</th><th>final train loss</th><th>final probe loss</th><th>wall s</th>").append(errors ? "<th>error</th>" : "")
        .append("</tr></thead>\n<tbody>\n");
    for (PointSummary p : points) {
      body.append("<tr>")
          .append("<td><code>").append(Html.escape(p.pointId())).append("</code></td>")
          .append("<td>").append(Html.escape(p.arch())).append("</td>")
          .append(executions ? "<td>" + Html.escape(p.execution()) + "</td>" : "")
          .append(num(Html.number(p.learningRate())))
          .append(num(String.valueOf(p.batchSize())))
          .append(num(Html.number(p.weightDecay())))
          .append(num(String.valueOf(p.seed())))
          .append("<td><span class=\"status status-").append(Html.escape(p.status())).append("\">")
          .append(Html.escape(p.status()))
          .append("</span></td>")
          .append(num(Html.general(p.finalTrainLoss())))
          .append(num(Html.general(p.finalProbeLoss())))
          .append(num(Html.fixed(p.wallSeconds(), 1)))
          .append(errors ? "<td class=\"error\">" + Html.escape(Html.truncate(p.error(), MAX_ERROR_CHARS)) + "</td>" : "")
          .append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n</section>\n");
  }

  private static String num(String text) {
    return "<td class=\"num\">" + text + "</td>";
  }
}
