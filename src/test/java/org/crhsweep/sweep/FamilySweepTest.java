package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One shortened 2-point sweep per architecture family (conf/sweeps/{cnn,resnet,transformer}-tiny.yaml)
 * through local[2] Spark: it ends with alignment rows for every probe site of the family, named and of
 * its kind, no NaN alignment, training rows and phases; then each family's own checks.
 */
class FamilySweepTest {

  /** A family's spec, its shortening edits, its sites in layer order ("name:kind") and its own checks. */
  record Family(String name, boolean images, Map<String, String> edits, List<String> sites,
      BiConsumer<SparkSession, Family> extra) {
    @Override
    public String toString() {
      return name;
    }
  }

  @TempDir
  Path dir;

  static Stream<Family> families() {
    return Stream.of(
        new Family("cnn-tiny", true, Map.of("train_size: 1024", "train_size: 256", "samples: 256", "samples: 64"),
            List.of("conv1:conv", "conv2:conv", "fc1:dense", "fc2:dense"), FamilySweepTest::cnn),
        new Family("resnet-tiny", true, Map.of("train_size: 1024", "train_size: 256", "samples: 256", "samples: 32"),
            List.of("stem:conv", "stage1.block1.conv1:conv", "stage1.block1.conv2:conv",
                "stage2.block1.conv1:conv", "stage2.block1.conv2:conv", "stage2.block1.shortcut:conv", "fc:dense"),
            FamilySweepTest::resnet),
        new Family("transformer-tiny", false,
            Map.of("layers: 2", "layers: 1", "train_size: 2048", "train_size: 256", "samples: 64", "samples: 16"),
            List.of("layer1.attn.q:attention", "layer1.attn.k:attention", "layer1.attn.v:attention",
                "layer1.attn.o:attention", "layer1.mlp.in:mlp", "layer1.mlp.out:mlp", "head:dense"),
            FamilySweepTest::transformer));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void everyProbeSiteOfTheFamilyHasAlignmentRowsWithItsKind(Family family) throws Exception {
    assumeTrue(!family.images() || Files.isDirectory(FashionMnist.DEFAULT_DIR),
        "apt-get install dataset-fashion-mnist");
    String yaml = Files.readString(Path.of("conf/sweeps/" + family.name() + ".yaml"))
        .replace("steps: 300", "steps: 20")
        .replace("probe_every: 100", "probe_every: 10");
    for (Map.Entry<String, String> edit : family.edits().entrySet()) {
      assertThat(yaml).as(family.name()).contains(edit.getKey());
      yaml = yaml.replace(edit.getKey(), edit.getValue());
    }
    SweepSpec spec = SpecParser.parseString(yaml, family.name() + ".yaml");
    assertThat(spec.points()).hasSize(2);
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    store.saveSpec(spec.name(), yaml);
    SweepResult r = new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
    assertThat(r.outcomes()).extracting(Outcome::error).containsOnlyNulls();
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(2);

    TableViews.register(spark, store);
    List<Row> sites = spark.sql("SELECT layer, layer_name, site_kind, COUNT(*) AS n FROM alignment "
        + "WHERE sweep = '" + family.name() + "' GROUP BY layer, layer_name, site_kind ORDER BY layer")
        .collectAsList();
    assertThat(sites).extracting(row -> row.getString(1) + ":" + row.getString(2))
        .containsExactlyElementsOf(family.sites());
    // 2 points x 3 probe steps (0, 10, 20) x 6 relations x 2 stats per site
    assertThat(sites).extracting(row -> row.getLong(3)).containsOnly(2L * 3 * 6 * 2);
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE isnan(alignment) OR alignment IS NULL").first()
        .getLong(0)).isZero();
    Row last = spark.sql("SELECT accuracy, nc1, grad_norm FROM training WHERE step = 20").first();
    assertThat(last.getDouble(0)).isBetween(0.0, 1.0);
    assertThat(last.getDouble(1)).isPositive();
    assertThat(last.getDouble(2)).isPositive();
    assertThat(spark.sql("SELECT depth FROM points").collectAsList()).extracting(row -> row.getInt(0))
        .containsOnly(family.sites().size());
    family.extra().accept(spark, family);
    // A phase per point, site and stat.
    assertThat(new PhaseJob(spark, store).run(family.name(), spec.phase())).isEqualTo(2 * family.sites().size() * 2);
    TableViews.register(spark, store);
    long convSites = family.sites().stream().filter(s -> s.endsWith(":conv")).count();
    assertThat(spark.sql("SELECT COUNT(*) FROM phases WHERE site_kind = 'conv'").first().getLong(0))
        .isEqualTo(2 * convSites * 2);
  }

  private static void cnn(SparkSession spark, Family family) {
    assertThat(spark.sql("SELECT COUNT(DISTINCT site_kind) FROM exponents").first().getLong(0)).isEqualTo(2);
    Row point = spark.sql("SELECT arch, dataset FROM points").first();
    assertThat(point.getString(0)).isEqualTo("cnn-c4-8-k3s2same-max2-d16-relu");
    assertThat(point.getString(1)).isEqualTo("fashion_mnist-n256");
  }

  private static void resnet(SparkSession spark, Family family) {
    assertThat(spark.sql("SELECT arch FROM points ORDER BY arch").collectAsList()).extracting(row -> row.getString(0))
        .containsExactly("resnet-s4-w4-8-b1-1-relu", "resnet-s4-w4-8-b1-1-relu-bn");
    // Ten classes, inference-mode losses at init of the order of ln 10 ≈ 2.3 with and without batch norm.
    assertThat(spark.sql("SELECT probe_loss FROM training WHERE step = 0").collectAsList())
        .extracting(row -> row.getDouble(0)).hasSize(2).allSatisfy(l -> assertThat(l).isBetween(1.0, 5.0));
  }

  private static void transformer(SparkSession spark, Family family) {
    // Losses are per sequence of 16 tokens: at init about 16 log 16 = 44 nats; next-token accuracy in [0, 1].
    Row first = spark.sql("SELECT probe_loss FROM training WHERE step = 0").first();
    assertThat(first.getDouble(0)).isBetween(0.5 * 16 * Math.log(16), 2.0 * 16 * Math.log(16));
    Row point = spark.sql("SELECT arch, dataset, activation FROM points").first();
    assertThat(point.getString(0)).isEqualTo("transformer-l1-d32-h2-r4");
    assertThat(point.getString(1)).isEqualTo("markov-v16-k1-b3-t16-n256");
    assertThat(point.getString(2)).isEqualTo("gelu");
  }
}
