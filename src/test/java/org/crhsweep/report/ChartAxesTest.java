package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.Analyses.DepthProfile;
import org.crhsweep.analysis.Analyses.ExponentBand;
import org.crhsweep.analysis.Analyses.ScalingSlope;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.RelationValues;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/**
 * Every figure's axes fit what it draws: each axis covers its data (and the reference line the
 * figure is about: chance, the predicted 2) and spans at most twice their range; the noise scale is
 * a log axis that places each cell by its value.
 */
class ChartAxesTest {

  private final ReportData full = BrowserReportTest.fullData();
  private final Analyses analyses = full.analyses();

  @Test
  void depthProfilesFitTheAlignmentsAndChanceLevels() {
    List<DepthProfile> profiles = analyses.depth();
    List<JFreeChart> charts = AnalysisCharts.depthCharts(profiles);
    assertThat(charts).hasSize(profiles.size());
    for (int k = 0; k < charts.size(); k++) {
      DepthProfile d = profiles.get(k);
      double[] data = span(DoubleStream.concat(d.alignment().values().stream().flatMapToDouble(Arrays::stream),
          Arrays.stream(d.chance())));
      assertFitted(charts.get(k).getXYPlot().getRangeAxis(), data);
    }
  }

  @Test
  void scalingSlopesFitTheirIntervalsAndTheTheorysTwo() {
    List<ScalingSlope> slopes = analyses.scaling().stream().filter(s -> s.stat().equals("raw")).toList();
    assertThat(slopes).isNotEmpty();
    JFreeChart chart = AnalysisCharts.scalingChart(slopes);
    double[] data = span(DoubleStream.concat(DoubleStream.of(2.0), slopes.stream()
        .flatMapToDouble(s -> DoubleStream.of(s.slope(), s.lo(), s.hi()))));
    assertFitted(chart.getXYPlot().getRangeAxis(), data);
  }

  @Test
  void exponentBoxPlotsFitTheExponentsNotAFixedMinusOneToFour() {
    double[] values = {1.2, 1.5, 1.7, 2.0, 2.5};
    ExponentBand band = new ExponentBand("raw", "CRH", values, 1.7, 1.5, 2.0, 1.78, 1.2, 2.3, 5, 0.6, 1, 0.95);
    JFreeChart chart = AnalysisCharts.exponentsChart(List.of(band));
    ValueAxis y = chart.getCategoryPlot().getRangeAxis();
    assertFitted(y, new double[] {1.2, 2.5});
    assertThat(y.getLowerBound()).isGreaterThan(1.0);
  }

  @Test
  void rawAgainstNormalizedFitsTheDataOnBothAxesWithTheDiagonal() {
    List<LayerPhase[]> pairs = AnalysisSections.pairs(full.phases());
    assertThat(pairs).isNotEmpty();
    JFreeChart chart = AnalysisCharts.rawVsNormalizedChart(pairs);
    XYPlot plot = chart.getXYPlot();
    double[] data = span(pairs.stream().flatMapToDouble(p -> DoubleStream.concat(p[0].alignment().stream(),
        p[1].alignment().stream())));
    assertFitted(plot.getDomainAxis(), data);
    assertFitted(plot.getRangeAxis(), data);
    assertThat(plot.getDomainAxis().getRange()).isEqualTo(plot.getRangeAxis().getRange());
    assertThat(plot.getAnnotations()).hasAtLeastOneElementOfType(XYLineAnnotation.class);
  }

  @Test
  void curvesFitTheirValuesAndShowTheChanceLevel() {
    List<Curve> curves = new ArrayList<>();
    for (Relation r : Relation.values()) {
      curves.add(new Curve("p", "p", 1, "fc1", "raw", r.label(), new long[] {0, 10, 20},
          new double[] {0.55, 0.7 + 0.01 * r.ordinal(), 0.86}, new double[] {0.5, 0.52, 0.5}));
    }
    List<JFreeChart> charts = CurveCharts.charts(curves);
    XYPlot plot = charts.get(0).getXYPlot();
    assertFitted(plot.getRangeAxis(), new double[] {0.5, 0.86});
    assertThat(plot.getDataset().getSeriesKey(plot.getDataset().getSeriesCount() - 1))
        .isEqualTo("chance (mean null)");
  }

