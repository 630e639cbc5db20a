package org.crhsweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.phase.ReportInputs;
import org.crhsweep.report.ReportData;
import org.crhsweep.report.ReportWriter;
import org.crhsweep.store.ResultStore;
import org.crhsweep.sweep.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
        "Write DIR/index.html for a sweep: phase diagrams (learning rate x weight decay per architecture,",
        "batch size and layer), final-alignment heatmaps per relation, alignment-vs-step curves and a",
        "table of all points. One self-contained file that opens offline.",
        "Recomputes the phases table first, so the report always matches the points."})
final class ReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Mixin
  OutputOptions output;

  @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "Sweep name.")
  String sweep;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory for index.html (created).")
  Path to;

  @Override
  public Integer call() throws Exception {
    SparkSession spark = SparkSessions.create(output.master, "crh report " + sweep);
    try {
      ResultStore store = output.existingStore(spark, cmd.commandLine().getErr());
      // Phases are cheap next to a sweep: recompute them so the report never shows stale ones.
      Integer bad = PhasesCommand.writePhases(cmd, spark, store, sweep);
      if (bad != null) {
        return bad;
      }
      ReportData data = ReportInputs.load(spark, store, sweep);
      if (data.points().isEmpty()) {
        cmd.commandLine().getErr().println("crh: sweep '" + sweep + "' has no committed points under "
            + store.qualifiedRoot());
        return Main.BAD_INPUT;
      }
      Path index = ReportWriter.write(to, data);
      cmd.commandLine().getOut().println("report: " + index.toAbsolutePath());
      cmd.commandLine().getOut().flush();
      return Main.OK;
    } catch (CommandExit e) {
      return e.code;
    } finally {
      spark.stop();
    }
  }
}
