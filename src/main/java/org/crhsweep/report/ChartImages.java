package org.crhsweep.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.Title;

/**
 * Draws several JFreeCharts into one image (small multiples, with an optional legend strip below)
 * and encodes images as PNG data URIs. Everything here runs headless.
 */
final class ChartImages {

  static {
    headless();
  }

  private ChartImages() {}

  /** Makes AWT headless; must run before the first AWT use in this JVM to take effect. */
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * Lays {@code charts} out row by row, {@code cols} to a row, each in a {@code cellWidth} x
   * {@code cellHeight} box; a null chart leaves its box blank. {@code legend}, when not null, is
   * drawn in a strip of {@code legendHeight} pixels under the grid.
   */
  static BufferedImage grid(
      List<JFreeChart> charts, int cols, int cellWidth, int cellHeight, Title legend, int legendHeight) {
    if (cols < 1 || charts.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid chart grid: " + charts.size() + " charts in " + cols + " columns (need at least one of each)");
    }
    int rows = (charts.size() + cols - 1) / cols;
    int strip = legend == null ? 0 : legendHeight;
    BufferedImage image =
        new BufferedImage(cols * cellWidth, rows * cellHeight + strip, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    try {
      g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g2.setColor(Color.WHITE);
      g2.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int k = 0; k < charts.size(); k++) {
        JFreeChart chart = charts.get(k);
        if (chart != null) {
          int x = (k % cols) * cellWidth;
          int y = (k / cols) * cellHeight;
          chart.draw(g2, new Rectangle2D.Double(x, y, cellWidth, cellHeight));
        }
      }
      if (legend != null) {
        Rectangle2D area = new Rectangle2D.Double(0, rows * cellHeight, image.getWidth(), strip);
        if (legend instanceof LegendTitle) {
          // A legend title collects its items while arranging; a paint scale legend cannot arrange.
          legend.arrange(g2, new RectangleConstraint(area.getWidth(), area.getHeight()));
        }
        legend.draw(g2, area);
      }
    } finally {
      g2.dispose();
    }
    return image;
  }

  /** The image as a {@code data:image/png;base64,...} URI. */
  static String pngDataUri(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("No PNG writer available in ImageIO");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a " + image.getWidth() + "x" + image.getHeight() + " PNG", e);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
