package org.crhsweep.sweep;

import org.crhsweep.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.probe.Alignment;
import org.crhsweep.probe.Moments;
import org.crhsweep.probe.Relation;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * training.checkpoint: final and crh dump: the .npz files of a point, read back with ND4J's own npz
 * reader, give the six alignments of both statistics that the sweep stored for the last step.
 */
class DumpTest {

  private static final String MLP = """
      name: %s
      dataset: {kind: gaussian_mixture, input_dim: 6, output_dim: 3, train_size: 96, separation: 3}
      grid:
        architecture: [{type: mlp, depth: 3, width: 8, activation: relu}]
        learning_rate: [0.1]
        batch_size: [8]
        weight_decay: [0.01]
        seed: [0, 1]
      training: {steps: 20, probe_every: 10, pack: %d, checkpoint: %s}
      probe: {samples: 40, null_rotations: 0}
      """;

  private static final String CNN = """
      name: cnn-ck
      dataset: {kind: fashion_mnist, train_size: 64}
      grid:
        architecture:
          - {type: cnn, channels: [3], kernel: 3, stride: 2, padding: same, pooling: max, pool_size: 2,
             activation: relu, dense: [8]}
        learning_rate: [0.05]
        batch_size: [16]
        weight_decay: [0.001]
      training: {steps: 4, probe_every: 2, checkpoint: final}
      probe: {samples: 12, null_rotations: 0, conv_observations: 300}
      """;

  @TempDir
  Path dir;