  @Test
  void alignmentColourScaleFitsTheValues() {
    PhaseGroup group = PhaseGroup.of(full.phases()).get(0);
    AlignmentCharts.Sequential scale = AlignmentCharts.scale(group);
    double[] data = span(group.rows().stream().flatMapToDouble(p -> p.alignment().stream()));
    assertThat(scale.lo()).isLessThanOrEqualTo(data[0]);
    assertThat(scale.hi()).isGreaterThanOrEqualTo(data[1]);
    assertThat(scale.hi() - scale.lo()).isLessThanOrEqualTo(2 * (data[1] - data[0]));
    assertThat(AlignmentCharts.charts(group, scale).get(0).getTitle().getText()).contains("chance 0.10");
  }

  @Test
  void theNoiseScaleIsALogAxisThatPlacesEachCellByItsValue() {
    // Learning rates over batch sizes: unevenly spaced values, as when several batch sizes are pooled.
    List<LayerPhase> rows = new ArrayList<>();
    double[][] lrBatch = {{0.01, 32}, {0.01, 16}, {0.02, 16}, {0.1, 16}, {0.5, 16}};
    for (double[] lb : lrBatch) {
      rows.add(new LayerPhase("p" + lb[0] + "-" + lb[1], "mlp", (int) lb[1], lb[0], 0.001, 0, 1, "fc1", "raw", "CRH",
          "111111", "CRH", "111111", RelationValues.constant(0.9), RelationValues.constant(0.3)));
    }
    PhaseGroup group = PhaseGroup.ofNoiseScale(rows).get(0);
    LrWdGrid<PhaseCell> grid = group.phaseGrid(1, false);
    assertThat(grid.lrs()).containsExactly(3.125e-4, 6.25e-4, 1.25e-3, 6.25e-3, 3.125e-2);
    ChartRenderingInfo info = new ChartRenderingInfo();
    PhaseCharts.render("fc1", grid, 600, 300, info);
    JFreeChart chart = PhaseCharts.chart("fc1", grid, 600, 300);
    NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
    assertThat(x.getLabel()).contains("log scale");
    Rectangle2D area = info.getPlotInfo().getDataArea();
    double[] px = grid.lrs().stream()
        .mapToDouble(v -> x.valueToJava2D(Math.log10(v), area, RectangleEdge.BOTTOM)).toArray();
    // Equal ratios of value, equal distances on the page: 3.125e-4 to 6.25e-4 is as far as 6.25e-4 to 1.25e-3.
    assertThat(px[1] - px[0]).isCloseTo(px[2] - px[1], within(1e-6));
    double perDecade = (px[1] - px[0]) / Math.log10(2);
    assertThat(px[3] - px[2]).isCloseTo(perDecade * Math.log10(5), within(1e-6));
    assertThat(px[4] - px[3]).isCloseTo(perDecade * Math.log10(5), within(1e-6));
    // The cells are where the values are, and the ticks read as values in the report's one format.
    double[] xs = new double[grid.lrs().size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = chart.getXYPlot().getDataset().getXValue(0, i);
    }
    assertThat(xs).containsExactly(grid.lrs().stream().mapToDouble(Math::log10).toArray(), within(1e-12));
    assertThat(x.getNumberFormatOverride().format(Math.log10(3.125e-4))).isEqualTo("3.13e-4");
    assertThat(x.getRange().getLength()).isLessThanOrEqualTo(2 * (xs[xs.length - 1] - xs[0]));
  }

  /** The axis covers the data and spans at most twice its range. */
  private static void assertFitted(ValueAxis axis, double[] data) {
    assertThat(data[1]).as("a figure test needs data with a spread").isGreaterThan(data[0]);
    assertThat(axis.getLowerBound()).as("lower bound of %s", axis.getLabel()).isLessThanOrEqualTo(data[0]);
    assertThat(axis.getUpperBound()).as("upper bound of %s", axis.getLabel()).isGreaterThanOrEqualTo(data[1]);
    assertThat(axis.getRange().getLength()).as("range of %s against data %s", axis.getLabel(), Arrays.toString(data))
        .isLessThanOrEqualTo(2 * (data[1] - data[0]));
  }

  private static double[] span(DoubleStream values) {
    double[] v = values.filter(Double::isFinite).toArray();
    return new double[] {Arrays.stream(v).min().orElseThrow(), Arrays.stream(v).max().orElseThrow()};
  }
}
