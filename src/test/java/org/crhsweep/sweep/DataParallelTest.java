package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel points through DL4J Spark on local[2]: with averaging after every step they store what
 * task mode stores (the average of W one-step updates on the pieces of a minibatch is one step on the
 * whole minibatch), with averaging every 4 steps they train to something else; every point is committed
 * exactly once, with its execution columns, and a second run skips them all.
 */
class DataParallelTest {

  private static final String SPEC = """
      name: %s
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 3, teacher_width: 8, train_size: 128, noise: 0.1}
      grid:
        architecture: [{type: mlp, depth: 3, width: 8, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [16]
        weight_decay: [0.01]
      training: {steps: 24, probe_every: 8, dtype: float64}
      probe: {samples: 48, null_rotations: 2}
      execution: {mode: [task, data_parallel], workers: 2, averaging_frequency: [1, 4]}
      """;

  @TempDir
  static Path dir;

  @Test
  void averagingEveryStepIsTaskModeAndEveryPointCommitsOnce() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC.formatted("dp"), "dp.yaml");
    List<Point> points = spec.points();
    assertThat(points).extracting(p -> p.execution().label())
        .containsExactly("task", "data_parallel w2 f1", "data_parallel w2 f4");
    List<SweepProgress> progress = new java.util.ArrayList<>();
    SweepResult r = new SweepDriver(spark, store).run(spec, progress::add, Duration.ofMillis(500));
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(3);
    // While a data-parallel point trains on the driver, the progress line says where it is.
    assertThat(progress).extracting(SweepProgress::line).anyMatch(l -> l.startsWith("[dp] 2/3 points")
        && l.contains(" · data_parallel w2 f4 point " + points.get(2).id() + " step 16/24, loss "));
    assertThat(progress.get(progress.size() - 1).line()).startsWith("[dp] 3/3 points · 0 failed");

    TableViews.register(spark, store);
    List<Row> rows = spark.sql("SELECT point_id, execution_mode, workers, averaging_frequency, steps_done, status "
        + "FROM points WHERE sweep = 'dp' ORDER BY workers, averaging_frequency").collectAsList();
    assertThat(rows).hasSize(3);
    assertThat(rows).extracting(x -> x.getString(1) + "/" + x.getInt(2) + "/" + x.getInt(3) + "/" + x.getLong(4))
        .containsExactly("task/1/1/24", "data_parallel/2/1/24", "data_parallel/2/4/24");
    assertThat(spark.sql("SELECT DISTINCT step FROM training WHERE sweep = 'dp' ORDER BY step").collectAsList())
        .extracting(x -> x.getLong(0)).containsExactly(0L, 8L, 16L, 24L);
    // Every table carries the execution columns.
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE sweep = 'dp' AND execution_mode = 'data_parallel' "
        + "AND workers = 2").first().getLong(0)).isEqualTo(2L * 4 * 3 * 6 * 2);

    Map<String, Double> task = alignments(spark, 1, "task");
    Map<String, Double> every = alignments(spark, 1, "data_parallel");
    Map<String, Double> four = alignments(spark, 4, "data_parallel");
    assertThat(task).hasSize(4 * 3 * 6 * 2);
    assertThat(every.keySet()).isEqualTo(task.keySet());
    double maxSame = 0;
    double maxOther = 0;
    for (String k : task.keySet()) {
      maxSame = Math.max(maxSame, Math.abs(task.get(k) - every.get(k)));
      maxOther = Math.max(maxOther, Math.abs(task.get(k) - four.get(k)));
    }
    assertThat(maxSame).as("averaging every step = task-mode SGD").isLessThan(1e-6);
    assertThat(maxOther).as("averaging every 4 steps is a different algorithm").isGreaterThan(1e-4);
    double lossTask = finalLoss(spark, 1, "task");
    assertThat(finalLoss(spark, 1, "data_parallel")).isCloseTo(lossTask, org.assertj.core.api.Assertions.within(1e-9));

    // Resume: nothing left to run, nothing stored twice.
    SweepResult again = new SweepDriver(spark, store).run(spec, p -> {}, Duration.ofMillis(500));
    assertThat(again.skipped()).isEqualTo(3);
    TableViews.register(spark, store);
    assertThat(spark.sql("SELECT COUNT(*), COUNT(DISTINCT point_id) FROM points WHERE sweep = 'dp'").first().toString())
        .isEqualTo("[3,3]");
  }

  @Test
  void aCnnPointAveragedEveryStepIsTaskModeToo() throws Exception {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "apt-get install dataset-fashion-mnist");
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString("""
        name: dpcnn
        dataset: {kind: fashion_mnist, train_size: 128}
        grid:
          architecture:
            - {type: cnn, channels: [3], kernel: 3, stride: 2, padding: same, pooling: max, pool_size: 2,
               activation: relu, dense: [8]}
          learning_rate: [0.05]
          batch_size: [8]
          weight_decay: [0.001]
        training: {steps: 4, probe_every: 2, dtype: float64}
        probe: {samples: 32, conv_observations: 200, null_rotations: 0}
        execution: {mode: [task, data_parallel], workers: 2}
        """, "dpcnn.yaml");
    SweepResult r = new SweepDriver(spark, store).run(spec, p -> {}, Duration.ofMillis(500));
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(2);
    TableViews.register(spark, store);
    Map<String, Double> task = alignments(spark, "dpcnn", 1, "task");
    Map<String, Double> parallel = alignments(spark, "dpcnn", 1, "data_parallel");
    // conv1, fc1, fc2 x 3 probes x 6 relations x 2 stats
    assertThat(task).hasSize(3 * 3 * 6 * 2);
    assertThat(parallel.keySet()).isEqualTo(task.keySet());
    for (String k : task.keySet()) {
      assertThat(parallel.get(k)).as(k).isCloseTo(task.get(k), org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  private static Map<String, Double> alignments(SparkSession spark, int frequency, String mode) {
    return alignments(spark, "dp", frequency, mode);
  }

  private static Map<String, Double> alignments(SparkSession spark, String sweep, int frequency, String mode) {
    Map<String, Double> m = new HashMap<>();
    for (Row x : spark.sql("SELECT step, layer, relation, stat, alignment FROM alignment WHERE sweep = '" + sweep + "' "
        + "AND execution_mode = '" + mode + "' AND averaging_frequency = " + frequency).collectAsList()) {
      m.put(x.getLong(0) + "|" + x.getInt(1) + "|" + x.getString(2) + "|" + x.getString(3), x.getDouble(4));
    }
    return m;
  }

  private static double finalLoss(SparkSession spark, int frequency, String mode) {
    return spark.sql("SELECT final_train_loss FROM points WHERE sweep = 'dp' AND execution_mode = '" + mode
        + "' AND averaging_frequency = " + frequency).first().getDouble(0);
  }
}
