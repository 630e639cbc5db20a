package org.crhsweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crhsweep.analysis.Executions;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.PointSummary;
import org.crhsweep.probe.Relation;

/**
 * The report's "Task mode vs data-parallel" section, written only when the sweep has data-parallel
 * points: per configuration trained in both modes, a figure of the final alignments side by side, a
 * table of the numbers, and each execution's final losses and wall time. Every string from the data is
 * escaped.
 */
final class ExecutionSection {

  /** Configurations drawn; the rest are counted and left to the phases table. */
  static final int MAX_FIGURES = 8;

  private ExecutionSection() {}

  static void write(StringBuilder body, List<String> toc, List<LayerPhase> phases, List<PointSummary> points) {
    if (!ExecutionComparison.anyDataParallel(points, phases)) {
      return;
    }
    body.append("<section id=\"execution\">\n<h2>Task mode vs data-parallel</h2>\n<p>Each configuration (arch, "
        + "learning rate, batch size, weight decay, seed) trained both in task mode (one Spark task) and "
        + "data-parallel (DL4J Spark parameter averaging over W workers every F local steps, "
        + "<code>data_parallel wW fF</code>). The batch size is the global one in both modes (a worker takes "
        + "batch size / W per step), so averaging after every step (F = 1) is the same SGD as task mode and its "
        + "bars should match task mode's; a larger F changes the gradient noise. Final alignment is the phases "
        + "table's: the mean over each point's final fraction of measurements (<code>phase.final_fraction</code>, "
        + "20% by default). The phase diagrams and analyses above show each execution in its own panels.</p>\n");
    List<ExecutionComparison> configs = ExecutionComparison.of(phases, points);
    List<String[]> entries = new ArrayList<>();
    if (configs.isEmpty()) {
      body.append("<p class=\"empty\">No configuration has phases in task mode and in a data-parallel execution: "
          + "add <code>task</code> to <code>execution.mode</code> and run <code>crh phases</code>.</p>\n");
    }
    for (int k = 0; k < Math.min(configs.size(), MAX_FIGURES); k++) {
      ExecutionComparison c = configs.get(k);
      String id = "execution-" + (k + 1);
      ReportWriter.figure(body, id, ExecutionCharts.figure(c), "Final alignment of each relation in each layer of "
          + Html.escape(c.name()) + ", one bar per execution (" + Html.escape(String.join(", ", c.executions()))
          + "), one row of panels per statistic; the dashed line is the 0.8 threshold.", reading(c));
      table(body, c);
      entries.add(new String[] {id, c.name()});
    }
    if (configs.size() > MAX_FIGURES) {
      body.append("<p>").append(configs.size() - MAX_FIGURES).append(" more configurations were trained in both "
          + "modes: query the phases table by <code>execution_mode</code>, <code>workers</code> and "
          + "<code>averaging_frequency</code>.</p>\n");
    }
    body.append("</section>\n");
    toc.add(ReportWriter.tocEntry("execution", "Task mode vs data-parallel", entries));
  }

  /** Per data-parallel execution and stat: the largest and the mean signed difference from task mode. */
  static String reading(ExecutionComparison c) {
    List<String> parts = new ArrayList<>();
    for (String e : c.executions().subList(1, c.executions().size())) {
      List<String> byStat = new ArrayList<>();
      int samePhase = 0;
      int pairs = 0;
      for (String stat : c.stats()) {
        double max = Double.NaN;
        double sum = 0;
        int n = 0;
        for (int layer : c.layers().keySet()) {
          LayerPhase task = c.row(Executions.TASK, stat, layer);
          LayerPhase dp = c.row(e, stat, layer);
          if (task == null || dp == null) {
            continue;
          }
          pairs++;
          samePhase += task.phase().equals(dp.phase()) ? 1 : 0;
          for (Relation r : Relation.values()) {
            double d = dp.alignment(r) - task.alignment(r);
            if (!Double.isNaN(d)) {
              max = Double.isNaN(max) ? Math.abs(d) : Math.max(max, Math.abs(d));
              sum += d;
              n++;
            }
          }
        }
        if (n > 0) {
          byStat.add("at most " + Html.fixed(max, 3) + " (mean " + signed(sum / n) + ") under " + Html.escape(stat));
        }
      }
      parts.add(Html.escape(e) + " differs from task mode by " + (byStat.isEmpty() ? "nothing measurable"
          : String.join(", ", byStat)) + "; same phase in " + samePhase + " of " + pairs + " (layer, stat) pairs");
    }
    return "Final alignment, data-parallel minus task mode: " + String.join(". ", parts) + ".";
  }

  private static void table(StringBuilder body, ExecutionComparison c) {
    body.append("<table class=\"execution\">\n<tr><th>execution</th><th>point</th><th>status</th>"
        + "<th>final train loss</th><th>final probe loss</th><th>wall s</th></tr>\n");
    for (String e : c.executions()) {
      PointSummary p = c.point(e);
      body.append("<tr><td>").append(Html.escape(e)).append("</td>");
      if (p == null) {
        body.append("<td colspan=\"5\">not in the points table</td></tr>\n");
        continue;
      }
      body.append("<td><code>").append(Html.escape(p.pointId())).append("</code></td><td>")
          .append(Html.escape(p.status())).append("</td>").append(num(Html.general(p.finalTrainLoss())))
          .append(num(Html.general(p.finalProbeLoss()))).append(num(Html.fixed(p.wallSeconds(), 1))).append("</tr>\n");
    }
    body.append("</table>\n<details><summary>Final alignments of ").append(Html.escape(c.name()))
        .append("</summary>\n<table class=\"execution-alignment\">\n<tr><th>stat</th><th>layer</th><th>execution</th>"
            + "<th>phase</th>");
    for (Relation r : Relation.values()) {
      body.append("<th>").append(r.label()).append("</th>");
    }
    body.append("</tr>\n");
    for (String stat : c.stats()) {
      for (Map.Entry<Integer, String> layer : c.layers().entrySet()) {
        for (String e : c.executions()) {
          LayerPhase row = c.row(e, stat, layer.getKey());
          if (row == null) {
            continue;
          }
          body.append("<tr><td>").append(Html.escape(stat)).append("</td><td>").append(Html.escape(layer.getValue()))
              .append("</td><td>").append(Html.escape(e)).append("</td><td>").append(Html.escape(row.phase()))
              .append("</td>");
          for (Relation r : Relation.values()) {
            body.append(num(Html.fixed(row.alignment(r), 3)));
          }
          body.append("</tr>\n");
        }
      }
    }
    body.append("</table>\n</details>\n");
  }

  private static String signed(double v) {
    String f = Html.fixed(v, 3).replace("-0.000", "0.000");
    return (f.startsWith("-") ? "" : "+") + f;
  }

  private static String num(String text) {
    return "<td class=\"num\">" + text + "</td>";
  }
}
