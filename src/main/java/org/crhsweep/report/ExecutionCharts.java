package org.crhsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.probe.Relation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The figure of one {@link ExecutionComparison}: a row of panels per statistic, a column per layer; each
 * panel groups the six relations' final alignments as bars, one series (colour) per execution, task
 * mode first in grey, with the 0.8 threshold dashed.
 */
final class ExecutionCharts {

  static final int WIDTH = 400;
  static final int HEIGHT = 280;
  private static final int LEGEND_HEIGHT = 40;

  /** Task mode grey, then the data-parallel executions in distinct colours. */
  static final Color[] COLORS = {
    new Color(120, 120, 120), new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)
  };

  private ExecutionCharts() {}

  static BufferedImage figure(ExecutionComparison c) {
    List<JFreeChart> charts = new ArrayList<>();
    CategoryPlot first = null;
    double low = 0;
    for (LayerPhase r : c.rows()) {
      for (Relation rel : Relation.values()) {
        double v = r.alignment(rel);
        low = Double.isNaN(v) ? low : Math.min(low, v);
      }
    }
    for (String stat : c.stats()) {
      for (Map.Entry<Integer, String> layer : c.layers().entrySet()) {
        CategoryPlot plot = plot(dataset(c, stat, layer.getKey()), low);
        first = first == null ? plot : first;
        JFreeChart chart = new JFreeChart(stat + " \u00b7 L" + layer.getKey() + " " + layer.getValue(),
            Heatmaps.TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        charts.add(chart);
      }
    }
    LegendTitle legend = new LegendTitle(first);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(Heatmaps.AXIS_FONT);
    legend.setBackgroundPaint(Color.WHITE);
    return ChartImages.grid(charts, c.layers().size(), WIDTH, HEIGHT, legend, LEGEND_HEIGHT);
  }

  /** Rows are the executions (series), columns the relations (categories); a missing value is no bar. */
  static DefaultCategoryDataset dataset(ExecutionComparison c, String stat, int layer) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String e : c.executions()) {
      LayerPhase row = c.row(e, stat, layer);
      for (Relation r : Relation.values()) {
        double v = row == null ? Double.NaN : row.alignment(r);
        data.addValue(Double.isNaN(v) ? null : v, e, r.label());
      }
    }
    return data;
  }

  private static CategoryPlot plot(DefaultCategoryDataset data, double low) {
    CategoryAxis x = new CategoryAxis(null);
    x.setTickLabelFont(Heatmaps.TICK_FONT);
    x.setCategoryMargin(0.25);
    NumberAxis y = new NumberAxis("final alignment");
    y.setLabelFont(Heatmaps.AXIS_FONT);
    y.setTickLabelFont(Heatmaps.TICK_FONT);
    y.setRange(low < 0 ? Math.max(-1.02, low - 0.05) : 0, 1.02);
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.03);
    for (int s = 0; s < data.getRowCount(); s++) {
      renderer.setSeriesPaint(s, COLORS[s % COLORS.length]);
    }
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    ValueMarker threshold = new ValueMarker(CurveCharts.THRESHOLD, Color.DARK_GRAY,
        new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    plot.addRangeMarker(threshold);
    return plot;
  }
}
