package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.analysis.Curve;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's inputs from one read of the final windows (what crh phases and crh report do) are those read
 * from the tables: the phases table the same read wrote, and the sensitivity grid's own read.
 */
class OneReadReportTest {

  @TempDir Path dir;

  @Test
  void oneReadGivesWhatTheTablesGive() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = PinnedStore.writtenUnder(dir, spark);
    PhaseSpec spec = PhaseSpec.defaults();
    PhaseJob job = new PhaseJob(spark, store);
    PhaseJob.Finals finals = job.read(PinnedStore.SWEEP, spec, null);
    assertThat(job.write(PinnedStore.SWEEP, finals, null)).isEqualTo(finals.size())
        .isEqualTo(11 * PinnedStore.LAYERS * 2);

    ReportData once = ReportInputs.load(PinnedStore.SWEEP, ReportInputs.read(spark, PinnedStore.SWEEP), finals,
        spec);
    ReportData tables = ReportInputs.load(spark, store, PinnedStore.SWEEP);

    assertThat(Dump.of("report", stable(once))).isEqualTo(Dump.of("report", stable(tables)));
    assertThat(once.phases()).isEqualTo(tables.phases());
    assertThat(once.sensitivity()).isEqualTo(tables.sensitivity());
  }

  @Test
  void thePhasesTableHoldsTheFinalWindowsItWasWrittenFrom() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = PinnedStore.writtenUnder(dir, spark);
    PhaseJob job = new PhaseJob(spark, store);
    PhaseJob.Finals read = job.read(PinnedStore.SWEEP, PhaseSpec.defaults(), null);
    job.write(PinnedStore.SWEEP, read, null);

    PhaseJob.Finals stored = job.readStored(PinnedStore.SWEEP);

    // Every value the classification and the report use, exactly (R² included: the sensitivity grid reads it).
    assertThat(stored.layers()).hasSize(11 * PinnedStore.LAYERS * 2).isEqualTo(read.layers());
    assertThat(stored.rows().rows()).hasSameSizeAs(read.rows().rows());
    for (int i = 0; i < read.size(); i++) {
      assertThat(stored.rows().rows().get(i)).containsExactly(read.rows().rows().get(i));
    }
    assertThat(read.layers()).anySatisfy(l -> assertThat(l.values().r2().stream().filter(Double::isFinite)).isNotEmpty());
  }

  /** Without the time it was made and with the curves in one order (Spark returns them in none). */
  private static ReportData stable(ReportData d) {
    List<Curve> curves = d.curves().stream().sorted(Comparator.comparing(Curve::pointId).thenComparingInt(Curve::layer)
        .thenComparing(Curve::stat).thenComparing(Curve::relation)).toList();
    return new ReportData(d.sweep(), d.specHash(), "", d.points(), d.phases(), curves, d.analyses(), d.sensitivity());
  }
}
