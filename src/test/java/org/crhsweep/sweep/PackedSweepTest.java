package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.Point;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** training.pack: grouping, and a packed sweep through local Spark that stores what the unpacked one does. */
class PackedSweepTest {

  private static final String SPEC = """
      name: %s
      dataset: {kind: gaussian_mixture, input_dim: 6, output_dim: 3, train_size: 96, separation: 3}
      grid:
        architecture: [{type: mlp, depth: 3, width: 8, activation: tanh}]
        learning_rate: [0.05, 0.1]
        batch_size: [8, 16]
        weight_decay: [0, 0.01]
        seed: [0, 1]
      training: {steps: 30, probe_every: 15, pack: %d, dtype: float64}
      probe: {samples: 48, null_rotations: 2}
      """;

  @TempDir
  static Path dir;

  @Test
  void groupsShareEverythingButLrWdSeedAndAreBalanced() {
    SweepSpec spec = SpecParser.parseString(SPEC.formatted("g", 3), "g.yaml");
    List<List<Point>> groups = Packing.groups(spec.points(), 3);
    // 16 points, two batch sizes: 8 per batch size, pack 3 -> 3 groups of 3, 3, 2 each.
    assertThat(groups).extracting(List::size).containsExactly(3, 3, 2, 3, 3, 2);
    for (List<Point> g : groups) {
      assertThat(g).extracting(Point::batchSize).containsOnly(g.get(0).batchSize());
    }
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(16);
    assertThat(Packing.groups(spec.points(), 1)).hasSize(16).allSatisfy(g -> assertThat(g).hasSize(1));
    assertThat(Packing.groups(spec.points(), 20)).extracting(List::size).containsExactly(8, 8);
  }

  @Test
  void packOutOfRangeIsAOneLineSpecError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecParser.parseString(SPEC.formatted("bad", 0), "x.yaml"))
        .hasMessageContaining("spec field 'training.pack': must be in [1, 256] (1 = off), got 0");
  }

  @Test
  void packDoesNotChangePointIds() {
    List<String> packed = SpecParser.parseString(SPEC.formatted("same", 8), "a.yaml").points().stream()
        .map(Point::id).toList();
    List<String> alone = SpecParser.parseString(SPEC.formatted("same", 1), "b.yaml").points().stream()
        .map(Point::id).toList();
    assertThat(packed).isEqualTo(alone);
  }

  @Test
  void packedSweepStoresWhatTheUnpackedSweepStores() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Map<String, Map<String, Double>> byRun = new HashMap<>();
    for (int pack : new int[] {1, 8}) {
      String name = "pack" + pack;
      ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
      SweepSpec spec = SpecParser.parseString(SPEC.formatted(name, pack), name + ".yaml");
      SweepResult r = new SweepDriver(spark, store).run(spec, p -> {}, Duration.ofMillis(500));
      assertThat(r.count(Outcome.Status.DONE)).isEqualTo(16);
      TableViews.register(spark, store);
      assertThat(spark.sql("SELECT DISTINCT pack_size FROM points WHERE sweep = '" + name + "'").collectAsList())
          .extracting(row -> row.getInt(0)).containsExactly(pack);
      Map<String, Double> values = new HashMap<>();
      for (Row row : spark.sql("SELECT point_id, step, layer, relation, stat, alignment FROM alignment WHERE sweep = '"
          + name + "'").collectAsList()) {
        values.put(row.getString(0) + "/" + row.getLong(1) + "/" + row.getInt(2) + "/" + row.getString(3) + "/"
            + row.getString(4), row.getDouble(5));
      }
      for (Row row : spark.sql("SELECT point_id, final_probe_loss, final_accuracy FROM points WHERE sweep = '"
          + name + "'").collectAsList()) {
        values.put(row.getString(0) + "/loss", row.getDouble(1));
        values.put(row.getString(0) + "/accuracy", row.getDouble(2));
      }
      byRun.put(name, values);
    }
    Map<String, Double> alone = byRun.get("pack1");
    Map<String, Double> packed = byRun.get("pack8");
    assertThat(packed.keySet()).isEqualTo(alone.keySet()).hasSize(16 * (3 * 3 * 6 * 2 + 2));
    for (Map.Entry<String, Double> e : alone.entrySet()) {
      assertThat(packed.get(e.getKey())).as(e.getKey()).isCloseTo(e.getValue(), within(1e-9));
    }
  }
}
