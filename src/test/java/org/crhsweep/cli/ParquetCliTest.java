package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.crhsweep.SparkTestSession;
import org.crhsweep.sweep.ParquetSweepTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet pre-flight of `crh validate` and `crh sweep`: bad path or column is exit 2 on one line, no Spark job. */
class ParquetCliTest {

  @TempDir
  static Path dir;

  private static Path data;
  private static String firstPart;


  @BeforeAll
  static void writeData() throws Exception {
    data = dir.resolve("mixture");
    ParquetSweepTest.writeMixture(SparkTestSession.get(), data.toString());
    try (Stream<Path> files = Files.list(data)) {
      firstPart = "file:" + files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().findFirst()
          .orElseThrow();
    }
  }


  private static Path spec(String dataset) throws Exception {
    Path file = Files.createTempFile(dir, "spec", ".yaml");
    Files.writeString(file, String.join("\n",
        "name: mine",
        "dataset:",
        "  kind: parquet",
        dataset,
        "grid:",
        "  architecture: [{depth: 2, width: 8, activation: tanh}]",
        "  learning_rate: [0.05]",
        "  batch_size: [32]",
        "  weight_decay: [0]",
        "training: {steps: 20, probe_every: 10}",
        "probe: {samples: 64}",
        ""));
    return file;
  }

  /** Runs validate and sweep on the spec; both must exit 2 with exactly {@code error} and leave OUT untouched. */
  private static void bothRefuse(Path spec, String error) {
    Path out = dir.resolve("out");
    for (String cmd : new String[] {"validate", "sweep"}) {
      CliRun r = cmd.equals("sweep") ? CliRun.of(cmd, "--spec", spec.toString(), "--out", out.toString())
          : CliRun.of(cmd, "--spec", spec.toString());
      assertThat(r.code()).as(cmd).isEqualTo(2);
      assertThat(r.err().strip()).as(cmd).isEqualTo(error);
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void validateReadsTheShapeAndTheLossFromTheData() throws Exception {
    CliRun r = CliRun.of("validate", "--spec", spec("  path: " + data + "\n  features: x\n  label: cls").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("sweep mine: 1 points, spec hash ");
  }

  @Test
  void sparkHadoopSettingsReachThePreFlight() throws Exception {
    // The dataset lives only on HDFS and the spec names it without a scheme: validate finds it only through
    // spark.hadoop.fs.defaultFS, a setting given to Spark (spark-submit --conf ends up as this system property).
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    String key = "spark.hadoop.fs.defaultFS";
    try {
      hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(data.toString()),
          new org.apache.hadoop.fs.Path("/shared/mixture"));
      Path spec = spec("  path: /shared/mixture\n  features: x\n  label: cls");
      CliRun without = CliRun.of("validate", "--spec", spec.toString());
      assertThat(without.code()).isEqualTo(2);
      assertThat(without.err()).contains("/shared/mixture does not exist");
      System.setProperty(key, "hdfs://127.0.0.1:" + hdfs.getNameNodePort());
      CliRun with = CliRun.of("validate", "--spec", spec.toString());
      assertThat(with.code()).as(with.err()).isZero();
      assertThat(with.out()).startsWith("sweep mine: 1 points");
    } finally {
      System.clearProperty(key);
      hdfs.shutdown();
    }
  }

  @Test
  void aMissingPathExitsTwo() throws Exception {
    String missing = dir.resolve("nope").toString();
    bothRefuse(spec("  path: " + missing + "\n  features: x\n  label: cls"),
        "crh: spec field 'dataset.path': " + missing + " does not exist: give a Parquet file or a directory of"
            + " .parquet part files");
  }

  @Test
  void aMissingColumnExitsTwo() throws Exception {
    bothRefuse(spec("  path: " + data + "\n  features: x\n  label: klass"),
        "crh: spec field 'dataset.label': column 'klass' is not in " + firstPart + " (columns: x, cls, name)");
    bothRefuse(spec("  path: " + data + "\n  label: cls"),
        "crh: spec field 'dataset.features': column 'features' is not in " + firstPart + " (columns: x, cls, name)");
  }

  @Test
  void aColumnOfTheWrongTypeOrAWrongLossExitsTwo() throws Exception {
    bothRefuse(spec("  path: " + data + "\n  features: name\n  label: cls"),
        "crh: spec field 'dataset.features': column 'name' of " + firstPart + " holds binary: it must be an array"
            + " of numbers (double, float, int, long)");
    Path mse = spec("  path: " + data + "\n  features: x\n  label: cls");
    Files.writeString(mse, Files.readString(mse).replace("probe_every: 10}", "probe_every: 10, loss: mse}"));
    bothRefuse(mse, "crh: spec field 'training.loss': must be cross_entropy for dataset.path " + data
        + " (column 'cls' holds integer classes), got 'mse'");
  }
}
