package org.crhsweep.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.report.ReportWriter;
import org.crhsweep.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
        "Write DIR/index.html for a sweep: phase diagrams (learning rate x weight decay per architecture,",
        "batch size and layer), final-alignment heatmaps per relation, alignment-vs-step curves and a",
        "table of all points. One self-contained file that opens offline.",
        "Recomputes the phases table first unless it is current (computed from the tables as they are now,",
        "the same spec and the same crh build), so the report always matches the points."})
final class ReportCommand extends OneSweepCommand {


  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory for index.html (created).")
  Path to;

  @Override
  String appName() {
    return "crh report " + sweep;
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    // Recomputed unless current for the tables' snapshots, the spec and the build: the report never shows stale ones.
    ReportData data;
    Path index;
    try (StepProgress progress = new StepProgress(err(), sweep, "report", 4)) {
      // The points, curves and the analyses' own reads run alongside the final windows' read.
      PhasesCommand.Read<ReportInputs.Reads> read = PhasesCommand.writePhases(cmd, spark, store, sweep, false,
          progress, () -> ReportInputs.read(spark, sweep));
      progress.step("reading the points, curves, moments, exponents and NC1");
      ReportInputs.Reads reads = read.alongside();
      progress.done();
      // The phases and the sensitivity grid from the final windows just read: the tables are not read for them again.
      data = ReportInputs.load(sweep, reads, read.finals(), read.spec().phase());
      progress.step("drawing the figures and writing the page");
      index = ReportWriter.write(to, data);
    }
    // A sweep with nothing committed yet still gets its page (it says so at the top), and the console says so too.
    out().println("report: " + index.toAbsolutePath()
        + (data.points().isEmpty() ? " (no committed point of sweep " + sweep + " yet: run crh sweep)" : ""));
    return Main.OK;
  }
}
