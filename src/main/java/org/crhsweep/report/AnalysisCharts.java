package org.crhsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import org.crhsweep.analysis.Analyses.DepthProfile;
import org.crhsweep.analysis.Analyses.ExponentBand;
import org.crhsweep.analysis.Analyses.ScalingSlope;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.WeightDecayScaling;
import org.crhsweep.probe.Relation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The analyses' figures: depth profiles (alignment per relation against layer), the weight-decay
 * scaling slopes with their intervals against the predicted 2, exponents by phase as box plots over
 * the [1/3, 3] band, and raw against normalized final alignment.
 */
final class AnalysisCharts {

  static final int WIDTH = 420;
  static final int HEIGHT = 320;
  private static final int LEGEND_HEIGHT = 40;
  /** The narrowest alignment axis: a single value still gets a readable range. */
  static final double MIN_SPAN = 0.1;
  private static final BasicStroke DASHED =
      new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private AnalysisCharts() {}

  /** One panel per stat of one arch: mean final alignment of each relation against layer, chance dashed. */
  static BufferedImage depth(List<DepthProfile> profiles) {
    List<JFreeChart> charts = depthCharts(profiles);
    return ChartImages.grid(charts, Math.min(2, charts.size()), WIDTH, HEIGHT, legend(charts.get(0).getXYPlot()),
        LEGEND_HEIGHT);
  }

  /** The panels of {@link #depth}; the y axis fitted to the alignments and chance levels drawn. */
  static List<JFreeChart> depthCharts(List<DepthProfile> profiles) {
    List<JFreeChart> charts = new ArrayList<>();
    for (DepthProfile d : profiles) {
      XYSeriesCollection data = new XYSeriesCollection();
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
      for (Relation r : Relation.values()) {
        XYSeries s = new XYSeries(r.label(), false, true);
        for (int j = 0; j < d.layers().size(); j++) {
          s.add(d.layers().get(j).doubleValue(), d.alignment().get(r)[j]);
        }
        data.addSeries(s);
        renderer.setSeriesPaint(r.ordinal(), CurveCharts.color(r));
        renderer.setSeriesStroke(r.ordinal(), new BasicStroke(1.6f));
      }
      XYSeries chance = new XYSeries("chance (mean null)", false, true);
      for (int j = 0; j < d.layers().size(); j++) {
        chance.add(d.layers().get(j).doubleValue(), d.chance()[j]);
      }
      data.addSeries(chance);
      // The chance series comes after one series per relation.
      renderer.setSeriesPaint(Relation.values().length, Color.GRAY);
      renderer.setSeriesStroke(Relation.values().length, DASHED);
      NumberAxis x = axis("layer");
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      x.setRange(d.layers().get(0) - 0.3, d.layers().get(d.layers().size() - 1) + 0.3);
      NumberAxis y = axis("mean final alignment");
      Axes.fit(y, Axes.span(DoubleStream.concat(d.alignment().values().stream().flatMapToDouble(Arrays::stream),
          Arrays.stream(d.chance()))), MIN_SPAN, new double[] {0, 1});
      charts.add(chart(d.stat() + " \u00b7 " + d.points() + " points", plot(new XYPlot(data, x, y, renderer))));
    }
    return charts;
  }

  /** The slopes of one arch and stat by layer, each ratio its own series, with the theory's 2 dashed. */
  static BufferedImage scaling(List<ScalingSlope> slopes) {
    JFreeChart chart = scalingChart(slopes);
    return ChartImages.grid(List.of(chart), 1, 2 * WIDTH, HEIGHT, legend(chart.getXYPlot()), LEGEND_HEIGHT);
  }

