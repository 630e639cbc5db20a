package org.crhsweep.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import org.crhsweep.probe.Relation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * Final alignment heatmaps: rows are the six relations, columns the layers, each cell the lr x wd
 * plane. The colour scale is fitted to the group's alignments (white at the lowest, dark red at the
 * highest); each panel's title gives its mean chance level and each cell prints α above α − chance.
 */
final class AlignmentCharts {

  static final int CHART_WIDTH = 270;
  static final int CHART_HEIGHT = 240;
  private static final int LEGEND_HEIGHT = 60;

  private AlignmentCharts() {}

  /** White at {@code lo} to dark red at {@code hi}; NaN is white. */
  record Sequential(double lo, double hi) implements PaintScale, Serializable {
    private static final Color HIGH = new Color(165, 15, 21);
    private static final Color LOW = new Color(255, 245, 240);

    @Override
    public double getLowerBound() {
      return lo;
    }

    @Override
    public double getUpperBound() {
      return hi;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return Color.WHITE;
      }
      double w = Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
      return new Color(mix(LOW.getRed(), HIGH.getRed(), w), mix(LOW.getGreen(), HIGH.getGreen(), w),
          mix(LOW.getBlue(), HIGH.getBlue(), w));
    }

    /** Whether text on this value's colour reads better in white. */
    boolean dark(double value) {
      return (value - lo) / (hi - lo) > 0.6;
    }

    private static int mix(int from, int to, double w) {
      return (int) Math.round(from + (to - from) * w);
    }
  }

  /** Whether the group has any final alignment to draw (a sweep of diverged points has none). */
  static boolean hasValues(PhaseGroup group) {
    return values(group).findAny().isPresent();
  }

  /** The colour scale of a group: its alignments' span, padded, at least 0.1 wide, inside [-1, 1]. */
  static Sequential scale(PhaseGroup group) {
    double[] r = Axes.fitted(Axes.span(values(group)), AnalysisCharts.MIN_SPAN, new double[] {0, 1});
    double lo = Math.max(-1, r[0]);
    double hi = Math.min(1, r[1]);
    return new Sequential(Math.min(lo, hi - AnalysisCharts.MIN_SPAN), Math.max(hi, lo + AnalysisCharts.MIN_SPAN));
  }

  /** The figure of one group: a row per relation, a column per layer, the colour scale underneath. */
  static BufferedImage figure(PhaseGroup group) {
    Sequential scale = scale(group);
    return ChartImages.grid(charts(group, scale), group.layers().size(), CHART_WIDTH, CHART_HEIGHT, legend(scale),
        LEGEND_HEIGHT);
  }

  static List<JFreeChart> charts(PhaseGroup group, Sequential scale) {
    List<JFreeChart> charts = new ArrayList<>();
    for (Relation r : Relation.values()) {
      for (var layer : group.layers().entrySet()) {
        LrWdGrid<Double> alignment = group.alignmentGrid(layer.getKey(), r);
        LrWdGrid<Double> chance = group.chanceGrid(layer.getKey(), r);
        double meanChance = LrWdGrid.mean(chance);
        String title = r.label() + " \u00b7 L" + layer.getKey() + " " + layer.getValue() + " \u00b7 chance "
            + Html.fixed(meanChance, 2);
        // Cells as (alpha, chance) pairs, so each can print its own alpha - chance.
        LrWdGrid<double[]> cells = LrWdGrid.of(alignment.lrs(), alignment.wds(), (lr, wd) -> {
          Double a = alignment.at(alignment.lrs().indexOf(lr), alignment.wds().indexOf(wd));
          Double c = chance.at(chance.lrs().indexOf(lr), chance.wds().indexOf(wd));
          return a == null ? null : new double[] {a, c == null ? Double.NaN : c};
        }).withXLabel(alignment.xLabel());
        charts.add(Heatmaps.heatmap(title, cells, v -> v[0], scale, v -> new Heatmaps.CellText(
            Double.isNaN(v[1]) ? List.of(Html.fixed(v[0], 2)) : List.of(Html.fixed(v[0], 2), Html.signed(v[0] - v[1], 2)),
            scale.dark(v[0]) ? Color.WHITE : Color.BLACK), CHART_WIDTH, CHART_HEIGHT));
      }
    }
    return charts;
  }

  private static DoubleStream values(PhaseGroup group) {
    return group.rows().stream().filter(p -> !"diverged".equals(p.phase()))
        .flatMapToDouble(p -> p.alignment().stream()).filter(Double::isFinite);
  }

  private static PaintScaleLegend legend(Sequential scale) {
    NumberAxis axis = new NumberAxis("final alignment \u03b1 (colour); in each cell \u03b1 over \u03b1 \u2212 chance");
    axis.setRange(scale.lo(), scale.hi());
    axis.setLabelFont(Heatmaps.AXIS_FONT);
    axis.setTickLabelFont(Heatmaps.TICK_FONT);
    PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setStripWidth(14);
    legend.setSubdivisionCount(200);
    legend.setMargin(new RectangleInsets(4, 120, 4, 120));
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }
}
