package org.crhsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.crhsweep.analysis.Curve;
import org.crhsweep.probe.Relation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Alignment against training step for one point and stat: one small chart per layer with the six
 * relations as series, the mean chance level as a grey dashed series, a dark dashed line at 0.8, and
 * gaps where a value is missing.
 */
final class CurveCharts {

  static final int CHART_WIDTH = 380;
  static final int CHART_HEIGHT = 280;
  static final int MAX_COLUMNS = 3;
  private static final int LEGEND_HEIGHT = 40;
  private static final BasicStroke DASHED =
      new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  /** The threshold line drawn on every chart (the paper's usual alpha). */
  static final double THRESHOLD = 0.8;

  /** The colour of a relation, forward ones in cool tones and backward in warm; a new relation must pick one. */
  static Color color(Relation r) {
    return switch (r) {
      case F_RWA -> new Color(31, 119, 180);
      case F_GWA -> new Color(23, 190, 207);
      case F_RGA -> new Color(44, 160, 44);
      case B_RWA -> new Color(214, 39, 40);
      case B_GWA -> new Color(255, 127, 14);
      case B_RGA -> new Color(148, 103, 189);
    };
  }

  private CurveCharts() {}

  /** The figure of one point and stat; {@code curves} all share the point and the stat. */
  static BufferedImage figure(List<Curve> curves) {
    List<JFreeChart> charts = charts(curves);
    LegendTitle legend = new LegendTitle(charts.get(0).getXYPlot());
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(Heatmaps.AXIS_FONT);
    legend.setBackgroundPaint(Color.WHITE);
    int cols = Math.min(MAX_COLUMNS, charts.size());
    return ChartImages.grid(charts, cols, CHART_WIDTH, CHART_HEIGHT, legend, LEGEND_HEIGHT);
  }

  /**
   * One chart per layer of {@link #figure}, all on one alignment axis fitted to the curves and their
   * chance levels, so the layers compare at a glance.
   */
  static List<JFreeChart> charts(List<Curve> curves) {
    double[] span = Axes.span(curves.stream().flatMapToDouble(c -> DoubleStream.concat(
        Arrays.stream(c.alignment()), Arrays.stream(c.nullAlignment()))));
    double[] range = Axes.fitted(span, AnalysisCharts.MIN_SPAN, new double[] {0, 1});
    Map<Integer, List<Curve>> byLayer =
        curves.stream().collect(Collectors.groupingBy(Curve::layer, TreeMap::new, Collectors.toList()));
    List<JFreeChart> charts = new ArrayList<>();
    for (List<Curve> layer : byLayer.values()) {
      charts.add(chart(layer, range));
    }
    return charts;
  }

  /** Per step, the mean chance level of the layer's relations; empty when none was recorded. */
  static XYSeries chance(List<Curve> layer) {
    Map<Long, double[]> byStep = new TreeMap<>();
    for (Curve c : layer) {
      for (int i = 0; i < c.size(); i++) {
        if (!Double.isNaN(c.nullAlignment(i))) {
          double[] acc = byStep.computeIfAbsent(c.step(i), k -> new double[2]);
          acc[0] += c.nullAlignment(i);
          acc[1]++;
        }
      }
    }
    XYSeries series = new XYSeries("chance (mean null)", false, true);
    byStep.forEach((step, acc) -> series.add(step.doubleValue(), acc[0] / acc[1]));
    return series;
  }

  private static JFreeChart chart(List<Curve> layer, double[] range) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    int maxPoints = layer.stream().mapToInt(Curve::size).max().orElse(0);
    for (Relation relation : Relation.values()) {
      // Every relation gets a series, even an empty one, so colours and legend match across layers.
      XYSeries series = new XYSeries(relation.label(), false, true);
      for (Curve c : layer) {
        if (c.relation().equals(relation.label())) {
          for (int i = 0; i < c.size(); i++) {
            series.add(c.step(i), c.alignment(i));
          }
        }
      }
      int index = dataset.getSeriesCount();
      dataset.addSeries(series);
      renderer.setSeriesPaint(index, color(relation));
      renderer.setSeriesStroke(index, new BasicStroke(1.6f));
    }
    XYSeries chance = chance(layer);
    if (!chance.isEmpty()) {
      int index = dataset.getSeriesCount();
      dataset.addSeries(chance);
      renderer.setSeriesPaint(index, Color.GRAY);
      renderer.setSeriesStroke(index, DASHED);
    }
    // A short curve is invisible as a line alone.
    renderer.setDefaultShapesVisible(maxPoints <= 25);

    NumberAxis steps = new NumberAxis("step");
    steps.setAutoRangeIncludesZero(false);
    steps.setLabelFont(Heatmaps.AXIS_FONT);
    steps.setTickLabelFont(Heatmaps.TICK_FONT);
    NumberAxis alignment = new NumberAxis("alignment");
    alignment.setRange(range[0], range[1]);
    alignment.setLabelFont(Heatmaps.AXIS_FONT);
    alignment.setTickLabelFont(Heatmaps.TICK_FONT);

    XYPlot plot = new XYPlot(dataset, steps, alignment, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(225, 225, 225));
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    ValueMarker threshold = new ValueMarker(THRESHOLD);
    threshold.setPaint(Color.DARK_GRAY);
    threshold.setStroke(DASHED);
    plot.addRangeMarker(threshold);

    Curve any = layer.get(0);
    JFreeChart chart = new JFreeChart("L" + any.layer() + " " + any.layerName(), Heatmaps.TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
