package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.spec.TwoPointSpecs;
import org.crhsweep.store.Provenance;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.StagedPoint;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableRows;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files under OUT that no snapshot names are never read, nor rows a cut-short commit left without their
 * points row (and the next run removes those); a second run of a sweep whose lock a live driver holds is refused with exit code 4.
 */
class OutputRootFaultsTest {

  static final String SPEC = TwoPointSpecs.yaml("planted", 0);

  @TempDir
  Path dir;



  @Test
  void filesNoSnapshotNamesAndRowsOfACutShortCommitAreNeverReadAndARerunRemovesThem() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("out");
    ResultStore store = new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "planted.yaml");
    new SweepDriver(spark, store).run(spec, p -> { }, java.time.Duration.ofMillis(200));
    Path data = out.resolve("results/points/data/sweep=planted");
    Path committed;
    try (var files = Files.list(data)) {
      committed = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] whole = Files.readAllBytes(committed);
    // A writer killed mid-write leaves a temporary file; a staged file never committed is whole Parquet;
    // a truncated one and something foreign.
    Files.write(data.resolve(".00000000deadbeef.parquet.tmp"), whole);
    Files.write(data.resolve("00000000deadbeef-staged.parquet"), whole);
    Files.write(data.resolve("00000000feedface-truncated.parquet"), Arrays.copyOf(whole, whole.length / 2));
    Files.writeString(data.resolve("notes.txt"), "not parquet");
    // A driver killed between a batch's commits: alignment rows of a point the points table does not list.
    Map<Table, TableRows> rows = new EnumMap<>(Table.class);
    TableRows alignment = new TableRows(Table.ALIGNMENT, new Provenance("h", "v", "cpu", "host"));
    alignment.add("00000000cafef00d", 0L, 0, "fc1", "dense", "f-RWA", "raw", 0.5, 0.5, 0.1, 0.1, "task", 1, 1);
    rows.put(Table.ALIGNMENT, alignment);
    StagedPoint cut = store.stagePoint("planted", "00000000cafef00d", rows);
    store.tables().table(Table.ALIGNMENT).newAppend().appendFile(cut.files().get(Table.ALIGNMENT)).commit();

    assertThat(store.committedPoints("planted")).containsExactlyInAnyOrderElementsOf(
        spec.points().stream().map(p -> p.id()).toList());
    String query = "SELECT (SELECT COUNT(*) FROM points) AS p, (SELECT COUNT(DISTINCT point_id) FROM alignment) AS a";
    CliRun r = CliRun.of("sql", "--out", out.toString(), "--format", "csv", query);
    assertThat(r.code()).isZero();
    assertThat(r.out().lines().toList()).containsExactly("p,a", "2,2");
    assertThat(r.err().strip()).isEmpty();
    assertThat(store.tables().uncommitted("planted")).containsExactly("00000000cafef00d");
    spark = SparkTestSession.get(); // the command stopped the session it used

    // The next run of the sweep (nothing left to train) removes the cut-short rows.
    new SweepDriver(spark, store).run(spec, p -> { }, java.time.Duration.ofMillis(200));
    assertThat(store.tables().uncommitted("planted")).isEmpty();
    spark.read().format("iceberg").load(store.tables().table(Table.ALIGNMENT).location())
        .createOrReplaceTempView("alignment_all");
    assertThat(spark.sql("SELECT COUNT(DISTINCT point_id) FROM alignment_all").first().getLong(0)).isEqualTo(2L);
  }

  @Test
  void aRootInTheLayoutOfEarlierVersionsIsRefusedInOneLine() throws Exception {
    Path out = dir.resolve("old");
    Path part = out.resolve("points/sweep=s1/point=0123456789abcdef/part-0.parquet");
    Files.createDirectories(part.getParent());
    Files.write(part, new byte[] {'P', 'A', 'R', '1'});
    for (String[] args : new String[][] {{"sql", "--out", out.toString(), "SELECT 1"},
        {"phases", "--out", out.toString(), "--sweep", "s1"}}) {
      CliRun r = CliRun.of(args);
      assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err().strip()).doesNotContain("\n")
          .contains("holds results in the per-point Parquet layout of versions before the Iceberg tables")
          .contains("run crh migrate --out " + out);
    }
    assertThat(out.resolve("results")).doesNotExist();
  }

  @Test
  void aSecondRunOfALiveSweepIsRefusedWithExitCodeFour() throws Exception {
    Path spec = dir.resolve("planted.yaml");
    Files.writeString(spec, SPEC);
    Path lock = dir.resolve("out/_locks/planted.lock");
    Files.createDirectories(lock.getParent());
    Instant now = Instant.now();
    // This JVM is alive: its lock is held, whatever the token.
    Files.writeString(lock, "host=" + org.crhsweep.store.Provenance.hostName() + "\npid="
        + ProcessHandle.current().pid() + "\ntoken=other\nstarted=" + now + "\nheartbeat=" + now + "\n");
    // A master Spark cannot parse: had the refused run started Spark, it would end with exit 1.
    CliRun r = CliRun.of("sweep", "--spec", spec.toString(), "--out", dir.resolve("out").toString(), "--master",
        NO_SPARK);
    assertThat(r.code()).isEqualTo(Main.ALREADY_RUNNING);
    assertThat(r.err().strip()).startsWith("crh: sweep 'planted' is already running under ")
        .contains("driver pid " + ProcessHandle.current().pid()).doesNotContain("\n");
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("out/results")).doesNotExist();
  }

  @Test
  void anOutputRootThatIsAFileOrUnderAFileIsRefusedBeforeSparkStarts() throws Exception {
    Path spec = dir.resolve("planted.yaml");
    Files.writeString(spec, SPEC);
    Path file = dir.resolve("results.txt");
    Files.writeString(file, "not a directory");
    CliRun r = CliRun.of("sweep", "--spec", spec.toString(), "--out", file.toString(), "--master", NO_SPARK);
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("crh: --out " + file
        + " is a file, not a directory: give a directory (it is created if missing)");
    CliRun under = CliRun.of("sweep", "--spec", spec.toString(), "--out", file.resolve("out").toString(), "--master",
        NO_SPARK);
    assertThat(under.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(under.err().strip()).isEqualTo("crh: --out " + file.resolve("out") + " cannot be created: " + file
        + " is a file, not a directory");
    assertThat(under.out()).isEmpty();
  }

  @Test
  void anImmutableOutputRootIsRefusedWithTheReasonBeforeSparkStarts() throws Exception {
    Path spec = dir.resolve("planted.yaml");
    Files.writeString(spec, SPEC);
    Path out = Files.createDirectories(dir.resolve("frozen"));
    Assumptions.assumeTrue(chattr("+i", out), "chattr +i is not available here (needs root on ext4/xfs/btrfs)");
    try {
      CliRun r = CliRun.of("sweep", "--spec", spec.toString(), "--out", out.toString(), "--master", NO_SPARK);
      assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err().strip()).isEqualTo("crh: --out " + out + " cannot be written: operation not permitted on "
          + out + " (an immutable directory? lsattr -d shows 'i', chattr -i clears it)");
      assertThat(r.out()).isEmpty();
    } finally {
      chattr("-i", out);
    }
    assertThat(out.resolve("_locks")).doesNotExist();
  }

  @Test
  void aReadOnlyOrUnwritableOutputRootIsNamedWithTheReason() {
    assertThat(OutputRoot.describe("/mnt/ro/out",
        new java.nio.file.FileSystemException("/mnt/ro/out/.crh-write-check-1.tmp", null, "Read-only file system")))
        .isEqualTo("--out /mnt/ro/out is on a read-only file system (writing /mnt/ro/out failed): give a directory "
            + "on a writable one");
    assertThat(OutputRoot.describe("/srv/out", new java.nio.file.AccessDeniedException("/srv/out")))
        .startsWith("--out /srv/out is not writable by user ").contains(": permission denied on /srv/out");
  }

  /** A master URL Spark refuses: a run that reaches SparkSession creation fails with exit 1. */
  private static final String NO_SPARK = "not-a-master://refused-before-spark";

  private static boolean chattr(String flag, Path path) throws Exception {
    try {
      Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
