package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep asked to stop while its points run (what Ctrl-C and SIGTERM do through the CLI) returns normally
 * with the points that finished committed and no point half-written; a rerun commits the rest, every
 * point once.
 */
class StopRequestTest {

  /** Eight points of a few seconds each: most are still to run when the first one finishes. */
  static final String SPEC = """
      name: stopped
      dataset: {kind: teacher_student, input_dim: 8, output_dim: 2, train_size: 256, teacher_width: 16, noise: 0.1}
      grid:
        architecture: [{type: mlp, depth: 3, width: 16, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [16, 32]
        weight_decay: [0, 0.001, 0.01, 0.1]
      training: {steps: 2000, probe_every: 500}
      probe: {samples: 64, null_rotations: 0}
      """;

  @TempDir
  Path dir;

  @Test
  void aStoppedRunCommitsWhatFinishedAndARerunCommitsTheRestOnce() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "stopped.yaml");
    StopRequest stop = new StopRequest();
    // Each point waits 1 s before its commit: the stop always lands mid-sweep however fast points train.
    spark.conf().set(FaultPlan.COMMIT_DELAY_CONF, "1000");
    SweepResult r;
    try {
      r = new SweepDriver(spark, store, stop).run(spec, p -> {
        if (p.finished() >= 1) {
          stop.request("test");
        }
      }, Duration.ofMillis(100));
    } finally {
      spark.conf().unset(FaultPlan.COMMIT_DELAY_CONF);
    }

    assertThat(stop.requested()).isTrue();
    int total = spec.points().size();
    assertThat(r.committed()).isBetween(1L, total - 1L);
    assertThat(r.left()).isEqualTo(total - r.committed());
    assertThat(store.committedPoints("stopped")).hasSize((int) r.committed());
    // No point is left half-written: a task killed mid-write deletes its partial files. A task that finished
    // after the cancel (its result never reached the driver) leaves a whole staged point, for housekeeping.
    assertThat(filesPerPoint().values()).containsOnly((long) org.crhsweep.store.Table.perPoint().size());

    SweepResult rerun = new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
    assertThat(rerun.skipped()).isEqualTo((int) r.committed());
    assertThat(rerun.committed()).isEqualTo(total);
    TableViews.register(spark, store);
    Row counts = spark.sql("SELECT COUNT(*), COUNT(DISTINCT point_id) FROM points WHERE sweep = 'stopped'").first();
    assertThat(counts.getLong(0)).isEqualTo(total);
    assertThat(counts.getLong(1)).isEqualTo(total);
    assertThat(spark.sql("SELECT COUNT(DISTINCT point_id) FROM training").first().getLong(0)).isEqualTo(total);
  }

  private java.util.Map<String, Long> filesPerPoint() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("out/results"))) {
      return files.filter(f -> f.toString().contains("/data/") && f.toString().endsWith(".parquet"))
          .collect(java.util.stream.Collectors.groupingBy(f -> f.getFileName().toString().substring(0, 16),
              java.util.stream.Collectors.counting()));
    }
  }
}
