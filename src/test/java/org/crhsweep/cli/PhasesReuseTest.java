package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.spec.TwoPointSpecs;
import org.crhsweep.store.PhasesSource;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crh report} and {@code crh phases} keep a sweep's phases when they are current (computed from the tables'
 * current snapshots, the stored spec and this build) and recompute them when a point was committed since, the spec
 * or the build differs, or {@code --force} asks; one sweep's phases never make another's current. The methods
 * build on each other, in order, over one output root with two sweeps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhasesReuseTest {

  /** Rows of a sweep's phases: points x 2 layers x 2 stats. */
  static final int ROWS_PER_POINT = 2 * 2;

  @TempDir
  static Path dir;
  static Path out;

  @BeforeAll
  static void twoSweeps() throws Exception {
    out = dir.resolve("out");
    for (String sweep : new String[] {"a", "b"}) {
      sweep(spec(sweep));
      store().saveSpec(sweep, TwoPointSpecs.yaml(sweep, 2));
    }
  }

  @Test
  @Order(1)
  void reportKeepsThePhasesThatPhasesJustWrote() throws Exception {
    CliRun phases = run("phases", "--sweep", "a");
    assertThat(phases.out()).contains("phases of sweep a: " + 2 * ROWS_PER_POINT + " rows (point x layer x stat) "
        + "written").contains("The paper's claims, checked against sweep a:");
    long written = phasesSnapshot();

    CliRun report = run("report", "--sweep", "a", "--to", dir.resolve("report").toString());
    assertThat(report.out()).containsPattern("phases of sweep a: current \\(written 20\\d\\d-[^)]+\\), not recomputed\\n")
        .doesNotContain("rows (point x layer x stat) written").contains("report: ");
    assertThat(dir.resolve("report/index.html")).exists();
    assertThat(phasesSnapshot()).isEqualTo(written);

    // crh phases keeps them too, and still prints the claims; --force writes them again.
    CliRun again = run("phases", "--sweep", "a");
    assertThat(again.out()).contains("phases of sweep a: current (written ").contains("not recomputed")
        .contains("The paper's claims, checked against sweep a:");
    assertThat(phasesSnapshot()).isEqualTo(written);
    CliRun forced = run("phases", "--sweep", "a", "--force");
    assertThat(forced.out()).contains("phases of sweep a: " + 2 * ROWS_PER_POINT + " rows").doesNotContain("current");
    assertThat(phasesSnapshot()).isNotEqualTo(written);
  }

  @Test
  @Order(2)
  void aPointCommittedSinceMakesThemStaleAndTheReportRecomputes() throws Exception {
    run("phases", "--sweep", "b");
    PhasesSource read = PhasesSource.now(store().tables(), spec("a").hash());
    // A third point of sweep a (the stored spec stays as it was, so only the points differ).
    sweep(SpecParser.parseString(TwoPointSpecs.yaml("a", 2).replace("batch_size: [8, 16]", "batch_size: [8, 16, 32]"),
        "a.yaml"));
    // A job that took its source before that commit reads the tables as they were then: two points, not three,
    // and the rows it writes are stale at once.
    SparkSession spark = SparkTestSession.get();
    assertThat(new PhaseJob(spark, store()).run("a", spec("a").phase(), read)).isEqualTo(2 * ROWS_PER_POINT);
    assertThat(PhasesSource.recorded(store().tables(), "a").source()).isEqualTo(read);
    long before = phasesSnapshot();

    CliRun report = run("report", "--sweep", "a", "--to", dir.resolve("report").toString());
    assertThat(report.out()).contains("phases of sweep a: " + 3 * ROWS_PER_POINT + " rows (point x layer x stat) "
        + "written").doesNotContain("not recomputed");
    assertThat(phasesSnapshot()).isNotEqualTo(before);
    assertThat(phasesRows("a")).isEqualTo(3 * ROWS_PER_POINT);
  }

  @Test
  @Order(3)
  void writingOneSweepsPhasesLeavesAnotherStale() throws Exception {
    // b's phases were written before a's new point: stale, though a's were written after that point.
    ResultStore store = store();
    PhasesSource.Recorded b = PhasesSource.recorded(store.tables(), "b");
    assertThat(b).isNotNull();
    assertThat(b.source()).isNotEqualTo(PhasesSource.now(store.tables(), b.source().specHash()));
    PhasesSource a = PhasesSource.recorded(store.tables(), "a").source();
    assertThat(a).isEqualTo(PhasesSource.now(store.tables(), a.specHash()));

    CliRun report = run("report", "--sweep", "b", "--to", dir.resolve("report-b").toString());
    assertThat(report.out()).contains("phases of sweep b: " + 2 * ROWS_PER_POINT + " rows").doesNotContain("current");
    assertThat(phasesRows("a")).isEqualTo(3 * ROWS_PER_POINT);
    assertThat(phasesRows("b")).isEqualTo(2 * ROWS_PER_POINT);
    // Now both are current: a's record was kept when b's rows were written.
    assertThat(run("phases", "--sweep", "a").out()).contains("phases of sweep a: current (written ");
    assertThat(run("phases", "--sweep", "b").out()).contains("phases of sweep b: current (written ");
  }

  @Test
  @Order(4)
  void anotherSpecOrBuildRecomputes() throws Exception {
    // The stored spec with other thresholds: the phases they give differ, so they are recomputed.
    store().saveSpec("b", TwoPointSpecs.yaml("b", 2) + "phase: {threshold: 0.75}\n");
    long before = phasesSnapshot();
    assertThat(run("phases", "--sweep", "b").out()).contains("phases of sweep b: " + 2 * ROWS_PER_POINT + " rows");
    assertThat(phasesSnapshot()).isNotEqualTo(before);

    // Rows written by another build of crh (its code version recorded): recomputed by this one.
    Table phases = store().tables().table(org.crhsweep.store.Table.PHASES);
    String recorded = phases.properties().get(PhasesSource.property("b"));
    assertThat(recorded).contains(" code=" + PhasesSource.currentCodeVersion() + " ");
    phases.updateProperties().set(PhasesSource.property("b"), recorded.replaceFirst(" code=\\S+ ", " code=0123abc "))
        .commit();
    before = phasesSnapshot();
    CliRun report = run("report", "--sweep", "b", "--to", dir.resolve("report-b").toString());
    assertThat(report.out()).contains("phases of sweep b: " + 2 * ROWS_PER_POINT + " rows").doesNotContain("current");
    assertThat(phasesSnapshot()).isNotEqualTo(before);
    assertThat(PhasesSource.recorded(store().tables(), "b").source().codeVersion())
        .isEqualTo(PhasesSource.currentCodeVersion());
  }

  private static SweepSpec spec(String sweep) {
    return SpecParser.parseString(TwoPointSpecs.yaml(sweep, 2), sweep + ".yaml");
  }

  private static void sweep(SweepSpec spec) throws Exception {
    SparkSession spark = SparkTestSession.get();
    new SweepDriver(spark, new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration()))
        .run(spec, p -> { }, Duration.ofMillis(200));
  }

  /** A fresh store (the commands stop the shared session, and each opens its own tables). */
  private static ResultStore store() {
    return new ResultStore(out.toString(), SparkTestSession.get().sparkContext().hadoopConfiguration());
  }

  private static CliRun run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = args[0];
    all[1] = "--master";
    all[2] = "local[2]";
    all[3] = "--out=" + out;
    System.arraycopy(args, 1, all, 4, args.length - 1);
    CliRun r = CliRun.of(all);
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  private static long phasesSnapshot() {
    Table phases = store().tables().table(org.crhsweep.store.Table.PHASES);
    phases.refresh();
    return phases.currentSnapshot().snapshotId();
  }

  private static long phasesRows(String sweep) throws Exception {
    SparkSession spark = SparkTestSession.get();
    TableViews.register(spark, store());
    return spark.sql("SELECT COUNT(*) FROM phases WHERE sweep = '" + sweep + "'").first().getLong(0);
  }
}
