package org.crhsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction rewrites a sweep's per-point files into one per table with the same rows, applies the deletes
 * of a rerun, leaves other sweeps' files alone, and removes files no snapshot names.
 */
class HousekeepingTest {

  static final String SPEC = """
      name: %s
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 64, teacher_width: 8}
      grid:
        architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
        learning_rate: [0.05, 0.1]
        batch_size: [8, 16]
        weight_decay: [0]
      training: {steps: 10, probe_every: 5}
      probe: {samples: 32, null_rotations: 0}
      """;

  @TempDir
  Path dir;

  @Test
  void compactionKeepsEveryRowAndLeavesOneFilePerTable() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec a = SpecParser.parseString(SPEC.formatted("a"), "a.yaml");
    SweepSpec b = SpecParser.parseString(SPEC.formatted("b"), "b.yaml");
    new SweepDriver(spark, store).run(a, p -> { }, Duration.ofMillis(200));
    new SweepDriver(spark, store).run(b, p -> { }, Duration.ofMillis(200));
    // Rows of a point deleted as a rerun would (an equality delete once files hold several points).
    String gone = a.points().get(0).id();
    String before = summary(spark, store);
    assertThat(files(store, Table.ALIGNMENT, "a")).isEqualTo(4);
    Path orphan = dir.resolve("out/results/alignment/data/sweep=a/0000000000000000-left-by-a-killed-writer.parquet");
    Files.writeString(orphan, "PAR1");

    Housekeeping.Result r = Housekeeping.run(spark, store.tables(), "a", Duration.ofDays(7), Duration.ZERO);

    assertThat(r.rewrittenFiles()).isEqualTo(4 * 5);
    assertThat(r.addedFiles()).isEqualTo(5);
    assertThat(r.orphanFiles()).isGreaterThanOrEqualTo(1);
    assertThat(orphan).doesNotExist();
    for (Table t : Table.perPoint()) {
      assertThat(files(store, t, "a")).as(t.label()).isEqualTo(1);
      assertThat(files(store, t, "b")).as(t.label()).isEqualTo(4);
    }
    assertThat(summary(spark, store)).isEqualTo(before);

    // After compaction a point's rows share files with others: deleting them writes an equality delete,
    // and the next compaction applies it.
    store.tables().deletePoints("a", List.of(gone));
    TableViews.register(spark, store);
    assertThat(spark.sql("SELECT COUNT(*) FROM points WHERE sweep = 'a'").first().getLong(0)).isEqualTo(3L);
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE sweep = 'a' AND point_id = '" + gone + "'").first()
        .getLong(0)).isZero();
    // Sweep b has the same grid, so the same point ids: its rows stay.
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE sweep = 'b' AND point_id = '" + gone + "'").first()
        .getLong(0)).isEqualTo(3 * 2 * 6 * 2);
    Housekeeping.Result again = Housekeeping.run(spark, store.tables(), "a", Duration.ofDays(7), Duration.ZERO);
    // Each table's one file of sweep a had deletes: rewritten without the deleted rows.
    assertThat(again.rewrittenFiles()).isEqualTo(5);
    assertThat(again.removedDeleteFiles()).isEqualTo(5);
    TableViews.register(spark, store);
    assertThat(spark.sql("SELECT COUNT(DISTINCT point_id) FROM alignment WHERE sweep = 'a'").first().getLong(0))
        .isEqualTo(3L);
  }

  /** Row counts and sums of every table of sweep a, as text. */
  private static String summary(SparkSession spark, ResultStore store) throws Exception {
    TableViews.register(spark, store);
    return spark.sql("SELECT (SELECT COUNT(*) FROM points WHERE sweep = 'a'), (SELECT COUNT(*) FROM alignment WHERE "
        + "sweep = 'a'), (SELECT SUM(alignment) FROM alignment WHERE sweep = 'a'), (SELECT COUNT(*) FROM exponents "
        + "WHERE sweep = 'a'), (SELECT SUM(train_loss) FROM training WHERE sweep = 'a'), (SELECT COUNT(*) FROM "
        + "moments WHERE sweep = 'a')").first().toString();
  }

  private static int files(ResultStore store, Table t, String sweep) throws Exception {
    org.apache.iceberg.Table table = store.tables().table(t);
    table.refresh();
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(Expressions.equal("sweep", sweep)).planFiles()) {
      for (FileScanTask ignored : tasks) {
        n++;
      }
    }
    return n;
  }
}
