package org.crhsweep.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.analysis.Alongside;
import org.crhsweep.analysis.Analyses;
import org.crhsweep.analysis.AnalysisInputs;
import org.crhsweep.analysis.PaperClaims;
import org.crhsweep.analysis.PhaseSensitivity;
import org.crhsweep.analysis.PhaseSensitivity.Knob;
import org.crhsweep.analysis.ReportInputs;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.PhasesSource;
import org.crhsweep.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

@Command(name = "phases", mixinStandardHelpOptions = true,
    description = {
        "Classify every layer of every finished point of a sweep as CRH, PAH, unaligned or diverged",
        "(plain reading: alignment >= threshold; significant reading: also above chance by the margin),",
        "from the mean of its last measurements, and write the phases table; then print the paper's",
        "claims as this sweep's data read them (crh report shows them with every analysis).",
        "Thresholds come from the spec the sweep ran with (its phase section); --sensitivity also prints",
        "the phase counts over a grid of thresholds. Phases already computed from the tables as they are now,",
        "the same spec and the same crh build are kept, not recomputed (unless --force)."})
final class PhasesCommand extends OneSweepCommand {


  @Option(names = "--sensitivity", description = {"Also recompute the phase counts from the stored rows over a grid of",
      "threshold x min_r2 x exponent_tolerance (both readings, both PAH tests, both stats) and print them."})
  boolean sensitivity;

  @Option(names = "--grid-threshold", split = ",", paramLabel = "X", description = {"Alignment thresholds of the",
      "sensitivity grid, each in (0, 1] (default 0.7,0.8,0.9); implies --sensitivity."})
  List<Double> gridThreshold;

  @Option(names = "--grid-min-r2", split = ",", paramLabel = "X", description = {"R\u00b2 floors of the grid, each in",
      "[0, 1] (default 0.8,0.9,0.95); implies --sensitivity."})
  List<Double> gridMinR2;

  @Option(names = "--grid-exponent-tolerance", split = ",", paramLabel = "X", description = {"Exponent tolerances",
      "|p - 1| of the grid, each > 0 (default 0.1,0.15,0.3); implies --sensitivity."})
  List<Double> gridExponentTolerance;

  @Option(names = "--force", description = {"Recompute and write the phases even when the phases table holds them",
      "computed from the tables as they are now, the same spec and the same crh build."})
  boolean force;

  /** The grid the options ask for, set by {@link #checkOptions}; null when none is asked for. */
  private PhaseSensitivity.Grid grid;

  @Override
  String appName() {
    return "crh phases " + sweep;
  }

  /** Grid values out of their range stop here, before Spark starts: exit 2, one line naming the option. */
  @Override
  Integer checkOptions() {
    Map<Knob, List<Double>> given = new EnumMap<>(Knob.class);
    given.put(Knob.THRESHOLD, orEmpty(gridThreshold));
    given.put(Knob.MIN_R2, orEmpty(gridMinR2));
    given.put(Knob.EXPONENT_TOLERANCE, orEmpty(gridExponentTolerance));
    for (Map.Entry<Knob, List<Double>> e : given.entrySet()) {
      for (double v : e.getValue()) {
        String error = e.getKey().rangeError(v);
        if (error != null) {
          // The option of a knob is its label: --grid-threshold, --grid-min-r2, --grid-exponent-tolerance.
          err().println("crh: --grid-" + e.getKey().label().replace('_', '-') + " " + v + ": " + error);
          err().flush();
          return Main.BAD_INPUT;
        }
      }
    }
    if (sensitivity || given.values().stream().anyMatch(l -> !l.isEmpty())) {
      PhaseSensitivity.Grid defaults = PhaseSensitivity.Grid.defaults();
      Map<Knob, List<Double>> values = new EnumMap<>(Knob.class);
      given.forEach((knob, v) -> values.put(knob, v.isEmpty() ? defaults.values(knob) : v));
      grid = new PhaseSensitivity.Grid(values.get(Knob.THRESHOLD), values.get(Knob.MIN_R2),
          values.get(Knob.EXPONENT_TOLERANCE));
    }
    return null;
  }

