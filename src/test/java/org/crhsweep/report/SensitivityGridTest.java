package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.analysis.PhaseSensitivity;
import org.crhsweep.analysis.PhaseSensitivity.Counts;
import org.crhsweep.analysis.PhaseSensitivity.Reading;
import org.crhsweep.analysis.PhaseSensitivity.Test;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.io.TempDir;

/** The threshold sensitivity grid against the phases table of the same fixed store ({@link PinnedStore}). */
class SensitivityGridTest {

  @TempDir Path dir;

  @org.junit.jupiter.api.Test
  void theMiddleCellIsThePhasesTableAndTwoWayNeverExceedsOneWay() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = PinnedStore.writtenUnder(dir, spark);
    PhaseSpec spec = PhaseSpec.defaults();
    new PhaseJob(spark, store).run(PinnedStore.SWEEP, spec);
    PhaseSensitivity.Result grid = PhaseSensitivity.load(spark, store, PinnedStore.SWEEP, spec,
        PhaseSensitivity.Grid.defaults());

    assertThat(grid.stats()).containsExactly("normalized", "raw");
    assertThat(grid.cells()).hasSize(27 * 2 * 2 * 2);
    assertThat(grid.isSpec(0.8, 0.9, 0.15)).isTrue();
    TableViews.register(spark, store);
    Map<String, String> columns = Map.of("PLAIN TWO_WAY", "phase", "SIGNIFICANT TWO_WAY", "phase_significant",
        "PLAIN ONE_WAY", "phase_one_way", "SIGNIFICANT ONE_WAY", "phase_significant_one_way");
    for (String stat : grid.stats()) {
      for (Reading reading : Reading.values()) {
        for (Test test : Test.values()) {
          String column = columns.get(reading + " " + test);
          Map<String, Integer> table = new HashMap<>();
          for (Row r : spark.sql("SELECT " + column + " AS phase, COUNT(*) AS n FROM phases WHERE sweep = '"
              + PinnedStore.SWEEP + "' AND stat = '" + stat + "' GROUP BY 1").collectAsList()) {
            table.put(r.getString(0), (int) r.getLong(1));
          }
          Counts middle = grid.counts(0.8, 0.9, 0.15, stat, reading, test);
          assertThat(middle).as("%s %s %s", stat, reading, test).isEqualTo(new Counts(table.getOrDefault("CRH", 0),
              table.getOrDefault("PAH", 0), table.getOrDefault("unaligned", 0), table.getOrDefault("diverged", 0)));
        }
      }
    }
    // Two-way is one-way and more: never more PAH, the same CRH. The store's reverse fits are built to
    // disagree now and then, so over the grid the two tests must differ.
    int pahTwoWay = 0;
    int pahOneWay = 0;
    for (PhaseSensitivity.Cell c : grid.cells()) {
      if (c.test() == Test.ONE_WAY) {
        pahOneWay += c.counts().pah();
      } else {
        pahTwoWay += c.counts().pah();
        Counts one = grid.counts(c.threshold(), c.minR2(), c.exponentTolerance(), c.stat(), c.reading(), Test.ONE_WAY);
        assertThat(c.counts().pah()).as("%s", c).isLessThanOrEqualTo(one.pah());
        assertThat(c.counts().crh()).isEqualTo(one.crh());
      }
    }
    assertThat(pahTwoWay).isLessThan(pahOneWay);
    // A stricter R² floor never finds more PAH layers.
    for (String stat : grid.stats()) {
      assertThat(grid.counts(0.8, 0.95, 0.15, stat, Reading.PLAIN, Test.TWO_WAY).pah())
          .isLessThanOrEqualTo(grid.counts(0.8, 0.8, 0.15, stat, Reading.PLAIN, Test.TWO_WAY).pah());
    }
  }
}
