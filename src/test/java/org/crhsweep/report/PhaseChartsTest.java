package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.junit.jupiter.api.Test;

class PhaseChartsTest {

  @Test
  void colorsEachCellByItsPhase() {
    Map<Double, PhaseCell> cells = Map.of(
        0.01, new PhaseCell("CRH", "111111", 0.91, 1),
        0.1, new PhaseCell("unaligned", "100010", 0.42, 1));
    LrWdGrid<PhaseCell> grid = LrWdGrid.of(cells.keySet(), List.of(0.001), (lr, wd) -> cells.get(lr));

    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage image = PhaseCharts.render("fc1", grid, 400, 300, info);

    assertThat(image.getWidth()).isEqualTo(400);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    assertThat(colorNearCentre(image, area, 0, 2)).isEqualTo(PhaseCharts.CRH);
    assertThat(colorNearCentre(image, area, 1, 2)).isEqualTo(PhaseCharts.UNALIGNED);
  }

  @Test
  void drawsDivergedBlackAndMissingWhite() {
    LrWdGrid<PhaseCell> grid = LrWdGrid.of(List.of(0.01, 0.1), List.of(0.0),
        (lr, wd) -> lr == 0.1 ? new PhaseCell("diverged", null, Double.NaN, 3) : null);

    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage image = PhaseCharts.render("fc1", grid, 400, 300, info);

    Rectangle2D area = info.getPlotInfo().getDataArea();
    assertThat(colorNearCentre(image, area, 0, 2)).isEqualTo(PhaseCharts.MISSING);
    assertThat(colorNearCentre(image, area, 1, 2)).isEqualTo(PhaseCharts.DIVERGED);
  }

  /** The pixel a quarter cell left of cell {@code i}'s centre, clear of the text written there. */
  private static Color colorNearCentre(BufferedImage image, Rectangle2D area, int i, int columns) {
    double cellWidth = area.getWidth() / columns;
    int x = (int) Math.round(area.getX() + (i + 0.5) * cellWidth - 0.3 * cellWidth);
    int y = (int) Math.round(area.getCenterY());
    return new Color(image.getRGB(x, y));
  }
}
