package org.crhsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Builds one lr x wd heatmap: cells labelled with the hyper-parameter values, each coloured by a
 * paint scale and carrying its value(s) as text. Missing cells stay white. The learning rate and
 * the weight decay (which may be 0) are evenly spaced categories; the noise scale lr / batch size,
 * pooled over batch sizes and so unevenly spaced, is a log axis with every cell placed by its value.
 */
final class Heatmaps {

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

  /** Text and colour of one cell's label. */
  record CellText(List<String> lines, Color color) {}

  private Heatmaps() {}

  /**
   * A heatmap chart of {@code grid} sized for {@code width} x {@code height} pixels (the size only
   * sets the cell text's font); {@code z} gives the value fed to {@code scale}.
   */
  static <T> JFreeChart heatmap(
      String title, LrWdGrid<T> grid, ToDoubleFunction<T> z, PaintScale scale, Function<T, CellText> text,
      int width, int height) {
    int nx = grid.lrs().size();
    int ny = grid.wds().size();
    boolean log = logX(grid);
    double[] xs = new double[nx];
    for (int i = 0; i < nx; i++) {
      xs[i] = log ? Math.log10(grid.lrs().get(i)) : i;
    }
    double blockWidth = log ? blockWidth(xs) : 1.0;
    List<double[]> cells = new ArrayList<>();
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        T cell = grid.at(i, j);
        if (cell != null && !Double.isNaN(z.applyAsDouble(cell))) {
          cells.add(new double[] {xs[i], j, z.applyAsDouble(cell)});
        }
      }
    }
    double[][] series = new double[3][cells.size()];
    for (int k = 0; k < cells.size(); k++) {
      for (int d = 0; d < 3; d++) {
        series[d][k] = cells.get(k)[d];
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("cells", series);

    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(blockWidth);
    renderer.setBlockHeight(1.0);
    renderer.setBlockAnchor(RectangleAnchor.CENTER);
    renderer.setPaintScale(scale);
    renderer.setDefaultToolTipGenerator(null);

    ValueAxis xAxis = log ? logAxis(grid.xLabel(), xs, blockWidth) : axis(grid.xLabel(), grid.lrs(), true);
    XYPlot plot = new XYPlot(dataset, xAxis, axis("weight decay", grid.wds(), false), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlinePaint(Color.GRAY);
    plot.setOutlineStroke(new BasicStroke(1f));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

    // On a log axis a cell is blockWidth wide out of the axis's span: size the text to that.
    double columns = log ? (xAxis.getUpperBound() - xAxis.getLowerBound()) / blockWidth : nx;
    float fontSize = cellFontSize(width, height, columns, ny);
    Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(fontSize));
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        T cell = grid.at(i, j);
        if (cell == null) {
          continue;
        }
        CellText label = text.apply(cell);
        int n = label.lines().size();
        for (int k = 0; k < n; k++) {
          // Lines stacked around the cell centre, 0.3 of a cell apart.
          double y = j + 0.15 * (n - 1) - 0.3 * k;
          XYTextAnnotation annotation = new XYTextAnnotation(label.lines().get(k), xs[i], y);
          annotation.setFont(cellFont);
          annotation.setPaint(label.color());
          plot.addAnnotation(annotation);
        }
      }
    }
    JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    return chart;
  }

  /** Cells' text shrinks with the cells so a signature (a character per relation) still fits. */
  private static float cellFontSize(int width, int height, double nx, int ny) {
    double cellWidth = Math.max(10, width - 80) / (double) nx;
    double cellHeight = Math.max(10, height - 80) / (double) ny;
    double size = Math.min(cellWidth / 4.5, cellHeight * 0.27);
    return (float) Math.max(7, Math.min(12, size));
  }

  /** Whether the grid's x axis is the noise scale, drawn on a log axis. */
  static boolean logX(LrWdGrid<?> grid) {
    return PhaseGroup.NOISE_SCALE.equals(grid.xLabel()) && grid.lrs().stream().allMatch(v -> v > 0);
  }

  /** The narrowest gap between neighbouring log10 values (cells never overlap); 0.5 of a decade for one value. */
  static double blockWidth(double[] logs) {
    double w = Double.POSITIVE_INFINITY;
    for (int i = 1; i < logs.length; i++) {
      w = Math.min(w, logs[i] - logs[i - 1]);
    }
    return Double.isInfinite(w) ? 0.5 : w;
  }

  /**
   * A log axis drawn as log10 of the value, labelled with the values themselves in the report's
   * format (three significant digits), ticks at round steps of the exponent.
   */
  private static NumberAxis logAxis(String label, double[] logs, double blockWidth) {
    NumberAxis axis = new NumberAxis(label + " (log scale)");
    axis.setRange(logs[0] - blockWidth / 2, logs[logs.length - 1] + blockWidth / 2);
    axis.setNumberFormatOverride(new PowerOfTen());
    if (logs[logs.length - 1] - logs[0] >= 1.5) {
      // Ticks at whole decades once the values span more than one.
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    axis.setLabelFont(AXIS_FONT);
    axis.setTickLabelFont(TICK_FONT);
    axis.setVerticalTickLabels(true);
    return axis;
  }

  /** Formats an exponent x as the value 10^x. */
  static final class PowerOfTen extends NumberFormat {
    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
      return toAppendTo.append(Html.number(Math.pow(10, number)));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
      return format((double) number, toAppendTo, pos);
    }

    @Override
    public Number parse(String source, ParsePosition parsePosition) {
      throw new UnsupportedOperationException("PowerOfTen only formats");
    }
  }

  private static SymbolAxis axis(String label, List<Double> values, boolean horizontal) {
    String[] symbols = values.stream().map(Html::number).toArray(String[]::new);
    SymbolAxis axis = new SymbolAxis(label, symbols);
    axis.setGridBandsVisible(false);
    axis.setRange(-0.5, values.size() - 0.5);
    axis.setLabelFont(AXIS_FONT);
    axis.setTickLabelFont(TICK_FONT);
    // Many learning rates side by side would overlap their labels.
    axis.setVerticalTickLabels(horizontal && values.size() > 5);
    return axis;
  }
}
