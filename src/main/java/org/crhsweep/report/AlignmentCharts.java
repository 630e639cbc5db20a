package org.crhsweep.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.crhsweep.probe.Relation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * Final alignment heatmaps: rows are the six relations, columns the layers, each cell the lr x wd
 * plane on a blue-white-red scale over [-1, 1] with the value printed.
 */
final class AlignmentCharts {

  static final int CHART_WIDTH = 270;
  static final int CHART_HEIGHT = 240;
  private static final int LEGEND_HEIGHT = 60;

  private AlignmentCharts() {}

  /** Blue (-1) through white (0) to red (+1); NaN is white. */
  static final class Diverging implements PaintScale, Serializable {
    private static final Color NEGATIVE = new Color(33, 102, 172);
    private static final Color POSITIVE = new Color(178, 24, 43);

    @Override
    public double getLowerBound() {
      return -1;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return Color.WHITE;
      }
      double t = Math.max(-1, Math.min(1, value));
      Color end = t < 0 ? NEGATIVE : POSITIVE;
      double w = Math.abs(t);
      return new Color(mix(255, end.getRed(), w), mix(255, end.getGreen(), w), mix(255, end.getBlue(), w));
    }

    private static int mix(int from, int to, double w) {
      return (int) Math.round(from + (to - from) * w);
    }
  }

  /** The figure of one group: a row per relation, a column per layer, the colour scale underneath. */
  static BufferedImage figure(PhaseGroup group) {
    Diverging scale = new Diverging();
    List<JFreeChart> charts = new ArrayList<>();
    for (Relation r : Relation.values()) {
      for (var layer : group.layers().entrySet()) {
        String title = r.label() + " \u00b7 L" + layer.getKey() + " " + layer.getValue();
        charts.add(Heatmaps.heatmap(title, group.alignmentGrid(layer.getKey(), r), v -> v, scale,
            v -> new Heatmaps.CellText(List.of(Html.fixed(v, 2)), Math.abs(v) > 0.6 ? Color.WHITE : Color.BLACK),
            CHART_WIDTH, CHART_HEIGHT));
      }
    }
    return ChartImages.grid(
        charts, group.layers().size(), CHART_WIDTH, CHART_HEIGHT, legend(scale), LEGEND_HEIGHT);
  }

  private static PaintScaleLegend legend(PaintScale scale) {
    NumberAxis axis = new NumberAxis("final alignment");
    axis.setRange(-1, 1);
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
