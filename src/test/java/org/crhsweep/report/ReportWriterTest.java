package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.probe.RelationValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static final Pattern IMAGE = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");
  private static final Pattern HREF = Pattern.compile("href=\"#([^\"]+)\"");

  @TempDir Path dir;

  @Test
  void writesSelfContainedPageWithEveryFigure() throws IOException {
    ReportData data = Synthetic.data();

    Path index = ReportWriter.write(dir.resolve("out"), data);

    assertThat(index).exists().isEqualTo(dir.resolve("out").resolve("index.html"));
    String html = Files.readString(index);
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    List<BufferedImage> images = images(html);
    // Per (batch, stat): one phase figure and one alignment figure; per stat one noise-scale figure; one depth
    // profile (one arch); one raw-against-normalized figure; curves: 2 points x 2 stats.
    int groups = Synthetic.BATCHES.size() * Synthetic.STATS.size();
    int noise = Synthetic.STATS.size();
    assertThat(images).hasSize(2 * groups + noise + 1 + 1 + 2 * 2);
    assertThat(images).allSatisfy(image -> assertThat(image.getWidth() * image.getHeight()).isPositive());
    // Phase figure: 2 layer columns x 2 readings; alignment figure: 2 layer columns x 6 relations.
    assertThat(images.get(0).getWidth()).isEqualTo(Synthetic.LAYERS * PhaseCharts.CHART_WIDTH);
    assertThat(images.get(groups + noise).getHeight()).isGreaterThan(6 * AlignmentCharts.CHART_HEIGHT);
    // Every figure has a reading.
    assertThat(count(html, "<p class=\"reading\">")).isGreaterThanOrEqualTo(images.size());
    // No external resources at all.
    assertThat(html).doesNotContain("<script", "<link", "http://", "https://", "url(");
  }

  @Test
  void escapesEveryStringFromTheData() throws IOException {
    String html = Files.readString(ReportWriter.write(dir, Synthetic.data()));

    assertThat(html).doesNotContain("<script>alert(1)", "demo <sweep>");
    assertThat(html).contains("boom &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; xxx");
    assertThat(html).contains("<h1>CRH sweep report: demo &lt;sweep&gt;</h1>");
    // The error is cut to 200 characters, marked with an ellipsis.
    int xs = PointsTable.MAX_ERROR_CHARS - Synthetic.EVIL_ERROR.indexOf('x');
    assertThat(html).contains("x".repeat(xs) + "\u2026</td>").doesNotContain("x".repeat(xs + 1));
  }

  @Test
  void aSweepAndArchNamedWithScriptAreEscapedInEverySection() throws IOException {
    ReportData base = Synthetic.data();
    List<LayerPhase> phases = new ArrayList<>();
    for (LayerPhase p : base.phases()) {
      for (long seed : new long[] {1, 2}) {
        phases.add(new LayerPhase(p.pointId() + seed, "<script>alert('arch')</script>", p.batchSize(),
            p.learningRate(), p.weightDecay(), seed, p.layer(), "<i>" + p.layerName(), p.stat(), p.phase(),
            p.signature(), p.phaseSignificant(), p.signatureSignificant(), p.alignment(), p.nullAlignment()));
      }
    }
    ReportData data = new ReportData("<script>alert(1)</script>", "h", "now", base.points(), phases, List.of(),
        org.crhsweep.analysis.SweepAnalyses.compute(
            new org.crhsweep.analysis.SweepAnalyses.Inputs(phases, List.of(), List.of(), null, 0.9)));

    String html = Files.readString(ReportWriter.write(dir, data));

    assertThat(html).doesNotContain("<script", "<i>fc");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(&#39;arch&#39;)",
        "&lt;i&gt;fc1");
    // Two seeds everywhere: the replicates section has its table.
    assertThat(html).contains("the seeds agree on the phase in");
  }

  @Test
  void tableHasOneRowPerPointWithStatusCounts() throws IOException {
    ReportData data = Synthetic.data();
    String html = Files.readString(ReportWriter.write(dir, data));

    String tbody = html.substring(html.indexOf("<tbody>", html.indexOf("id=\"points\"")), html.lastIndexOf("</tbody>"));
    assertThat(count(tbody, "<tr>")).isEqualTo(data.points().size()).isEqualTo(12);
    assertThat(count(tbody, "status-failed")).isEqualTo(1);
    assertThat(count(tbody, "status-diverged")).isEqualTo(1);
    assertThat(html).contains("<dt>Points</dt><dd>12 (<span class=\"status status-done\">done</span> 10, "
        + "<span class=\"status status-diverged\">diverged</span> 1, <span class=\"status status-failed\">failed</span> 1)");
  }

  @Test
  void everyContentsLinkHasItsAnchor() throws IOException {
    String html = Files.readString(ReportWriter.write(dir, Synthetic.data()));

    List<String> targets = hrefs(html);
    assertThat(targets).contains("phases", "alignment", "curves", "points", "phase-1", "phase-4", "alignment-4",
        "curves-4");
    assertThat(targets).allSatisfy(id -> assertThat(html).contains("id=\"" + id + "\""));
  }

  @Test
  void captionSaysHowManySeedsShareACell() throws IOException {
    ReportData base = Synthetic.data();
    List<LayerPhase> phases = new ArrayList<>(base.phases());
    for (LayerPhase p : base.phases()) {
      if (p.batchSize() == 16 && p.stat().equals("raw")) {
        phases.add(new LayerPhase(p.pointId() + "-s2", p.arch(), p.batchSize(), p.learningRate(), p.weightDecay(),
            2L, p.layer(), p.layerName(), p.stat(), p.phase(), p.signature(), p.phaseSignificant(),
            p.signatureSignificant(), p.alignment(), p.nullAlignment()));
      }
    }
    ReportData data = new ReportData(base.sweep(), base.specHash(), base.generatedAt(), base.points(), phases,
        List.of());

    String html = Files.readString(ReportWriter.write(dir, data));

    // The batch-16 raw phase figure and its alignment figure, not the other groups.
    assertThat(captions(html)).filteredOn(c -> c.contains("up to 2 seeds")).hasSize(2)
        .allSatisfy(c -> assertThat(c).contains("batch size 16 under the raw statistic"));
    assertThat(html).contains("No curves to draw");
    // 4 phase + 2 noise-scale + 4 alignment figures + raw against normalized
    assertThat(images(html)).hasSize(11);
  }

  @Test
  void emptyDataStillWritesAValidPage() throws IOException {
    ReportData empty = new ReportData("empty", "h0", "now", List.of(), List.of(), List.of());

    String html = Files.readString(ReportWriter.write(dir, empty));

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).contains("No phases yet", "No curves to draw", "No points yet.");
    assertThat(images(html)).isEmpty();
    assertThat(hrefs(html)).containsExactly("claims", "phases", "noise", "alignment", "depth", "scaling", "exponents",
            "replicates", "stats", "curves", "points")
        .allSatisfy(id -> assertThat(html).contains("id=\"" + id + "\""));
  }

  @Test
  void singleCellAndMissingValuesStillDraw() throws IOException {
    LayerPhase only = new LayerPhase("p1", "cnn", 8, 0.05, 0.0, 0L, 1, "conv1", "normalized", "unaligned", "000000",
        null, null, RelationValues.missing(), null);
    Curve gappy = new Curve("p1", null, 1, "conv1", "normalized", "b-RGA", new long[] {0, 10},
        new double[] {Double.NaN, Double.NaN});
    ReportData data = new ReportData("one", "h", "now", List.of(), List.of(only), List.of(gappy));

    String html = Files.readString(ReportWriter.write(dir, data));

    // phase, noise scale, curve; no alignment figure without a value to colour (never an empty figure)
    assertThat(images(html)).hasSize(3).allSatisfy(image -> assertThat(image.getWidth()).isPositive());
    assertThat(html).contains("cnn \u00b7 batch 8 \u00b7 normalized: no final alignment to draw");
  }

  private static List<BufferedImage> images(String html) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    Matcher m = IMAGE.matcher(html);
    while (m.find()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
      assertThat(image).as("image %s decodes", images.size()).isNotNull();
      images.add(image);
    }
    return images;
  }

  private static List<String> captions(String html) {
    List<String> captions = new ArrayList<>();
    Matcher m = Pattern.compile("<figcaption>(.*?)</figcaption>").matcher(html);
    while (m.find()) {
      captions.add(m.group(1));
    }
    return captions;
  }

  private static List<String> hrefs(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = HREF.matcher(html);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
