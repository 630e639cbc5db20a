package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.analysis.Analyses.ExponentBand;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.ExponentDistribution;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.analysis.SweepAnalyses;
import org.crhsweep.analysis.WeightDecayScaling;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.probe.Relation;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the numbers a report shows, and the page's text, on fixed inputs: what the phases job and the
 * report read from a hand-written store ({@link PinnedStore}), and the analyses of the {@link Synthetic}
 * sweep. Golden files under src/test/resources/report-numbers; a moved class or a new type must leave
 * them unchanged, a deliberate change of the science edits them (the actual text lands in
 * target/report-numbers).
 */
class ReportNumbersTest {

  private static final String GENERATED_AT = "2025-01-01T00:00:00Z";

  @TempDir Path dir;

  @Test
  void aFixedStoreGivesTheSamePhasesAnalysesAndPage() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = PinnedStore.writtenUnder(dir, spark);

    int written = new PhaseJob(spark, store).run(PinnedStore.SWEEP, PhaseSpec.defaults());
    ReportData loaded = ReportInputs.load(spark, store, PinnedStore.SWEEP);
    ReportData data = new ReportData(loaded.sweep(), loaded.specHash(), GENERATED_AT, loaded.points(),
        loaded.phases(), inStableOrder(loaded.curves()), inStableOrder(loaded.analyses()), loaded.sensitivity());

    assertThat(written).isEqualTo(11 * PinnedStore.LAYERS * 2);
    assertGolden(Map.of("store.txt", Dump.of("rows", written) + Dump.of("report", data), "store.html", page(data)));
  }

  @Test
  void theSyntheticSweepGivesTheSameAnalysesAndPage() throws Exception {
    ReportData base = Synthetic.data();
    List<WeightDecayScaling.FinalMoment> moments = new ArrayList<>();
    List<ExponentDistribution.FinalExponent> exponents = new ArrayList<>();
    Map<String, Double> nc1 = new TreeMap<>();
    int k = 0;
    for (LayerPhase p : base.phases()) {
      k++;
      nc1.put(p.pointId(), 0.1 + PinnedStore.noise(p.pointId().hashCode()));
      double hB = 1 + PinnedStore.noise(k, 1);
      double wd = p.weightDecay() > 0 ? p.weightDecay() : 1e-4;
      moments.add(new WeightDecayScaling.FinalMoment(p.arch() + "|" + p.batchSize() + "|" + p.learningRate(), p.panel(),
          p.weightDecay() * (1 + p.learningRate()), p.layer(), p.layerName(), p.stat(),
          hB * StrictMath.pow(wd, 2.1) * (1 + 0.3 * PinnedStore.noise(k, 2)), hB, hB * (1 + PinnedStore.noise(k, 3))));
      for (Relation r : Relation.values()) {
        exponents.add(new ExponentDistribution.FinalExponent(p.pointId(), p.layer(), p.stat(), r.pair(),
            0.1 + 4 * PinnedStore.noise(k, r.ordinal(), 4), 0.85 + 0.15 * PinnedStore.noise(k, r.ordinal(), 5)));
      }
    }
    ReportData data = new ReportData(base.sweep(), base.specHash(), base.generatedAt(), base.points(), base.phases(),
        base.curves(), SweepAnalyses.compute(new SweepAnalyses.Inputs(base.phases(), moments, exponents, nc1, 0.9)));

    assertGolden(Map.of("synthetic.txt", Dump.of("analyses", data.analyses()), "synthetic.html", page(data)));
  }

  /**
   * The curves of each point by layer, stat and relation, and each exponent sample sorted: Spark
   * returns their rows in no fixed order, and neither order is a number the report shows.
   */
  private static List<Curve> inStableOrder(List<Curve> curves) {
    List<String> points = curves.stream().map(Curve::pointId).distinct().toList();
    return curves.stream().sorted(Comparator.comparing((Curve c) -> points.indexOf(c.pointId()))
        .thenComparingInt(Curve::layer).thenComparing(Curve::stat).thenComparing(Curve::relation)).toList();
  }

  private static Analyses inStableOrder(Analyses a) {
    List<ExponentBand> bands = a.exponents().stream().map(b -> {
      double[] sorted = b.values().clone();
      Arrays.sort(sorted);
      return new ExponentBand(b.stat(), b.phase(), sorted, b.median(), b.q1(), b.q3(), b.mean(), b.meanLo(),
          b.meanHi(), b.inside(), b.shareLo(), b.shareHi(), b.medianR2());
    }).toList();
    return new Analyses(a.depth(), a.scaling(), bands, a.replicates(), a.replicateCells(), a.statCrossings(),
        a.statDisagreements(), a.claims());
  }

  /** The page with each embedded image's bytes left out: its text, tables and readings. */
  private String page(ReportData data) throws IOException {
    String html = Files.readString(ReportWriter.write(dir.resolve("report-" + data.sweep().hashCode()), data));
    return html.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...");
  }

  /**
   * Each text equals its golden file: the same words exactly, every number within 1e-12 (relative
   * above 1). All actual texts are written to target/report-numbers first, to compare or adopt.
   */
  private static void assertGolden(Map<String, String> actual) throws IOException {
    Path target = Path.of("target", "report-numbers");
    Files.createDirectories(target);
    for (Map.Entry<String, String> e : actual.entrySet()) {
      Files.writeString(target.resolve(e.getKey()), e.getValue());
    }
    for (Map.Entry<String, String> e : new TreeMap<>(actual).entrySet()) {
      String name = e.getKey();
      String where = "src/test/resources/report-numbers/" + name + " (actual text in " + target.resolve(name) + ")";
      String golden;
      try (InputStream in = ReportNumbersTest.class.getResourceAsStream("/report-numbers/" + name)) {
        assertThat(in).as(where).isNotNull();
        golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(NUMBER.matcher(e.getValue()).replaceAll("#")).as(where)
          .isEqualTo(NUMBER.matcher(golden).replaceAll("#"));
      List<Double> got = numbers(e.getValue());
      List<Double> want = numbers(golden);
      for (int i = 0; i < want.size(); i++) {
        double w = want.get(i);
        double g = got.get(i);
        if (!(Double.isNaN(w) && Double.isNaN(g))) {
          assertThat(g).as("number %d of %s", i, where).isCloseTo(w, within(1e-12 * Math.max(1, Math.abs(w))));
        }
      }
    }
  }

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE]-?\\d+)?");

  private static List<Double> numbers(String text) {
    List<Double> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    return out;
  }
}
