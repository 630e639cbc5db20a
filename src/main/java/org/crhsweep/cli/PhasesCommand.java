package org.crhsweep.cli;

import org.apache.spark.sql.SparkSession;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.PhaseSpec;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

@Command(name = "phases", mixinStandardHelpOptions = true,
    description = {
        "Classify every layer of every finished point of a sweep as CRH, PAH, unaligned or diverged",
        "(plain reading: alignment >= threshold; significant reading: also above chance by the margin),",
        "from the mean of its last measurements, and write the phases table; then print the paper's",
        "claims as this sweep's data read them (crh report shows them with every analysis).",
        "Thresholds come from the spec the sweep ran with (its phase section)."})
final class PhasesCommand extends StoreCommand {

  @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "Sweep name (the spec's name).")
  String sweep;

  @Override
  String appName() {
    return "crh phases " + sweep;
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    Integer bad = writePhases(cmd, spark, store, sweep);
    if (bad != null) {
      return bad;
    }
    TableViews.register(spark, store);
    spark.sql("SELECT stat, phase, phase_significant, COUNT(*) AS layers FROM phases WHERE sweep = '"
        + sweep.replace("'", "''") + "' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").show(100, false);
    printClaims(spark, store);
    return Main.OK;
  }

  /** The paper's claims as this sweep's data read them (the report shows them with the other analyses). */
  private void printClaims(SparkSession spark, ResultStore store) throws Exception {
    ReportData data = ReportInputs.load(spark, store, sweep);
    out().println("The paper's claims, checked against sweep " + sweep + ":");
    for (Analyses.Claim c : data.analyses().claims()) {
      out().printf("  %-62s %-10s %s%n", c.claim(), c.verdict(), c.evidence());
    }
  }

  /** Writes the phases table; returns an exit code if it could not, else null. */
  static Integer writePhases(CommandSpec cmd, SparkSession spark, ResultStore store, String sweep) throws Exception {
    String yaml = store.loadSpec(sweep);
    if (yaml == null) {
      cmd.commandLine().getErr().println("crh: no sweep named '" + sweep + "' under " + store.qualifiedRoot()
          + " (run crh sweep first, or check --out and --sweep)");
      return Main.BAD_INPUT;
    }
    PhaseSpec phase;
    try {
      phase = SpecParser.parseString(yaml, store.specFile(sweep).toString()).phase();
    } catch (SpecException e) {
      cmd.commandLine().getErr().println("crh: stored spec of sweep " + sweep + " no longer parses: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    int n = new PhaseJob(spark, store).run(sweep, phase);
    cmd.commandLine().getOut().printf("phases of sweep %s: %d rows (point x layer x stat) written to the phases "
        + "table under %s%n", sweep, n, store.qualifiedRoot());
    cmd.commandLine().getOut().flush();
    return null;
  }
}
