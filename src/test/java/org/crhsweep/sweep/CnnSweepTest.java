package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/sweeps/cnn-tiny.yaml, shortened, through local[2] Spark: every conv and dense site has its rows. */
class CnnSweepTest {

  @TempDir
  Path dir;

  @Test
  void everyProbeSiteOfTheCnnHasAlignmentRowsWithItsKind() throws Exception {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "apt-get install dataset-fashion-mnist");
    String yaml = Files.readString(Path.of("conf/sweeps/cnn-tiny.yaml"))
        .replace("train_size: 1024", "train_size: 256")
        .replace("steps: 300", "steps: 20")
        .replace("probe_every: 100", "probe_every: 10")
        .replace("samples: 256", "samples: 64");
    SweepSpec spec = SpecParser.parseString(yaml, "cnn-tiny.yaml");
    assertThat(spec.points()).hasSize(2);
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    store.saveSpec(spec.name(), yaml);
    SweepResult r = new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
    assertThat(r.outcomes()).extracting(Outcome::error).containsOnlyNulls();
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(2);

    TableViews.register(spark, store);
    List<Row> sites = spark.sql("SELECT layer, layer_name, site_kind, COUNT(*) AS n FROM alignment "
        + "WHERE sweep = 'cnn-tiny' GROUP BY layer, layer_name, site_kind ORDER BY layer").collectAsList();
    assertThat(sites).extracting(row -> row.getString(1) + ":" + row.getString(2))
        .containsExactly("conv1:conv", "conv2:conv", "fc1:dense", "fc2:dense");
    // 2 points x 3 probe steps (0, 10, 20) x 6 relations x 2 stats per site
    assertThat(sites).extracting(row -> row.getLong(3)).containsOnly(2L * 3 * 6 * 2);
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE isnan(alignment) OR alignment IS NULL").first()
        .getLong(0)).isZero();
    assertThat(spark.sql("SELECT COUNT(DISTINCT site_kind) FROM exponents").first().getLong(0)).isEqualTo(2);
    Row last = spark.sql("SELECT accuracy, nc1, grad_norm FROM training WHERE step = 20").first();
    assertThat(last.getDouble(0)).isBetween(0.0, 1.0);
    assertThat(last.getDouble(1)).isPositive();
    assertThat(last.getDouble(2)).isPositive();
    Row point = spark.sql("SELECT arch, dataset, depth, width FROM points").first();
    assertThat(point.getString(0)).isEqualTo("cnn-c4-8-k3s2same-max2-d16-relu");
    assertThat(point.getString(1)).isEqualTo("fashion_mnist-n256");
    assertThat(point.getInt(2)).isEqualTo(4);

    assertThat(new PhaseJob(spark, store).run("cnn-tiny", spec.phase())).isEqualTo(2 * 4 * 2);
    TableViews.register(spark, store);
    assertThat(spark.sql("SELECT COUNT(*) FROM phases WHERE site_kind = 'conv'").first().getLong(0))
        .isEqualTo(2 * 2 * 2);
  }
}
