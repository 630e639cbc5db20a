package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ParquetInspector;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A researcher's own Parquet data swept through local[2] Spark: a 3-class Gaussian mixture written by Spark (part
 * files, array column, rows seen as 1x2x3 images by the CNN), read from a local directory (an MLP and a CNN) and
 * from HDFS (MiniDFSCluster, the MLP), ending in done points with alignment rows for every layer and accuracy far
 * above chance.
 */
public class ParquetSweepTest {

  @TempDir
  static Path dir;

  static final int ROWS = 400;
  static final int DIM = 6;
  static final int CLASSES = 3;

  static final String SPEC = String.join("\n",
      "name: %s",
      "dataset:",
      "  kind: parquet",
      "  path: %s",
      "  features: x",
      "  label: cls",
      "  image: [1, 2, 3]",
      "grid:",
      "  architecture:",
      "    - {depth: 2, width: 16, activation: tanh}",
      "%s",
      "  learning_rate: [0.1]",
      "  batch_size: [32]",
      "  weight_decay: [0]",
      "training:",
      "  steps: 100",
      "  probe_every: 50",
      "probe:",
      "  samples: 64",
      "");

  private static final String CNN = "    - {type: cnn, channels: [4], pooling: none, activation: relu}";

  private static String local;

  @BeforeAll
  static void writeData() {
    local = dir.resolve("mixture").toUri().toString();
    writeMixture(SparkTestSession.get(), local);
  }

  /**
   * 400 rows: class k = i mod 3 in column cls (int), features x (array of 6 doubles) = 3 e_k + N(0, 1) noise, and a
   * string column name; Spark writes them as three part files.
   */
  public static void writeMixture(SparkSession spark, String path) {
    StructType schema = new StructType()
        .add("x", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("cls", DataTypes.IntegerType)
        .add("name", DataTypes.StringType);
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int k = i % CLASSES;
      List<Double> x = new ArrayList<>();
      for (int d = 0; d < DIM; d++) {
        x.add((d == k ? 3.0 : 0.0) + random.nextGaussian());
      }
      rows.add(RowFactory.create(x, k, "r" + i));
    }
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(path);
  }

  private static SweepResult sweep(SparkSession spark, String name, String path, String cnn, ResultStore store)
      throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String yaml = SPEC.formatted(name, path, cnn);
    SweepSpec spec = SpecParser.parseString(yaml, name + ".yaml", new ParquetInspector(conf));
    store.saveSpec(spec.name(), yaml);
    return new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
  }

  @Test
  void aLocalParquetDirectorySweepsToDonePointsAboveChance() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepResult r = sweep(spark, "mine", local, CNN, store);
    assertThat(r.outcomes()).extracting(Outcome::error).containsOnlyNulls();
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(2);

    TableViews.register(spark, store);
    List<Row> layers = spark.sql("SELECT p.arch, a.layer_name, a.site_kind, COUNT(*) FROM alignment a JOIN points p"
        + " ON a.point_id = p.point_id WHERE a.sweep = 'mine' GROUP BY p.arch, a.layer_name, a.site_kind"
        + " ORDER BY p.arch, a.layer_name").collectAsList();
    // the MLP's two dense layers and the CNN's conv layer and head; 3 probe steps (0, 50, 100) x 6 relations x 2
    // stats each
    assertThat(layers).extracting(row -> row.getString(1) + ":" + row.getString(2)).hasSize(4)
        .contains("conv1:conv");
    assertThat(layers).extracting(row -> row.getLong(3)).containsOnly(3L * 6 * 2);
    assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE isnan(alignment)").first().getLong(0)).isZero();
    List<Row> points = spark.sql("SELECT dataset, final_accuracy FROM points WHERE sweep = 'mine'").collectAsList();
    assertThat(points).extracting(row -> row.getString(0)).containsOnly("parquet-mixture-nall");
    assertThat(points).extracting(row -> row.getDouble(1)).allSatisfy(a -> assertThat(a).isGreaterThan(0.8));
  }

  @Test
  void theSameDataOnHdfsSweepsLikeTheLocalFiles() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      String remote = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/data/mixture";
      hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(local),
          new org.apache.hadoop.fs.Path(remote));
      SparkSession spark = SparkTestSession.get();
      ResultStore store = new ResultStore(dir.resolve("out-hdfs").toString(),
          spark.sparkContext().hadoopConfiguration());
      SweepResult r = sweep(spark, "mine-hdfs", remote, "", store);
      assertThat(r.outcomes()).extracting(Outcome::error).containsOnlyNulls();
      assertThat(r.count(Outcome.Status.DONE)).isEqualTo(1);
      TableViews.register(spark, store);
      assertThat(spark.sql("SELECT COUNT(*) FROM alignment WHERE sweep = 'mine-hdfs'").first().getLong(0))
          .isEqualTo(2L * 3 * 6 * 2);
      assertThat(spark.sql("SELECT final_accuracy FROM points WHERE sweep = 'mine-hdfs'").first().getDouble(0))
          .isGreaterThan(0.8);
    } finally {
      hdfs.shutdown();
    }
  }
}