  /** The chart of {@link #scaling}; the y axis fitted to the intervals and the theory's 2. */
  static JFreeChart scalingChart(List<ScalingSlope> slopes) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    double lo = WeightDecayScaling.PREDICTED;
    double hi = WeightDecayScaling.PREDICTED;
    List<String> ratios = slopes.stream().map(ScalingSlope::ratio).distinct().toList();
    for (int k = 0; k < ratios.size(); k++) {
      YIntervalSeries s = new YIntervalSeries(ratios.get(k));
      for (ScalingSlope sl : slopes) {
        if (sl.ratio().equals(ratios.get(k)) && Double.isFinite(sl.slope())) {
          double l = Double.isFinite(sl.lo()) ? sl.lo() : sl.slope();
          double h = Double.isFinite(sl.hi()) ? sl.hi() : sl.slope();
          s.add(sl.layer() + (k - 0.5 * (ratios.size() - 1)) * 0.12, sl.slope(), l, h);
          lo = Math.min(lo, l);
          hi = Math.max(hi, h);
        }
      }
      data.addSeries(s);
    }
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(false);
    renderer.setDefaultShapesVisible(true);
    renderer.setErrorStroke(new BasicStroke(1.5f));
    renderer.setSeriesPaint(0, CurveCharts.color(Relation.B_GWA));
    renderer.setSeriesPaint(1, CurveCharts.color(Relation.B_RGA));
    NumberAxis x = axis("layer");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    int minLayer = slopes.stream().mapToInt(ScalingSlope::layer).min().orElse(1);
    int maxLayer = slopes.stream().mapToInt(ScalingSlope::layer).max().orElse(1);
    x.setRange(minLayer - 0.5, maxLayer + 0.5);
    NumberAxis y = axis("slope of ln ratio on ln weight decay");
    Axes.fit(y, new double[] {Math.max(-10, lo), Math.min(10, hi)}, 0.1, null);
    XYPlot plot = plot(new XYPlot(data, x, y, renderer));
    ValueMarker two = new ValueMarker(2.0);
    two.setPaint(Color.DARK_GRAY);
    two.setStroke(DASHED);
    plot.addRangeMarker(two);
    ScalingSlope any = slopes.get(0);
    return chart(any.arch() + " \u00b7 " + any.stat() + " \u00b7 theory: 2 (dashed)", plot);
  }

  /** Box plots of the final exponents by phase (columns) and stat (series), over the shaded [1/3, 3]. */
  static BufferedImage exponents(List<ExponentBand> bands) {
    JFreeChart chart = exponentsChart(bands);
    LegendTitle legend = new LegendTitle(chart.getCategoryPlot());
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(Heatmaps.AXIS_FONT);
    legend.setBackgroundPaint(Color.WHITE);
    return ChartImages.grid(List.of(chart), 1, 2 * WIDTH, HEIGHT + 40, legend, LEGEND_HEIGHT);
  }

  /** The chart of {@link #exponents}; the y axis fitted to the exponents drawn (far outliers clipped at -6 and 9). */
  static JFreeChart exponentsChart(List<ExponentBand> bands) {
    DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
    for (ExponentBand b : bands) {
      data.add(Arrays.stream(b.values()).boxed().toList(), b.stat(), b.phase());
    }
    double[] span = Axes.span(bands.stream().flatMapToDouble(b -> Arrays.stream(b.values())));
    BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
    // The mean is in the table; a single repeated value would draw it as a huge disc.
    renderer.setMeanVisible(false);
    renderer.setMaximumBarWidth(0.15);
    renderer.setSeriesPaint(0, new Color(120, 160, 210));
    renderer.setSeriesPaint(1, new Color(240, 170, 110));
    renderer.setDefaultToolTipGenerator(null);
    CategoryAxis x = new CategoryAxis("phase of the layer (plain reading)");
    x.setLabelFont(Heatmaps.AXIS_FONT);
    x.setTickLabelFont(Heatmaps.TICK_FONT);
    NumberAxis y = axis("fitted exponent p");
    Axes.fit(y, span == null ? null : new double[] {Math.max(-6, span[0]), Math.min(9, span[1])}, 0.2,
        new double[] {0, 2});
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    IntervalMarker band = new IntervalMarker(1.0 / 3, 3.0);
    band.setPaint(new Color(46, 160, 67, 40));
    plot.addRangeMarker(band, org.jfree.chart.ui.Layer.BACKGROUND);
    ValueMarker one = new ValueMarker(1.0);
    one.setPaint(Color.GRAY);
    one.setStroke(DASHED);
    plot.addRangeMarker(one);
    JFreeChart chart = new JFreeChart("final exponents; shaded: [1/3, 3], dashed: p = 1", Heatmaps.TITLE_FONT, plot,
        false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Final alignment under raw (x) against normalized (y), one series per relation, the diagonal dashed. */
  static BufferedImage rawVsNormalized(List<LayerPhase[]> pairs) {
    JFreeChart chart = rawVsNormalizedChart(pairs);
    return ChartImages.grid(List.of(chart), 1, 560, 480, legend(chart.getXYPlot()), LEGEND_HEIGHT);
  }

  /**
   * The chart of {@link #rawVsNormalized}: both axes over the same range fitted to the data, so the
   * dashed y = x line is the diagonal (above it, normalizing aligns more).
   */
  static JFreeChart rawVsNormalizedChart(List<LayerPhase[]> pairs) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    for (Relation r : Relation.values()) {
      XYSeries s = new XYSeries(r.label(), false, true);
      for (LayerPhase[] p : pairs) {
        double a = p[0].alignment(r);
        double b = p[1].alignment(r);
        if (!Double.isNaN(a) && !Double.isNaN(b)) {
          s.add(a, b);
        }
      }
      data.addSeries(s);
      renderer.setSeriesPaint(r.ordinal(), CurveCharts.color(r));
      renderer.setSeriesShape(r.ordinal(), new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
    }
    double[] range = Axes.fitted(Axes.span(pairs.stream().flatMapToDouble(p -> DoubleStream.concat(
        p[0].alignment().stream(), p[1].alignment().stream()))), MIN_SPAN, new double[] {0, 1});
    NumberAxis x = axis("final alignment, raw");
    x.setRange(range[0], range[1]);
    NumberAxis y = axis("final alignment, normalized");
    y.setRange(range[0], range[1]);
    XYPlot plot = plot(new XYPlot(data, x, y, renderer));
    XYLineAnnotation diagonal = new XYLineAnnotation(range[0], range[0], range[1], range[1], DASHED, Color.DARK_GRAY);
    plot.addAnnotation(diagonal);
    for (boolean domain : new boolean[] {true, false}) {
      ValueMarker m = new ValueMarker(CurveCharts.THRESHOLD);
      m.setPaint(Color.GRAY);
      m.setStroke(DASHED);
      if (domain) {
        plot.addDomainMarker(m);
      } else {
        plot.addRangeMarker(m);
      }
    }
    return chart("one dot per (point, layer, relation); dark dashed: y = x; grey: 0.8", plot);
  }

  private static NumberAxis axis(String label) {
    NumberAxis a = new NumberAxis(label);
    a.setLabelFont(Heatmaps.AXIS_FONT);
    a.setTickLabelFont(Heatmaps.TICK_FONT);
    a.setAutoRangeIncludesZero(false);
    return a;
  }

  private static XYPlot plot(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(225, 225, 225));
    plot.setRangeGridlinePaint(new Color(225, 225, 225));
    return plot;
  }

  private static JFreeChart chart(String title, XYPlot plot) {
    JFreeChart chart = new JFreeChart(title, Heatmaps.TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static LegendTitle legend(XYPlot plot) {
    LegendTitle legend = new LegendTitle(plot);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(Heatmaps.AXIS_FONT);
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }

}
