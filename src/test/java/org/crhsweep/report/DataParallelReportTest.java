package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.SparkTestSession;
import org.crhsweep.analysis.Executions;
import org.crhsweep.analysis.PointSummary;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.probe.Relation;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ResultStore;
import org.crhsweep.sweep.SweepDriver;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a sweep with one configuration in task mode and data-parallel at two averaging
 * frequencies (a real sweep on local[2], about 40 s): every per-configuration figure keeps the three
 * executions apart, and the "Task mode vs data-parallel" section shows them side by side with the
 * numbers of the phases and points tables.
 */
class DataParallelReportTest {

  private static final String SPEC = """
      name: dprep
      dataset: {kind: teacher_student, input_dim: 6, output_dim: 3, teacher_width: 8, train_size: 128, noise: 0.1}
      grid:
        architecture: [{type: mlp, depth: 3, width: 8, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [16]
        weight_decay: [0.01]
      training: {steps: 24, probe_every: 8, dtype: float64}
      probe: {samples: 48, null_rotations: 2}
      execution: {mode: [task, data_parallel], workers: 2, averaging_frequency: [1, 4]}
      """;

  private static final List<String> EXECUTIONS = List.of("task", "data_parallel w2 f1", "data_parallel w2 f4");

  @TempDir
  static Path dir;

  @Test
  void executionsNeverShareAPanelAndAreComparedSideBySide() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ResultStore store = new ResultStore(dir.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    SweepSpec spec = SpecParser.parseString(SPEC, "dprep.yaml");
    new SweepDriver(spark, store).run(spec, p -> {}, Duration.ofMillis(500));
    new PhaseJob(spark, store).run("dprep", spec.phase());
    ReportData data = ReportInputs.load(spark, store, "dprep");
    String html = Files.readString(ReportWriter.write(dir.resolve("report"), data));

    assertThat(data.points()).extracting(PointSummary::execution).containsExactlyInAnyOrderElementsOf(EXECUTIONS);
    String arch = data.points().get(0).arch();
    // Phase diagrams: one group per execution and stat, each holding that execution's rows only.
    List<PhaseGroup> groups = PhaseGroup.of(data.phases());
    assertThat(groups).extracting(g -> g.arch() + "/" + g.stat()).containsExactly(
        arch + "/raw", arch + "/normalized", arch + " \u00b7 data_parallel w2 f1/raw",
        arch + " \u00b7 data_parallel w2 f1/normalized", arch + " \u00b7 data_parallel w2 f4/raw",
        arch + " \u00b7 data_parallel w2 f4/normalized");
    assertThat(groups).allSatisfy(g -> assertThat(g.maxSeeds()).isEqualTo(1));
    assertThat(html).contains("Phase of each layer of " + Html.escape(arch) + " \u00b7 data_parallel w2 f4 at batch "
        + "size 16");
    assertThat(data.analyses().depth()).extracting(d -> d.arch() + "/" + d.stat()).hasSize(6)
        .contains(arch + " \u00b7 data_parallel w2 f4/raw");

    // The comparison: one configuration, one bar series per execution, task first.
    assertThat(html).contains("<section id=\"execution\">", "<a href=\"#execution\">Task mode vs data-parallel</a>",
        "<figure id=\"execution-1\">");
    List<ExecutionComparison> configs = ExecutionComparison.of(data.phases(), data.points());
    assertThat(configs).hasSize(1);
    ExecutionComparison c = configs.get(0);
    assertThat(c.executions()).containsExactlyElementsOf(EXECUTIONS);
    DefaultCategoryDataset bars = ExecutionCharts.dataset(c, "raw", 2);
    assertThat(bars.getRowKeys()).containsExactlyElementsOf(EXECUTIONS);
    assertThat(bars.getColumnCount()).isEqualTo(6);

    // The table's numbers are the phases table's and the points table's.
    Row f4 = spark.sql("SELECT layer_name, phase, f_rwa, f_gwa, f_rga, b_rwa, b_gwa, b_rga FROM phases "
        + "WHERE sweep = 'dprep' AND execution_mode = 'data_parallel' AND averaging_frequency = 4 AND layer = 2 "
        + "AND stat = 'raw'").first();
    StringBuilder row = new StringBuilder("<tr><td>raw</td><td>" + f4.getString(0) + "</td><td>data_parallel w2 f4"
        + "</td><td>" + f4.getString(1) + "</td>");
    for (Relation r : Relation.values()) {
      row.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%.3f", f4.getDouble(2 + r.ordinal())))
          .append("</td>");
    }
    assertThat(html).contains(row.append("</tr>"));
    assertThat(bars.getValue("data_parallel w2 f4", Relation.values()[1].label()).doubleValue())
        .isEqualTo(f4.getDouble(3));
    Row loss = spark.sql("SELECT point_id, final_train_loss, wall_seconds FROM points WHERE sweep = 'dprep' "
        + "AND execution_mode = 'data_parallel' AND averaging_frequency = 4").first();
    assertThat(html).contains("<tr><td>data_parallel w2 f4</td><td><code>" + loss.getString(0) + "</code></td>"
        + "<td>done</td><td class=\"num\">" + String.format(Locale.ROOT, "%.3g", loss.getDouble(1)) + "</td>");
    assertThat(html).contains(String.format(Locale.ROOT, "<td class=\"num\">%.1f</td></tr>", loss.getDouble(2)));
    // Averaging after every step is task-mode SGD (DataParallelTest pins it to 1e-6); every 4 steps is not.
    String reading = ExecutionSection.reading(c);
    assertThat(reading).contains("data_parallel w2 f1 differs from task mode by at most 0.000 ");
    assertThat(reading).doesNotContain("data_parallel w2 f4 differs from task mode by at most 0.000 ");
    // The points table gains an execution column.
    assertThat(html).contains("<th>arch</th><th>execution</th><th>lr</th>");
  }

  @Test
  void aTaskOnlySweepHasNoExecutionSectionOrColumn() throws Exception {
    String html = Files.readString(ReportWriter.write(dir.resolve("task-only"), Synthetic.data()));

    assertThat(html).doesNotContain("id=\"execution\"", "Task mode vs data-parallel", "<th>execution</th>",
        "data_parallel");
  }

  @Test
  void executionsSortTaskFirstThenNumerically() {
    assertThat(List.of("data_parallel w2 f16", "data_parallel w4 f1", "task", "data_parallel w2 f8").stream()
        .sorted(Executions.ORDER).toList())
        .containsExactly("task", "data_parallel w2 f8", "data_parallel w2 f16", "data_parallel w4 f1");
    assertThat(Executions.label("data_parallel", 2, 8)).isEqualTo("data_parallel w2 f8");
    assertThat(Executions.label("task", 1, 1)).isEqualTo("task");
  }
}
