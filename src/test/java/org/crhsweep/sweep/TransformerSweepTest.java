package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/sweeps/transformer-tiny.yaml, shortened, through local[2] Spark: every transformer site has its rows. */
class TransformerSweepTest {

  @TempDir
  Path dir;

  @Test
  void everyProbeSiteOfTheTransformerHasAlignmentRowsWithItsKind() throws Exception {
    String yaml = Files.readString(Path.of("conf/sweeps/transformer-tiny.yaml"))
        .replace("layers: 2", "layers: 1")
        .replace("train_size: 2048", "train_size: 256")
        .replace("steps: 300", "steps: 20")
        .replace("probe_every: 100", "probe_every: 10")
        .replace("samples: 64", "samples: 16");
    SweepSpec spec = SpecParser.parseString(yaml, "transformer-tiny.yaml");
    assertThat(spec.points()).hasSize(2);
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    store.saveSpec(spec.name(), yaml);
    SweepResult r = new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
    assertThat(r.outcomes()).extracting(Outcome::error).containsOnlyNulls();
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(2);

    TableViews.register(spark, store);
    List<Row> sites = spark.sql("SELECT layer, layer_name, site_kind, COUNT(*) AS n FROM alignment "
        + "WHERE sweep = 'transformer-tiny' GROUP BY layer, layer_name, site_kind ORDER BY layer").collectAsList();
    assertThat(sites).extracting(row -> row.getString(1) + ":" + row.getString(2)).containsExactly(
        "layer1.attn.q:attention", "layer1.attn.k:attention", "layer1.attn.v:attention", "layer1.attn.o:attention",
        "layer1.mlp.in:mlp", "layer1.mlp.out:mlp", "head:dense");
    // 2 points x 3 probe steps (0, 10, 20) x 6 relations x 2 stats per site
    assertThat(sites).extracting(row -> row.getLong(3)).containsOnly(2L * 3 * 6 * 2);
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE isnan(alignment) OR alignment IS NULL").first()
        .getLong(0)).isZero();
    // Losses are per sequence of 16 tokens: at init about 16 log 16 = 44 nats; next-token accuracy in [0, 1].
    Row first = spark.sql("SELECT probe_loss, accuracy FROM training WHERE step = 0").first();
    assertThat(first.getDouble(0)).isBetween(0.5 * 16 * Math.log(16), 2.0 * 16 * Math.log(16));
    Row last = spark.sql("SELECT accuracy, nc1, grad_norm FROM training WHERE step = 20").first();
    assertThat(last.getDouble(0)).isBetween(0.0, 1.0);
    assertThat(last.getDouble(1)).isPositive();
    assertThat(last.getDouble(2)).isPositive();
    Row point = spark.sql("SELECT arch, dataset, depth, width, activation FROM points").first();
    assertThat(point.getString(0)).isEqualTo("transformer-l1-d32-h2-r4");
    assertThat(point.getString(1)).isEqualTo("markov-v16-k1-b3-t16-n256");
    assertThat(point.getInt(2)).isEqualTo(7);
    assertThat(point.getString(4)).isEqualTo("gelu");
  }
}
