package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.StagedPoint;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A point that runs out of memory is recorded as failed like any other failing point, and the sweep goes on;
 * a rerun runs the failed points again (their earlier files gone first) and keeps the done and diverged ones.
 */
class FailedPointsTest {

  private static final String SPEC = """
      name: retry
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 64, teacher_width: 8, noise: 0.1}
      grid:
        architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
        learning_rate: [0.05, 1.0e4]
        batch_size: [8, 16]
        weight_decay: [0, 0.01]
      training: {steps: 20, probe_every: 10}
      probe: {samples: 32, null_rotations: 0}
      """;

  @TempDir
  Path dir;

  @Test
  void outOfMemoryIsRecordedAndARerunRetriesOnlyTheFailedPoints() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("out");
    ResultStore store = new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "retry.yaml");
    Point oom = find(spec, 8, 0.0);
    Point thrown = find(spec, 16, 0.01);
    Point done = find(spec, 16, 0.0);
    SweepDriver driver = new SweepDriver(spark, store);

    spark.conf().set(FaultPlan.FAIL_POINTS_CONF, oom.id() + ":oom," + thrown.id());
    SweepResult first;
    try {
      first = driver.run(spec, p -> { }, Duration.ofMillis(200));
    } finally {
      spark.conf().unset(FaultPlan.FAIL_POINTS_CONF);
    }
    Map<String, Outcome> byId = first.outcomes().stream().collect(Collectors.toMap(Outcome::pointId, Function.identity()));
    assertThat(first.outcomes()).hasSize(8);
    assertThat(first.count(Outcome.Status.DIVERGED)).isEqualTo(4);
    assertThat(first.count(Outcome.Status.DONE)).isEqualTo(2);
    assertThat(byId.get(oom.id()).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(byId.get(oom.id()).error())
        .startsWith("OutOfMemoryError: Requested array size exceeds VM limit")
        .contains("raise spark.executor.memory");
    assertThat(byId.get(thrown.id()).error()).contains("injected fault");

    // As if the failed attempt had left measurement rows of its own in the alignment table.
    TableRows extra = new TableRows(Table.ALIGNMENT, new Provenance("h", "v", "cpu", "host"));
    extra.add(oom.id(), 99L, 0, "fc1", "dense", "f-RWA", "raw", 0.5, 0.5, 0.1, 0.1, "task", 1, 1);
    StagedPoint planted = store.stagePoint("retry", oom.id(), Map.of(Table.ALIGNMENT, extra));
    store.tables().table(Table.ALIGNMENT).newAppend().appendFile(planted.files().get(Table.ALIGNMENT)).commit();

    SweepDriver.Plan plan = driver.plan(spec);
    assertThat(plan.todo()).extracting(Point::id).containsExactlyInAnyOrder(oom.id(), thrown.id());
    assertThat(plan.retried()).isEqualTo(Set.of(oom.id(), thrown.id()));
    assertThat(plan.kept()).isEqualTo(6);

    SweepResult second = driver.run(spec, plan, p -> { }, Duration.ofMillis(200));
    assertThat(second.outcomes()).extracting(Outcome::status).containsOnly(Outcome.Status.DONE).hasSize(2);
    assertThat(second.skipped()).isEqualTo(6);
    assertThat(driver.plan(spec).todo()).isEmpty();

    TableViews.register(spark, store);
    assertThat(spark.sql("SELECT status, COUNT(*) FROM points GROUP BY status ORDER BY status").collectAsList())
        .extracting(Object::toString).containsExactly("[diverged,4]", "[done,4]");
    // Each retried point once, with its own rows: steps 0, 10, 20 x 2 layers x 6 relations x 2 stats.
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE point_id = '" + oom.id() + "'").first().getLong(0))
        .isEqualTo(3 * 2 * 6 * 2);
    assertThat(spark.sql("SELECT COUNT(DISTINCT point_id) FROM alignment").first().getLong(0)).isEqualTo(8);
  }

  private static Point find(SweepSpec spec, int batch, double weightDecay) {
    return spec.points().stream()
        .filter(p -> p.learningRate() == 0.05 && p.batchSize() == batch && p.weightDecay() == weightDecay)
        .findFirst().orElseThrow();
  }
}
