package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.report.ReportWriter;
import org.crhsweep.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

  /** A --to that cannot be a directory stops here, before Spark starts: exit 2, one line naming the option. */
  @Override
  Integer checkOptions() {
    return OutputRoot.refuse("--to", to.toString(), err());
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    write(cmd, spark, store, sweep, to, false);
    return Main.OK;
  }

  /**
   * Writes the sweep's report into {@code to} as crh report does, its phases recomputed first unless current
   * ({@link PhasesCommand#writePhases}). With {@code printPhases} it also prints what crh phases prints (the phase
   * counts and the paper's claims) from the same reads, so that crh sweep --report does both in its own session
   * with one read of the final windows.
   */
  static void write(CommandSpec cmd, SparkSession spark, ResultStore store, String sweep, Path to,
      boolean printPhases) throws Exception {
    PrintWriter out = cmd.commandLine().getOut();
    // Recomputed unless current for the tables' snapshots, the spec and the build: the report never shows stale ones.
    ReportData data;
    Path index;
    try (StepProgress progress = new StepProgress(cmd.commandLine().getErr(), sweep, "report", 4)) {
      // The points, curves and the analyses' own reads run alongside the final windows' read.
      PhasesCommand.Read<ReportInputs.Reads> read = PhasesCommand.writePhases(cmd, spark, store, sweep, false,
          progress, () -> ReportInputs.read(spark, sweep));
      if (printPhases) {
        PhaseCountsText.print(out, read.finals());
        out.flush();
      }
      progress.step("reading the points, curves, moments, exponents and NC1");
      // The phases and the sensitivity grid from the final windows just read (the tables are not read for them
      // again), computed while the other reads finish.
      data = ReportInputs.load(sweep, read::alongside, read.finals(), read.spec().phase());
      progress.done();
      if (printPhases) {
        // The claims as crh phases checks them: the analyses check them from the same phases and reads.
        PhasesCommand.printClaims(out, sweep, data.analyses().claims());
      }
      progress.step("drawing the figures and writing the page");
      index = ReportWriter.write(to, data);
    }
    // A sweep with nothing committed yet still gets its page (it says so at the top), and the console says so too.
    out.println("report: " + index.toAbsolutePath()
        + (data.points().isEmpty() ? " (no committed point of sweep " + sweep + " yet: run crh sweep)" : ""));
    out.flush();
  }
}
