package org.crhsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.sweep.SweepDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A query Spark refuses is one line on stderr that says where and what, and exit 2. */
class SqlErrorsTest {

  static final String SPEC = """
      name: q
      dataset: {kind: teacher_student, input_dim: 4, output_dim: 1, train_size: 32, teacher_width: 4}
      grid:
        architecture: [{type: mlp, depth: 2, width: 4, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [8]
        weight_decay: [0]
      training: {steps: 4, probe_every: 2}
      probe: {samples: 16, null_rotations: 0}
      """;

  @TempDir
  static Path dir;

  static String out;

  @BeforeAll
  static void oneSweep() throws Exception {
    SparkSession spark = SparkTestSession.get();
    out = dir.resolve("out").toString();
    SweepSpec spec = SpecParser.parseString(SPEC, "q.yaml");
    new SweepDriver(spark, new ResultStore(out, spark.sparkContext().hadoopConfiguration()))
        .run(spec, p -> { }, java.time.Duration.ofMillis(200));
  }

  private static CliRun sql(String query) {
    return CliRun.of("sql", "--master", "local[1]", "--out", out, query);
  }

  @Test
  void aSyntaxErrorShowsSparksMessageWithThePositionAndWhereInTheQuery() {
    CliRun r = sql("SELECT count(*) FROM points WHERE (lr > 1");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("crh: bad query: [PARSE_SYNTAX_ERROR] Syntax error at or near end of input."
        + " (line 1, pos 41); at: ...ELECT count(*) FROM points WHERE (lr > 1 <-- here");
    CliRun typo = sql("SELECT lr FROM points ORDER BY 1 LIMT 3");
    assertThat(typo.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(typo.err().strip()).isEqualTo("crh: bad query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'LIMT'."
        + " (line 1, pos 33); at: SELECT lr FROM points ORDER BY 1 <-- here LIMT 3");
  }

  @Test
  void anUnknownTableNamesTheViewsThatExist() {
    CliRun r = sql("SELECT * FROM pointz");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("crh: bad query: no table or view `pointz` (line 1, pos 14); the views are "
        + "alignment, exponents, moments, phases, points, training");
  }

  @Test
  void anUnknownColumnNamesTheColumnsOfTheViewsTheQueryReads() {
    CliRun r = sql("SELECT t.stepp FROM training t");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).startsWith("crh: bad query: no column `t`.`stepp` (line 1, pos 7); columns of "
        + "training: sweep, point_id, step, train_loss, ").doesNotContain("\n").doesNotContain("of points");
    CliRun two = sql("SELECT lrr FROM points p JOIN training t USING (point_id)");
    assertThat(two.err().strip()).startsWith("crh: bad query: no column `lrr` (line 1, pos 7); columns of points: "
        + "sweep, point_id, arch, ").contains(", lr, ").contains("; of training: sweep, point_id, step, ");
  }
}
