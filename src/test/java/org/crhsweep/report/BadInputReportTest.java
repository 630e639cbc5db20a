package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep too small to analyse still gets a page that says so, through the path {@code crh report}
 * takes (the phases job, the report's inputs, the writer): no finished point, only diverged points, a
 * single point. Never an exception, never a figure with nothing drawn in it.
 */
class BadInputReportTest {

  private static final Pattern IMAGE = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

  @TempDir Path dir;

  @Test
  void aSweepWhosePointsAllFailedSaysNoPointFinished() throws Exception {
    String html = report("failed", List.of("failed", "failed"));
    assertThat(html).contains("No point of this sweep finished: every point failed (2)",
        "No layer of a finished point has phases, so no claim can be checked.");
    assertThat(images(html)).isEmpty();
  }

  @Test
  void aSweepWhosePointsAllDivergedSaysSo() throws Exception {
    String html = report("diverged", List.of("diverged", "diverged", "diverged"));
    assertThat(html).contains("No point of this sweep finished: every point diverged (3)",
        "the phase diagrams show the diverged points in black", "no final alignment to draw");
    assertThat(images(html)).allSatisfy(BadInputReportTest::assertDrawn);
  }

  @Test
  void aSweepOfOnePointSaysWhatCannotBeTested() throws Exception {
    String html = report("single", List.of("done"));
    assertThat(html).contains("One point finished: the figures show that single point");
    assertThat(html).contains("one weight decay only ([0])");
    List<BufferedImage> images = images(html);
    assertThat(images).isNotEmpty().allSatisfy(BadInputReportTest::assertDrawn);
  }

  private String report(String sweep, List<String> statuses) throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    PinnedStore.write(store, sweep, statuses);
    new PhaseJob(spark, store).run(sweep, PhaseSpec.defaults());
    ReportData data = ReportInputs.load(spark, store, sweep);
    String html = Files.readString(ReportWriter.write(dir.resolve("report-" + sweep), data));
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("Exception");
    return html;
  }

  /** A figure with something in it: beyond its white background, frame and text, a good share of ink. */
  private static void assertDrawn(BufferedImage image) {
    int coloured = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        int r = rgb >> 16;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        // Coloured (not a shade of grey), or black: a filled cell or a drawn line, not text or a frame.
        coloured += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40 || rgb == 0 ? 1 : 0;
      }
    }
    assertThat(coloured).as("coloured pixels of a %dx%d figure", image.getWidth(), image.getHeight())
        .isGreaterThan(image.getWidth() * image.getHeight() / 4 / 200);
  }

  private static List<BufferedImage> images(String html) throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    Matcher m = IMAGE.matcher(html);
    while (m.find()) {
      images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
    }
    return images;
  }
}
