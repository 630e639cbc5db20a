package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed data file damaged on disk afterwards (truncated with its checksum file beside it, or
 * overwritten) stops no command with a stack trace: readers name the file and its points in one line,
 * {@code crh repair} removes those points' rows, and the next run runs them again, every other point kept.
 */
class DamagedFilesTest {

  static final String SPEC = """
      name: damaged
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 64, teacher_width: 8}
      grid:
        architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
        learning_rate: [0.05, 0.1]
        batch_size: [8, 16]
        weight_decay: [0]
      training: {steps: 10, probe_every: 5}
      probe: {samples: 32, null_rotations: 0}
      """;

  @TempDir
  Path dir;

  @Test
  void aTruncatedAlignmentFileIsNamedRepairedAndItsPointRunAgain() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("out");
    ResultStore store = new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "damaged.yaml");
    new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
    String victim = spec.points().get(1).id();
    Path file = dataFile(out.resolve("results/alignment/data/sweep=damaged"), victim);
    assertThat(file.resolveSibling("." + file.getFileName() + ".crc")).exists();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }

    CliRun sql = CliRun.of("sql", "--out", out.toString(), "SELECT COUNT(*) FROM alignment");
    assertThat(sql.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(sql.err().strip()).doesNotContain("\n").startsWith("crh: damaged data file ")
        .contains(file.getFileName().toString()).contains("table alignment").contains(victim)
        .contains("run crh repair --out " + out + " --sweep damaged");

    CliRun repair = CliRun.of("repair", "--out", out.toString(), "--sweep", "damaged");
    assertThat(repair.code()).as(repair.err()).isZero();
    assertThat(repair.out()).contains("removed 1 damaged file and the rows of 1 point: " + victim);

    spark = SparkTestSession.get();
    store = new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration());
    SweepDriver driver = new SweepDriver(spark, store);
    assertThat(driver.plan(spec).todo()).extracting(p -> p.id()).containsExactly(victim);
    driver.run(spec, p -> { }, Duration.ofMillis(200));
    TableViews.register(spark, store);
    assertThat(spark.sql("SELECT COUNT(*), COUNT(DISTINCT point_id) FROM points").first().toString())
        .isEqualTo("[4,4]");
    // 3 measurements x 2 layers x 6 relations x 2 stats for every point, the rerun one included
    assertThat(spark.sql("SELECT point_id, COUNT(*) FROM alignment GROUP BY point_id").collectAsList())
        .hasSize(4).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(3 * 2 * 6 * 2));
  }

  @Test
  void anOverwrittenPointsFileStopsTheResumeWithOneLine() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("out2");
    ResultStore store = new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "damaged.yaml");
    new SweepDriver(spark, store).run(spec, p -> { }, Duration.ofMillis(200));
    String victim = spec.points().get(0).id();
    Path file = dataFile(out.resolve("results/points/data/sweep=damaged"), victim);
    Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
    byte[] junk = new byte[(int) Files.size(file)];
    Files.write(file, junk);

    Path yaml = dir.resolve("damaged.yaml");
    Files.writeString(yaml, SPEC);
    CliRun sweep = CliRun.of("sweep", "--spec", yaml.toString(), "--out", out.toString(), "--master", "local[1]");
    assertThat(sweep.code()).as(sweep.out() + sweep.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(sweep.err().strip()).doesNotContain("\n").contains("table points").contains("no Parquet footer")
        .contains(victim);
  }

  /** The data file of one point (a point's own files hold only its rows, named after it). */
  private static Path dataFile(Path dir, String point) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().startsWith(point)
          && p.toString().endsWith(".parquet")).toList();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }
}
