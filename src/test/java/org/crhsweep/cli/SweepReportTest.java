package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.sweep.FaultPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crh sweep --report DIR} runs the sweep, then prints its phases as {@code crh phases} does and writes the
 * report as {@code crh report} does, in one Spark session; a rerun with nothing to train keeps the current phases.
 */
class SweepReportTest {

  /** The header of the counts table crh phases prints (Spark's show pads the columns). */
  private static final String COUNTS_HEADER = "\\|stat *\\|phase *\\|phase_significant *\\|phase_one_way *\\|layers\\|";

  @TempDir
  Path dir;

  @Test
  void sweepWithReportPrintsThePhasesAndWritesThePageThenReusesThem() throws Exception {
    Path out = dir.resolve("out");
    Path report = dir.resolve("report");
    CliRun first = sweep(out, report);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("sweep tiny finished: 4 ran (")
        .containsPattern("phases of sweep tiny: \\d+ rows \\(point x layer x stat\\) written")
        .containsPattern(COUNTS_HEADER)
        .contains("The paper's claims, checked against sweep tiny:")
        .contains("report: " + report.resolve("index.html").toAbsolutePath())
        .doesNotContain("next: crh phases");
    // Phases, claims and report in that order, as crh phases then crh report print them.
    assertThat(first.out().indexOf("The paper's claims")).isGreaterThan(first.out().indexOf("|stat "));
    assertThat(first.out().indexOf("report: ")).isGreaterThan(first.out().indexOf("The paper's claims"));
    assertThat(report.resolve("index.html")).exists();
    Files.delete(report.resolve("index.html"));

    CliRun second = sweep(out, report);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("4 done, 0 to run")
        .containsPattern("phases of sweep tiny: current \\(written 20\\d\\d-[^)]+\\), not recomputed\\n")
        .doesNotContain("rows (point x layer x stat) written")
        .containsPattern(COUNTS_HEADER)
        .contains("The paper's claims, checked against sweep tiny:");
    assertThat(report.resolve("index.html")).exists();
  }

  @Test
  void aFailedPointStillGetsPhasesAndReportAndExit3ThenTheRerunRecomputesThem() throws Exception {
    Path out = dir.resolve("out");
    Path report = dir.resolve("report");
    String failing = SpecParser.parse(Path.of("conf/sweeps/tiny.yaml")).points().get(0).id();
    CliRun first;
    System.setProperty(FaultPlan.FAIL_POINTS_CONF, failing);
    try {
      first = sweep(out, report);
    } finally {
      System.clearProperty(FaultPlan.FAIL_POINTS_CONF);
    }
    assertThat(first.code()).as(first.out() + first.err()).isEqualTo(Main.POINTS_FAILED);
    assertThat(first.out()).contains("(3 done, 0 diverged, 1 failed)")
        .containsPattern("phases of sweep tiny: \\d+ rows \\(point x layer x stat\\) written")
        .contains("The paper's claims, checked against sweep tiny:")
        .contains("report: " + report.resolve("index.html").toAbsolutePath());
    assertThat(Files.readString(report.resolve("index.html"))).contains(failing);

    CliRun second = sweep(out, report);
    assertThat(second.code()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("3 done, 1 to run")
        .containsPattern("phases of sweep tiny: \\d+ rows \\(point x layer x stat\\) written")
        .doesNotContain("not recomputed");
  }

  private static CliRun sweep(Path out, Path report) {
    return CliRun.of("sweep", "--spec", "conf/sweeps/tiny.yaml", "--master", "local[2]", "--out", out.toString(),
        "--report", report.toString());
  }
}
