package org.crhsweep.cluster;

import org.crhsweep.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.cli.Main;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import org.crhsweep.store.TableViews;
import org.crhsweep.sweep.FaultPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The spark-submit jar on a real standalone cluster (a Master and two Workers, separate JVMs on
 * 127.0.0.1) with an HDFS output root, and the faults a cluster brings: a killed executor, a killed
 * driver, planted files, concurrent sweeps. One cluster serves every method; methods run in order.
 * Each fault test checks the number of points exactly and prints its figures to the test's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(6);
  private static final Path TARGET = Path.of(System.getProperty("crh.spark.jar", "target/crh-sweep-spark.jar"))
      .toAbsolutePath().getParent();

  static Path dir;
  static Path jar;
  static StandaloneCluster cluster;
  static MiniDFSCluster hdfs;
  static String hdfsOut;

  @BeforeAll
  static void startCluster() throws Exception {
    jar = Path.of(System.getProperty("crh.spark.jar", "target/crh-sweep-spark.jar")).toAbsolutePath();
    Path classpath = Path.of(System.getProperty("crh.classpath.file", "target/classpath.txt")).toAbsolutePath();
    assertThat(jar).as("the spark-submit jar (built at package)").exists();
    assertThat(classpath).as("target/classpath.txt (built at package)").exists();
    dir = TARGET.resolve("cluster-it");
    deleteTree(dir);
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfsOut = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/crh/runs";
    cluster = StandaloneCluster.start(dir.resolve("spark"), classpath);
    log("cluster and HDFS up in %.1f s (master %s, %s)", secondsSince(t0), cluster.masterUrl(), hdfsOut);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  static String spec(String name, String learningRates, String weightDecays) {
    return """
        name: %s
        dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 128, teacher_width: 8, noise: 0.1}
        grid:
          architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
          learning_rate: %s
          batch_size: [8, 16]
          weight_decay: %s
        training: {steps: 20, probe_every: 10}
        probe: {samples: 32, null_rotations: 0}
        """.formatted(name, learningRates, weightDecays);
  }

  static Path writeSpec(String text) throws IOException {
    SweepSpec s = SpecParser.parseString(text, "it.yaml");
    return Files.writeString(dir.resolve(s.name() + ".yaml"), text);
  }

  @Test
  @Order(1)
  void theJarSweepsOnTwoExecutorJvmsIntoHdfs() throws Exception {
    String text = spec("cluster", "[0.05, 1.0e4]", "[0, 0.01]");
    SweepSpec s = SpecParser.parseString(text, "cluster.yaml");
    String victim = s.points().stream().filter(p -> p.learningRate() == 0.05).findFirst().orElseThrow().id();
    long t0 = System.nanoTime();
    StandaloneCluster.Driver d = cluster.submit("cluster", jar, List.of(FaultPlan.FAIL_POINTS_CONF + "=" + victim,
        // wait for both executors before the first task, so both take points
        "spark.cores.max=2", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "spark.scheduler.maxRegisteredResourcesWaitingTime=300s", "spark.hadoop.dfs.replication=1"),
        "sweep", "--spec", writeSpec(text).toString(), "--out", hdfsOut);
    int code = d.waitFor(SWEEP_TIMEOUT);
    log("8-point sweep on the cluster into HDFS: exit %d in %.1f s", code, secondsSince(t0));
    assertThat(code).as(d.out() + d.err()).isEqualTo(Main.POINTS_FAILED);
    assertThat(d.out()).contains("0 done, 8 to run (master " + cluster.masterUrl() + ")")
        .contains("sweep cluster finished: 8 ran (3 done, 4 diverged, 1 failed)");

    CliRun r = CliRun.of("sql", "--out", hdfsOut, "--master", "local[2]", "--format", "csv",
        "SELECT COUNT(*), COUNT(DISTINCT point_id), COUNT(DISTINCT pid), COUNT(DISTINCT executor), "
            + "MIN(nd4j_threads), MAX(nd4j_threads), SUM(CASE WHEN executor = 'driver' THEN 1 ELSE 0 END), "
            + "MIN(host) = MAX(host), MAX(CASE WHEN point_id = '" + victim + "' THEN status || ': ' || error END) "
            + "FROM points WHERE sweep = 'cluster'");
    assertThat(r.code()).as(r.err()).isZero();
    String[] f = r.out().lines().toList().get(1).split(",");
    log("points stored %s, distinct %s, executor pids %s, executors %s, nd4j_threads %s..%s", f[0], f[1], f[2], f[3],
        f[4], f[5]);
    assertThat(f[0]).isEqualTo("8");
    assertThat(f[1]).isEqualTo("8");
    assertThat(Integer.parseInt(f[2])).as("executor JVM pids").isGreaterThanOrEqualTo(2);
    assertThat(Integer.parseInt(f[3])).as("executor ids").isGreaterThanOrEqualTo(2);
    // spark.task.cpus=1 on a machine with more cores: each task's ND4J capped at one thread
    assertThat(Runtime.getRuntime().availableProcessors()).isGreaterThan(1);
    assertThat(f[4]).isEqualTo("1");
    assertThat(f[5]).isEqualTo("1");
    assertThat(f[6]).as("points run in the driver").isEqualTo("0");
    assertThat(f[7]).isEqualTo("true");
    assertThat(f[8]).startsWith("failed: IllegalStateException: injected fault for point " + victim);
  }

  @Test
  @Order(2)
  void sqlPhasesAndReportReadTheHdfsRootAndIgnorePlantedFiles() throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    String points = hdfsOut + "/results/points/data/sweep=cluster";
    org.apache.hadoop.fs.Path some = java.util.Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(points)))
        .map(FileStatus::getPath).filter(p -> p.getName().endsWith(".parquet")).findFirst().orElseThrow();
    // A killed writer's temporary file and a truncated data file that no snapshot names.
    try (var out = fs.create(new org.apache.hadoop.fs.Path(points, ".00000000deadbeef.parquet.1234.tmp"))) {
      out.write(new byte[] {'P', 'A', 'R', '1', 0, 0});
    }
    try (var in = fs.open(some);
        var out = fs.create(new org.apache.hadoop.fs.Path(points, "00000000deadbeef-staged.parquet"))) {
      out.write(in.readNBytes(200));
    }
    CliRun sql = CliRun.of("sql", "--out", hdfsOut, "--master", "local[2]", "--format", "csv",
        "SELECT COUNT(*) FROM points WHERE sweep = 'cluster'");
    assertThat(sql.code()).as(sql.err()).isZero();
    assertThat(sql.out().lines().toList()).containsExactly("count(1)", "8");
    assertThat(sql.err().lines().filter(l -> l.startsWith("crh: ")).toList()).isEmpty();

    CliRun phases = CliRun.of("phases", "--out", hdfsOut, "--master", "local[2]", "--sweep", "cluster");
    assertThat(phases.code()).as(phases.err()).isZero();
    // 7 finished points (3 done, 4 diverged) x 2 layers x 2 stats
    assertThat(phases.out()).contains("phases of sweep cluster: 28 rows");
    Path report = dir.resolve("report");
    CliRun rep = CliRun.of("report", "--out", hdfsOut, "--master", "local[2]", "--sweep", "cluster", "--to", report.toString());
    assertThat(rep.code()).as(rep.err()).isZero();
    assertThat(Files.readString(report.resolve("index.html"))).contains("data:image/png;base64,")
        .contains("injected fault");
  }

  @Test
  @Order(3)
  void anExecutorKilledMidSweepLosesNoPointAndDuplicatesNone() throws Exception {
    Path out = dir.resolve("out-executor-kill");
    String text = spec("executor-kill", "[0.05]", "[0, 0.001, 0.01, 0.1]");
    long t0 = System.nanoTime();
    StandaloneCluster.Driver d = cluster.submit("executor-kill", jar, List.of(FaultPlan.COMMIT_DELAY_CONF + "=1500"),
        "sweep", "--spec", writeSpec(text).toString(), "--out", out.toString());
    cluster.await("the first committed point", () -> committed(out, "executor-kill") >= 1 || !d.process().isAlive());
    assertThat(d.appId()).as("the driver's application id").isNotNull();
    List<ProcessHandle> executors = cluster.executors(d.appId());
    assertThat(executors).as("executor JVMs").isNotEmpty();
    ProcessHandle victim = executors.get(0);
    int before = committed(out, "executor-kill");
    victim.destroyForcibly(); // SIGKILL
    victim.onExit().get();
    int code = d.waitFor(SWEEP_TIMEOUT);
    long[] c = counts(out, "executor-kill");
    log("executor kill -9 (pid %d) after %d of 8 points committed: exit %d in %.1f s; expected 8, stored %d, "
        + "distinct %d, duplicates %d", victim.pid(), before, code, secondsSince(t0), c[0], c[1], c[0] - c[1]);
    assertThat(code).as(d.err()).isZero();
    assertThat(before).isLessThan(8);
    assertThat(d.err()).contains("Lost executor");
    assertThat(d.out()).contains("sweep executor-kill finished: 8 ran (8 done, 0 diverged, 0 failed)");
    assertThat(c).containsExactly(8, 8, 8);
  }

  @Test
  @Order(4)
  void aKilledDriversRerunRunsOnlyTheUnfinishedPoints() throws Exception {
    Path out = dir.resolve("out-driver-kill");
    String text = spec("driver-kill", "[0.05]", "[0, 0.001, 0.01, 0.1]");
    Path specFile = writeSpec(text);
    List<String> conf = List.of(FaultPlan.COMMIT_DELAY_CONF + "=1500");
    String[] args = {"sweep", "--spec", specFile.toString(), "--out", out.toString()};
    long t0 = System.nanoTime();
    StandaloneCluster.Driver first = cluster.submit("driver-kill", jar, conf, args);
    cluster.await("the first committed point", () -> committed(out, "driver-kill") >= 1 || !first.process().isAlive());
    first.process().destroyForcibly(); // SIGKILL: no shutdown hook, the lock stays behind
    first.process().waitFor();
    int atKill = committed(out, "driver-kill");
    assertThat(out.resolve("_locks/driver-kill.lock")).as("the dead driver's lock").exists();

    StandaloneCluster.Driver rerun = cluster.submit("driver-kill", jar, conf, args);
    int code = rerun.waitFor(SWEEP_TIMEOUT);
    assertThat(code).as(rerun.out() + rerun.err()).isZero();
    Matcher m = Pattern.compile("(\\d+) done, (\\d+) to run").matcher(rerun.out());
    assertThat(m.find()).as(rerun.out()).isTrue();
    int doneAtRerun = Integer.parseInt(m.group(1));
    int toRun = Integer.parseInt(m.group(2));
    long[] c = counts(out, "driver-kill");
    log("driver kill -9 after %d of 8 points committed; rerun found %d done and ran %d; expected 8, stored %d, "
        + "distinct %d, duplicates %d; %.1f s for both runs", atKill, doneAtRerun, toRun, c[0], c[1], c[0] - c[1],
        secondsSince(t0));
    assertThat(atKill).isBetween(1, 7);
    // Executors of the killed driver may still commit a point or two before the master stops them.
    assertThat(doneAtRerun).isGreaterThanOrEqualTo(atKill);
    assertThat(doneAtRerun + toRun).isEqualTo(8);
    assertThat(rerun.out()).contains("sweep driver-kill finished: " + toRun + " ran (" + toRun + " done");
    assertThat(c).containsExactly(8, 8, 8);
    assertThat(out.resolve("_locks/driver-kill.lock")).as("released at the end").doesNotExist();
  }

  @Test
  @Order(5)
  void twoSweepsShareAnOutputRootAndASecondRunOfOneIsRefused() throws Exception {
    Path out = dir.resolve("out-shared");
    Path gate = dir.resolve("alpha-may-commit");
    Path alphaSpec = writeSpec(spec("alpha", "[0.05]", "[0, 0.01, 0.1]"));
    Path betaSpec = writeSpec(spec("beta", "[0.05]", "[0, 0.01, 0.1]"));
    long t0 = System.nanoTime();
    // alpha holds every commit until the gate opens, so it is surely mid-sweep while the others run
    StandaloneCluster.Driver alpha = cluster.submit("alpha", jar, List.of(FaultPlan.COMMIT_GATE_CONF + "=" + gate,
        "spark.cores.max=1"), "sweep", "--spec", alphaSpec.toString(), "--out", out.toString());
    StandaloneCluster.Driver beta = cluster.submit("beta", jar, List.of("spark.cores.max=1"), "sweep", "--spec",
        betaSpec.toString(), "--out", out.toString());
    cluster.await("alpha's lock", () -> Files.exists(out.resolve("_locks/alpha.lock")) || !alpha.process().isAlive());
    StandaloneCluster.Driver again = cluster.submit("alpha-again", jar, List.of("spark.cores.max=1"), "sweep",
        "--spec", alphaSpec.toString(), "--out", out.toString());
    int refused = again.waitFor(SWEEP_TIMEOUT);
    int b = beta.waitFor(SWEEP_TIMEOUT);
    boolean alphaHeld = alpha.process().isAlive() && committed(out, "alpha") == 0;
    Files.createFile(gate);
    int a = alpha.waitFor(SWEEP_TIMEOUT);
    long[] ca = counts(out, "alpha");
    long[] cb = counts(out, "beta");
    log("alpha (held mid-sweep) and beta into one OUT: exits %d and %d, second alpha exit %d, %.1f s; alpha stored %d "
        + "distinct %d, beta stored %d distinct %d", a, b, refused, secondsSince(t0), ca[0], ca[1], cb[0], cb[1]);
    assertThat(refused).as(again.out() + again.err()).isEqualTo(Main.ALREADY_RUNNING);
    assertThat(again.err().lines().filter(l -> l.startsWith("crh: ")).toList()).singleElement().asString()
        .startsWith("crh: sweep 'alpha' is already running under file:" + out);
    assertThat(again.out()).doesNotContain("to run");
    assertThat(b).as(beta.err()).isZero();
    assertThat(alphaHeld).as("beta ran to the end while alpha was mid-sweep").isTrue();
    assertThat(a).as(alpha.err()).isZero();
    assertThat(ca).containsExactly(6, 6, 6);
    assertThat(cb).containsExactly(6, 6, 6);
    assertThat(out.resolve("_sweeps/alpha.yaml")).hasContent(Files.readString(alphaSpec));
    assertThat(out.resolve("_sweeps/beta.yaml")).hasContent(Files.readString(betaSpec));
    assertThat(out.resolve("_locks")).isEmptyDirectory();
  }

  // ---------------------------------------------------------------------------------------------



  /** Committed points of a sweep under a local OUT (points files), as the driver's resume sees them. */
  @Test
  @Order(6)
  void aDataParallelPointTrainsOnTheClusterProbesAndCommitsOnce() throws Exception {
    String text = """
        name: dp
        dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 128, teacher_width: 8, noise: 0.1}
        grid:
          architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
          learning_rate: [0.1]
          batch_size: [16]
          weight_decay: [0.01]
        training: {steps: 12, probe_every: 4}
        probe: {samples: 32, null_rotations: 0}
        execution: {mode: data_parallel, workers: 2, averaging_frequency: 2}
        """;
    long t0 = System.nanoTime();
    StandaloneCluster.Driver d = cluster.submit("dp", jar, List.of("spark.cores.max=2",
        "spark.scheduler.minRegisteredResourcesRatio=1.0", "spark.scheduler.maxRegisteredResourcesWaitingTime=300s",
        "spark.hadoop.dfs.replication=1"), "sweep", "--spec", writeSpec(text).toString(), "--out", hdfsOut);
    int code = d.waitFor(SWEEP_TIMEOUT);
    log("data-parallel point (2 workers, averaging every 2 steps) on the cluster into HDFS: exit %d in %.1f s", code,
        secondsSince(t0));
    assertThat(code).as(d.out() + d.err()).isZero();
    assertThat(d.out()).contains("sweep dp finished: 1 ran (1 done, 0 diverged, 0 failed)");

    CliRun r = CliRun.of("sql", "--out", hdfsOut, "--master", "local[2]", "--format", "csv",
        "SELECT COUNT(*), COUNT(DISTINCT p.point_id), MIN(execution_mode), MIN(workers), MIN(averaging_frequency), "
            + "MIN(steps_done), (SELECT CONCAT_WS(' ', COLLECT_LIST(CAST(step AS STRING))) FROM (SELECT step FROM "
            + "training WHERE sweep = 'dp' ORDER BY step)), (SELECT COUNT(*) FROM alignment WHERE sweep = 'dp'), "
            + "(SELECT MAX(CASE WHEN step = 12 THEN train_loss END) < MAX(CASE WHEN step = 0 THEN train_loss END) "
            + "FROM training WHERE sweep = 'dp') FROM points p WHERE sweep = 'dp'");
    assertThat(r.code()).as(r.err()).isZero();
    String[] f = r.out().lines().toList().get(1).split(",");
    log("data-parallel point: rows %s, distinct %s, %s w%s f%s, steps %s, probes at %s, alignment rows %s, loss fell %s",
        (Object[]) f);
    assertThat(f).containsExactly("1", "1", "data_parallel", "2", "2", "12", "0 4 8 12", String.valueOf(4 * 2 * 6 * 2),
        "true");
  }

  static int committed(Path out, String sweep) {
    if (!Files.isDirectory(out.resolve("results/points/metadata"))) {
      return 0;
    }
    try (ResultTables tables = ResultTables.open(new ResultStore(out.toString(), null))) {
      return tables.pointStatuses(sweep).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Rows, distinct point ids, and done points of a sweep's points table under a local OUT. */
  static long[] counts(Path out, String sweep) throws IOException {
    SparkSession spark = SparkTestSession.get();
    TableViews.register(spark, new ResultStore(out.toString(), spark.sparkContext().hadoopConfiguration()));
    Row r = spark.sql("SELECT COUNT(*), COUNT(DISTINCT point_id), COUNT_IF(status = 'done') FROM points "
        + "WHERE sweep = '" + sweep + "'").first();
    return new long[] {r.getLong(0), r.getLong(1), r.getLong(2)};
  }

  static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static void log(String format, Object... args) {
    System.out.printf("[ClusterIT] " + format + "%n", args);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