  private static List<Double> orEmpty(List<Double> values) {
    return values == null ? List.of() : values;
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    try (StepProgress progress = new StepProgress(err(), sweep, "phases", 3)) {
      // The claims' own reads (final exponents, NC1) run alongside the final windows' read.
      Read<AnalysisInputs.Reads> read = writePhases(cmd, spark, store, sweep, force, progress,
          () -> AnalysisInputs.readForClaims(spark, sweep));
      PhaseCountsText.print(out(), read.finals());
      if (grid != null) {
        SensitivityText.print(out(), sweep,
            PhaseSensitivity.compute(read.finals().layers(), read.spec().phase(), grid));
      }
      out().flush();
      progress.step("reading the final exponents and NC1 for the claims");
      AnalysisInputs.Reads claimInputs = read.alongside();
      progress.done();
      printClaims(out(), sweep,
          AnalysisInputs.claims(claimInputs, ReportInputs.phases(read.finals()), read.spec().phase().minR2()));
    }
    return Main.OK;
  }

  /**
   * The paper's claims as this sweep's data read them (the report shows them with the other analyses); crh sweep
   * --report prints them too.
   */
  static void printClaims(PrintWriter out, String sweep, List<Analyses.Claim> claims) {
    out.println("The paper's claims, checked against sweep " + sweep + ":");
    for (Analyses.Claim c : claims) {
      out.printf("  %-62s %-10s %s%n", c.claim(), c.verdict(), c.evidence());
      if (!PaperClaims.NONE.equals(c.alpha())) {
        // The evidence already gives the numbers on α; the line below adds those above chance.
        out.printf("  %-62s %-10s above chance: %s%n", "", "", c.aboveChance());
      }
    }
    out.flush();
  }

  /**
   * The sweep's spec (parsed once per command), its final windows (read once and classified under it) and what was
   * read alongside them; {@link #alongside} waits for that read and rethrows its failure.
   */
  record Read<T>(SweepSpec spec, PhaseJob.Finals finals, Alongside<T> side) {

    T alongside() throws Exception {
      return side.get();
    }
  }

  /**
   * Reads the sweep's final windows once and writes its phases from them, unless (without {@code force}) the
   * phases table holds them already computed from the tables' current snapshots, the same stored spec and the same
   * code ({@link PhasesSource}): then one line says so. Every analysis of the command starts from what this
   * returns. {@code alongside} runs on another thread once the views are registered, while the final windows are
   * read and the phases written (Spark runs the two reads' jobs side by side; it must read nothing from the phases
   * table). Ends the command (exit 2, one line) when the sweep has no stored spec or it no longer parses.
   */
  static <T> Read<T> writePhases(CommandSpec cmd, SparkSession spark, ResultStore store, String sweep, boolean force,
      StepProgress progress, Callable<T> alongside) throws Exception {
    String yaml = store.loadSpec(sweep);
    if (yaml == null) {
      cmd.commandLine().getErr().println("crh: no sweep named '" + sweep + "' under " + store.qualifiedRoot()
          + " (run crh sweep first, or check --out and --sweep)");
      throw new CommandExit(Main.BAD_INPUT);
    }
    SweepSpec spec;
    try {
      spec = SpecParser.parseString(yaml, store.specFile(sweep).toString());
    } catch (SpecException e) {
      cmd.commandLine().getErr().println("crh: stored spec of sweep " + sweep + " no longer parses: " + e.getMessage());
      throw new CommandExit(Main.BAD_INPUT);
    }
    // Read before the job reads the tables (it reads them at these snapshots): a commit after this makes the rows
    // written from it stale, never falsely current.
    PhasesSource now = PhasesSource.now(store.tables(), spec.hash());
    PhasesSource.Recorded recorded = PhasesSource.recorded(store.tables(), sweep);
    PhaseJob job = new PhaseJob(spark, store);
    // Current rows hold the final windows as they were read and classified: the measurement tables are not read again.
    boolean current = !force && recorded != null && recorded.source().equals(now);
    progress.step(current ? "reading the phases table" : "reading the final windows");
    job.register(now);
    Alongside<T> side = Alongside.start("crh-read-alongside", alongside);
    PhaseJob.Finals stored = current ? job.readStored(sweep) : null;
    PhaseJob.Finals finals = stored != null ? stored : job.readRegistered(sweep, spec.phase());
    if (current) {
      progress.skip();
      cmd.commandLine().getOut().printf("phases of sweep %s: current (written %s), not recomputed%n", sweep,
          recorded.written());
      cmd.commandLine().getOut().flush();
      return new Read<>(spec, finals, side);
    }
    progress.step("writing the phases table");
    int n = job.write(sweep, finals, now);
    progress.done();
    cmd.commandLine().getOut().printf("phases of sweep %s: %d rows (point x layer x stat) written to the phases "
        + "table under %s%n", sweep, n, store.qualifiedRoot());
    cmd.commandLine().getOut().flush();
    return new Read<>(spec, finals, side);
  }
}
