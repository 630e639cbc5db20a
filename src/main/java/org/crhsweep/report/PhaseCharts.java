package org.crhsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crhsweep.probe.Relation;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;

/**
 * Phase diagrams: per layer, the lr x wd plane coloured by phase with the signature and the mean of
 * the six alignments written in each cell (values near a threshold flip, so they are shown).
 */
final class PhaseCharts {

  static final Color CRH = new Color(46, 160, 67);
  static final Color PAH = new Color(245, 140, 30);
  static final Color UNALIGNED = new Color(215, 215, 215);
  static final Color DIVERGED = Color.BLACK;
  static final Color MISSING = Color.WHITE;

  static final int CHART_WIDTH = 340;
  static final int CHART_HEIGHT = 300;
  private static final int LEGEND_HEIGHT = 40;

  /** Phase name to the code fed to the paint scale, in legend order. */
  private static final List<String> PHASES = List.of("CRH", "PAH", "unaligned", "diverged");
  private static final List<Color> COLORS = List.of(CRH, PAH, UNALIGNED, DIVERGED);

  private PhaseCharts() {}

  /** The colour a phase is drawn in; white for a missing or unknown phase. */
  static Color color(String phase) {
    int code = PHASES.indexOf(phase);
    return code < 0 ? MISSING : COLORS.get(code);
  }

  /**
   * The figure of one group: columns are layers, the first row the plain reading, the second the
   * significant reading, with the colour legend underneath.
   */
  static BufferedImage figure(PhaseGroup group) {
    List<JFreeChart> plain = new ArrayList<>();
    List<JFreeChart> significant = new ArrayList<>();
    for (Map.Entry<Integer, String> layer : group.layers().entrySet()) {
      String name = "L" + layer.getKey() + " " + layer.getValue();
      plain.add(chart(name + " \u00b7 plain", group.phaseGrid(layer.getKey(), false), CHART_WIDTH, CHART_HEIGHT));
      significant.add(
          chart(name + " \u00b7 significant", group.phaseGrid(layer.getKey(), true), CHART_WIDTH, CHART_HEIGHT));
    }
    List<JFreeChart> charts = new ArrayList<>(plain);
    charts.addAll(significant);
    return ChartImages.grid(charts, plain.size(), CHART_WIDTH, CHART_HEIGHT, legend(), LEGEND_HEIGHT);
  }

  /** One layer's phase heatmap as a chart. */
  static JFreeChart chart(String title, LrWdGrid<PhaseCell> grid, int width, int height) {
    return Heatmaps.heatmap(
        title, grid, cell -> PHASES.indexOf(cell.phase()), paintScale(), PhaseCharts::text, width, height);
  }

  /**
   * Renders one layer's phase heatmap alone, filling {@code info} with where the plot landed (so a
   * test can find each cell's pixels).
   */
  static BufferedImage render(String title, LrWdGrid<PhaseCell> grid, int width, int height, ChartRenderingInfo info) {
    ChartImages.headless();
    return chart(title, grid, width, height).createBufferedImage(width, height, info);
  }

  private static Heatmaps.CellText text(PhaseCell cell) {
    String signature = cell.signature() == null ? "-".repeat(Relation.values().length) : cell.signature();
    Color ink = "diverged".equals(cell.phase()) ? Color.WHITE : Color.BLACK;
    return new Heatmaps.CellText(List.of(signature, Html.fixed(cell.meanAlignment(), 2)), ink);
  }

  private static LookupPaintScale paintScale() {
    LookupPaintScale scale = new LookupPaintScale(0, PHASES.size(), MISSING);
    for (int code = 0; code < PHASES.size(); code++) {
      scale.add(code, COLORS.get(code));
    }
    return scale;
  }

  private static LegendTitle legend() {
    LegendItemCollection items = new LegendItemCollection();
    Rectangle swatch = new Rectangle(-7, -7, 14, 14);
    for (int code = 0; code < PHASES.size(); code++) {
      items.add(new LegendItem(PHASES.get(code), null, null, null, swatch, COLORS.get(code),
          new BasicStroke(1f), Color.GRAY));
    }
    items.add(new LegendItem("missing", null, null, null, swatch, MISSING, new BasicStroke(1f), Color.GRAY));
    LegendTitle legend = new LegendTitle(() -> items);
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(Heatmaps.AXIS_FONT);
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }
}
