package org.crhsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.report.ReportWriter;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-point sweep through local[2] Spark, read back with Spark SQL; then resume, a failing point,
 * phases and the report over the same output root. The methods build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepIntegrationTest {

  static final String SPEC = """
      name: it
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 128, teacher_width: 8, noise: 0.1}
      grid:
        architecture: [{type: mlp, depth: 3, width: 8, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [8, 16]
        weight_decay: [0, 0.01]
      training: {steps: 40, probe_every: 20}
      probe: {samples: 64, null_rotations: 2}
      """;

  @TempDir
  static Path dir;
  static SparkSession spark;
  static ResultStore store;
  static SweepSpec spec;

  @BeforeAll
  static void setUp() throws Exception {
    spark = SparkTestSession.get();
    store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    spec = SpecParser.parseString(SPEC, "it.yaml");
    store.saveSpec(spec.name(), SPEC);
  }

  @AfterAll
  static void tearDown() {
    spark.conf().unset(FaultPlan.FAIL_POINTS_CONF);
  }

  private static long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  @Test
  @Order(1)
  void fourPointsRunAndReadBackWithSparkSql() throws Exception {
    List<SweepProgress> progress = new ArrayList<>();
    SweepResult r = new SweepDriver(spark, store).run(spec, progress::add, Duration.ofMillis(200));
    assertThat(r.outcomes()).hasSize(4);
    assertThat(r.count(Outcome.Status.DONE)).isEqualTo(4);
    assertThat(progress.get(progress.size() - 1).line()).startsWith("[it] 4/4 points · 0 failed");

    TableViews.register(spark, store);
    assertThat(count("SELECT COUNT(*) FROM points WHERE sweep = 'it'")).isEqualTo(4);
    assertThat(count("SELECT COUNT(DISTINCT point_id) FROM points")).isEqualTo(4);
    // probes at steps 0, 20, 40; 3 layers; 6 relations; 2 stats
    assertThat(count("SELECT COUNT(*) FROM alignment")).isEqualTo(4 * 3 * 3 * 6 * 2);
    assertThat(count("SELECT COUNT(*) FROM exponents")).isEqualTo(4 * 3 * 3 * 6 * 2);
    assertThat(count("SELECT COUNT(*) FROM training")).isEqualTo(4 * 3);
    // one moments row per point x step x layer x stat; tr(W Wᵀ) = tr(Wᵀ W) = ||W||², the same under both stats
    assertThat(count("SELECT COUNT(*) FROM moments")).isEqualTo(4 * 3 * 3 * 2);
    assertThat(count("SELECT COUNT(*) FROM moments WHERE abs(z_a_trace - z_b_trace) > 1e-6 * z_b_trace "
        + "OR h_b_norm <= 0 OR g_b_norm <= 0 OR z_b_norm > z_b_trace + 1e-9")).isZero();
    assertThat(count("SELECT COUNT(*) FROM alignment WHERE alignment < -1 OR alignment > 1 "
        + "OR null_alignment < -1 OR null_alignment > 1 OR cosine < -1 OR cosine > 1")).isZero();
    assertThat(count("SELECT COUNT(*) FROM alignment WHERE alignment IS NULL OR isnan(alignment)")).isZero();
    // Spark orders NaN above every number, so compare only finite fits; NaN only where < 3 directions.
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE NOT isnan(p) AND (r2 > 1.0000001 OR p_lo > p OR p_hi < p)"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE isnan(p) AND n_eig >= 3")).isZero();
    // The reverse fit (B ∝ A^q in A's eigenbasis) on every row, under the same rules as the forward one.
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE q IS NULL OR q_n_eig IS NULL")).isZero();
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE NOT isnan(q) AND (q_r2 > 1.0000001 OR q_lo > q OR q_hi < q)"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE isnan(q) AND q_n_eig >= 3")).isZero();
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE NOT isnan(q)")).isPositive();
    assertThat(count("SELECT COUNT(*) FROM exponents WHERE NOT isnan(p)")).isPositive();
    assertThat(count("SELECT COUNT(*) FROM training WHERE train_loss <= 0 OR weight_norm <= 0")).isZero();
    assertThat(count("SELECT COUNT(DISTINCT layer_name) FROM alignment")).isEqualTo(3);
    Row p = spark.sql("SELECT * FROM points WHERE batch_size = 16 AND weight_decay = 0.01").first();
    assertThat(p.<String>getAs("status")).isEqualTo("done");
    assertThat(p.<Long>getAs("steps_done")).isEqualTo(40L);
    assertThat(p.<String>getAs("arch")).isEqualTo("mlp-d3-w8-tanh");
    assertThat(p.<String>getAs("spec_hash")).isEqualTo(spec.hash());
    assertThat(p.<String>getAs("backend")).isEqualTo("cpu");
    assertThat(p.<String>getAs("host")).isNotBlank();
    // local[2] with spark.task.cpus = 1: each task caps ND4J at one thread.
    assertThat(p.<Integer>getAs("nd4j_threads")).isEqualTo(1);
    assertThat(p.<Double>getAs("wall_seconds")).isPositive();
    assertThat(count("SELECT COUNT(*) FROM alignment WHERE spec_hash IS NULL OR code_version IS NULL")).isZero();
  }

  @Test
  @Order(2)
  void rerunResumesWithoutTrainingOrDuplicating() throws Exception {
    SweepDriver driver = new SweepDriver(spark, store);
    assertThat(driver.plan(spec).todo()).isEmpty();
    SweepResult r = driver.run(spec, p -> { }, Duration.ofMillis(200));
    assertThat(r.outcomes()).isEmpty();
    assertThat(r.skipped()).isEqualTo(4);
    TableViews.register(spark, store);
    assertThat(count("SELECT COUNT(*) FROM points")).isEqualTo(4);
    assertThat(count("SELECT COUNT(*) FROM alignment")).isEqualTo(4 * 3 * 3 * 6 * 2);
  }

  @Test
  @Order(3)
  void aThrowingPointIsRecordedAndTheOthersFinish() throws Exception {
    SweepSpec wider = SpecParser.parseString(SPEC.replace("weight_decay: [0, 0.01]", "weight_decay: [0, 0.01, 0.1]"),
        "it.yaml");
    String victim = wider.points().stream().filter(pt -> pt.weightDecay() == 0.1 && pt.batchSize() == 8)
        .findFirst().orElseThrow().id();
    spark.conf().set(FaultPlan.FAIL_POINTS_CONF, victim);
    SweepResult r = new SweepDriver(spark, store).run(wider, p -> { }, Duration.ofMillis(200));
    spark.conf().unset(FaultPlan.FAIL_POINTS_CONF);
    assertThat(r.skipped()).isEqualTo(4);
    assertThat(r.outcomes()).hasSize(2);
    assertThat(r.failed()).isEqualTo(1);
    TableViews.register(spark, store);
    Row failed = spark.sql("SELECT status, error FROM points WHERE point_id = '" + victim + "'").first();
    assertThat(failed.<String>getAs("status")).isEqualTo("failed");
    assertThat(failed.<String>getAs("error")).contains("injected fault");
    assertThat(count("SELECT COUNT(*) FROM points WHERE status = 'done'")).isEqualTo(5);
  }

  @Test
  @Order(4)
  void phasesAndReportCoverEveryFinishedLayer() throws Exception {
    int rows = new PhaseJob(spark, store).run("it", spec.phase());
    // 5 finished points x 3 layers x 2 stats; the failed point has no phase.
    assertThat(rows).isEqualTo(5 * 3 * 2);
    TableViews.register(spark, store);
    assertThat(count("SELECT COUNT(*) FROM phases WHERE phase NOT IN ('CRH', 'PAH', 'unaligned', 'diverged')"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM phases WHERE length(signature) <> 6")).isZero();
    // The plain signature's first bit is exactly "f-RWA alignment >= threshold" of the averaged values.
    assertThat(count("SELECT COUNT(*) FROM phases WHERE (substr(signature, 1, 1) = '1') <> (f_rwa >= 0.8)"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM phases WHERE measurements < 1")).isZero();
    // pah_fit is null exactly where no relation failed (the plain signature is all ones); the two-way test
    // is the one-way test and more, so it never finds a PAH the one-way reading does not.
    assertThat(count("SELECT COUNT(*) FROM phases WHERE (pah_fit IS NULL) <> (signature = '111111')")).isZero();
    assertThat(count("SELECT COUNT(*) FROM phases WHERE (pah_fit_one_way IS NULL) <> (signature = '111111')"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM phases WHERE pah_fit AND NOT pah_fit_one_way")).isZero();
    assertThat(count("SELECT COUNT(*) FROM phases WHERE phase = 'PAH' AND phase_one_way <> 'PAH'")).isZero();

    ReportData data = ReportInputs.load(spark, store, "it");
    assertThat(data.points()).hasSize(6);
    assertThat(data.phases()).hasSize(30);
    // The analyses over the real tables: one depth profile per stat; the scaling test only where two positive
    // weight decays share everything else (batch 16: wd 0.01 and 0.1; batch 8's wd 0.1 point failed).
    Analyses analyses = data.analyses();
    assertThat(analyses.depth()).hasSize(2).allSatisfy(d -> assertThat(d.layers()).containsExactly(1, 2, 3));
    assertThat(analyses.scaling()).hasSize(3 * 2 * 2).allSatisfy(sl -> {
      assertThat(sl.groups()).isEqualTo(1);
      assertThat(sl.points()).isEqualTo(2);
      assertThat(sl.slope()).isFinite();
      assertThat(sl.lo()).isNaN();
    });
    assertThat(analyses.claims()).hasSize(10).extracting(Analyses.Claim::verdict).doesNotContainNull();
    assertThat(analyses.statCrossings().stream().filter(c -> c.reading().equals("plain"))
        .mapToInt(Analyses.StatCrossing::count).sum()).isEqualTo(5 * 3);
    Path index = ReportWriter.write(dir.resolve("report"), data);
    String html = Files.readString(index);
    assertThat(html).contains("injected fault").contains("data:image/png;base64,");
  }

  @Test
  @Order(5)
  void sqlPrintsCsvAndJson() {
    String out = dir.resolve("out").toString();
    String q = "SELECT batch_size, weight_decay, status FROM points WHERE status = 'done' ORDER BY 1, 2";
    String csv = capture("sql", "--out", out, "--format", "csv", "--limit", "2", q);
    assertThat(csv.lines().toList()).containsExactly("batch_size,weight_decay,status", "8,0.0,done", "8,0.01,done");
    String json = capture("sql", "--out", out, "--format", "json", "--limit", "0", q);
    assertThat(json.lines().toList()).hasSize(5)
        .first().isEqualTo("{\"batch_size\":8,\"weight_decay\":0.0,\"status\":\"done\"}");
  }

  @Test
  @Order(6)
  void exportWritesTheSummaryTablesAsCsv() throws Exception {
    Path to = dir.resolve("csv");
    capture("export", "--out", dir.resolve("out").toString(), "--sweep", "it", "--to", to.toString());
    assertThat(Files.readAllLines(to.resolve("points.csv"))).hasSize(1 + 6);
    assertThat(Files.readAllLines(to.resolve("phases.csv"))).hasSize(1 + 30);
    // the last measurement only: 5 finished points x 3 layers x 6 relations x 2 stats
    assertThat(Files.readAllLines(to.resolve("alignment_final.csv"))).hasSize(1 + 5 * 3 * 6 * 2);
    assertThat(Files.readAllLines(to.resolve("exponents_final.csv")).get(0)).startsWith("sweep,point_id,step,layer");
    assertThat(Files.readAllLines(to.resolve("training.csv"))).hasSize(1 + 5 * 3);
    assertThat(Files.readAllLines(to.resolve("moments_final.csv"))).hasSize(1 + 5 * 3 * 2);
  }

  @Test
  @Order(7)
  void exportParquetIsReadByDuckDbAndPyarrowWithoutSpark() throws Exception {
    Path to = dir.resolve("parquet");
    capture("export", "--out", dir.resolve("out").toString(), "--format", "parquet", "--to", to.toString());
    String counts = capture("sql", "--out", dir.resolve("out").toString(), "--format", "csv",
        "SELECT (SELECT COUNT(*) FROM points), (SELECT COUNT(*) FROM alignment), (SELECT COUNT(*) FROM phases)");
    String expected = counts.lines().toList().get(1);
    // pip install pyarrow duckdb (.ci/run does; offline from this machine's wheel index)
    String script = "import duckdb, pyarrow.parquet as pq, sys\n"
        + "d = sys.argv[1]\n"
        + "c = [duckdb.sql(f\"SELECT COUNT(*) FROM '{d}/{t}.parquet'\").fetchone()[0] for t in ('points', 'alignment', 'phases')]\n"
        + "print(','.join(map(str, c)))\n"
        + "print(pq.read_schema(d + '/alignment.parquet').names[:3])\n";
    Process p = new ProcessBuilder("python3", "-c", script, to.toString()).redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(printed).isZero();
    assertThat(printed.lines().toList()).containsExactly(expected, "['sweep', 'point_id', 'step']");
  }

  /** Runs a crh command (which stops the Spark session it used) and returns what it printed. */
  private static String capture(String... args) {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(org.crhsweep.cli.Main.run(args)).isZero();
    } finally {
      System.setOut(old);
    }
    return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