  private SweepSpec sweep(String yaml, String name) throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(yaml, name + ".yaml");
    SweepResult r = new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(500));
    assertThat(r.outcomes()).extracting(Outcome::error).containsOnlyNulls();
    return spec;
  }

  /** Dumps the point through the CLI and checks every site against the stored last-step alignments. */
  private int dumpMatchesStoredAlignments(String sweep, String pointId) throws Exception {
    Path to = dir.resolve("dump-" + sweep + "-" + pointId);
    CliRun r = CliRun.of("dump", "--out", dir.resolve("out").toString(), "--sweep", sweep, "--point", pointId,
        "--to", to.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(to.resolve("manifest.json")).exists();
    SparkSession spark = SparkTestSession.get();
    TableViews.register(spark, new ResultStore(dir.resolve("out").toString(),
        spark.sparkContext().hadoopConfiguration()));
    List<Row> rows = spark.sql("SELECT layer_name, relation, stat, alignment FROM alignment WHERE sweep = '" + sweep
        + "' AND point_id = '" + pointId + "' AND step = (SELECT MAX(step) FROM alignment WHERE sweep = '" + sweep
        + "' AND point_id = '" + pointId + "')").collectAsList();
    Map<String, Double> stored = new HashMap<>();
    rows.forEach(row -> stored.put(row.getString(0) + "/" + row.getString(1) + "/" + row.getString(2),
        row.getDouble(3)));
    assertThat(stored).isNotEmpty();
    int compared = 0;
    for (String key : stored.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().toList()) {
      Path npz = to.resolve(key + ".npz");
      assertThat(npz).exists();
      Map<String, INDArray> a = Nd4j.createFromNpzFile(npz.toFile());
      assertThat(a.keySet()).containsExactlyInAnyOrder("W", "h_a", "h_b", "g_a", "g_b");
      INDArray w = a.get("W").castTo(DataType.DOUBLE);
      assertThat(w.shape()).containsExactly(a.get("h_b").columns(), a.get("h_a").columns());
      for (Stat stat : Stat.values()) {
        Map<Relation.Matrix, INDArray> m = new EnumMap<>(Relation.Matrix.class);
        m.put(Relation.Matrix.Z_A, w.transpose().mmul(w));
        m.put(Relation.Matrix.Z_B, w.mmul(w.transpose()));
        m.put(Relation.Matrix.H_A, Moments.secondMoment(a.get("h_a").castTo(DataType.DOUBLE), stat));
        m.put(Relation.Matrix.G_A, Moments.secondMoment(a.get("g_a").castTo(DataType.DOUBLE), stat));
        m.put(Relation.Matrix.H_B, Moments.secondMoment(a.get("h_b").castTo(DataType.DOUBLE), stat));
        m.put(Relation.Matrix.G_B, Moments.secondMoment(a.get("g_b").castTo(DataType.DOUBLE), stat));
        for (Relation rel : Relation.values()) {
          String k = key + "/" + rel.label() + "/" + stat.label();
          assertThat(stored).containsKey(k);
          assertThat(Alignment.pearson(m.get(rel.a()), m.get(rel.b()))).as(k).isCloseTo(stored.get(k), within(1e-4));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(stored.size());
    return compared;
  }

  @Test
  void mlpDumpsUnpackedAndPackedReproduceTheStoredFinalAlignments() throws Exception {
    SweepSpec alone = sweep(MLP.formatted("alone", 1, "final"), "alone");
    sweep(MLP.formatted("packed", 2, "final"), "packed");
    String id = alone.points().get(1).id();
    // 3 dense sites x 6 relations x 2 statistics, for the point trained alone and inside a pack of 2.
    assertThat(dumpMatchesStoredAlignments("alone", id)).isEqualTo(3 * 6 * 2);
    assertThat(dumpMatchesStoredAlignments("packed", id)).isEqualTo(3 * 6 * 2);
    Map<String, INDArray> fc = Nd4j.createFromNpzFile(dir.resolve("dump-packed-" + id).resolve("fc2.npz").toFile());
    assertThat(fc.get("W").shape()).containsExactly(8, 8);
    assertThat(fc.get("h_a").shape()).containsExactly(40, 8);
    assertThat(Files.readString(dir.resolve("dump-packed-" + id).resolve("manifest.json")))
        .contains("\"layer_name\" : \"fc3\"").contains("\"d_out\" : 3").contains("\"step\" : 20");
  }

  @Test
  void aPointWithoutCheckpointOrAnUnknownPointExitsTwoWithOneLine() throws Exception {
    SweepSpec plain = sweep(MLP.formatted("plain", 1, "none"), "plain");
    String id = plain.points().get(0).id();
    String out = dir.resolve("out").toString();
    assertThat(dir.resolve("out/checkpoints/sweep=plain")).doesNotExist();
    CliRun none = CliRun.of("dump", "--out", out, "--sweep", "plain", "--point", id, "--to", dir.resolve("d1").toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err().strip()).isEqualTo("crh: --point: point " + id
        + " of sweep plain has no checkpoint: rerun it with training.checkpoint: final");
    CliRun unknown = CliRun.of("dump", "--out", out, "--sweep", "plain", "--point", "0123456789abcdef", "--to",
        dir.resolve("d2").toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("crh: --point: point 0123456789abcdef of sweep plain does not exist")
        .hasLineCount(1);
    assertThat(dir.resolve("d1")).doesNotExist();
    assertThat(CliRun.of("--help").out()).contains("dump");
  }

  @Test
  void cnnDumpKeepsTheSeededConvObservationsOfTheLastMeasurement() throws Exception {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "apt-get install dataset-fashion-mnist");
    SweepSpec spec = sweep(CNN, "cnn-ck");
    String id = spec.points().get(0).id();
    // conv1, fc1, fc2: 3 sites x 6 relations x 2 statistics.
    assertThat(dumpMatchesStoredAlignments("cnn-ck", id)).isEqualTo(3 * 6 * 2);
    Map<String, INDArray> conv = Nd4j.createFromNpzFile(dir.resolve("dump-cnn-ck-" + id).resolve("conv1.npz").toFile());
    // 12 samples x 14 x 14 positions = 2352 pairs, capped at 300; patches of 1 x 3 x 3.
    assertThat(conv.get("h_a").shape()).containsExactly(300, 9);
    assertThat(conv.get("W").shape()).containsExactly(3, 9);
  }
}
