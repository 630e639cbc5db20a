package org.crhsweep.cli;

import org.crhsweep.store.MovedRootException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code crh} command line: one main class for jobs/crh and spark-submit alike. */
@Command(name = "crh", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Sweeps of neural-network trainings on Spark that measure when representations, weights and",
        "gradients align (the Canonical Representation Hypothesis) and how that alignment breaks.",
        "",
        "Typical use:  crh validate --spec S.yaml;  crh sweep --spec S.yaml --out runs;",
        "              crh phases --out runs --sweep NAME;  crh report --out runs --sweep NAME --to report"},
    subcommands = {ValidateCommand.class, SweepCommand.class, SqlCommand.class, PhasesCommand.class,
        ReportCommand.class, ExportCommand.class, DumpCommand.class, CompactCommand.class, RepairCommand.class,
        MigrateCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success (every point done; a diverged point is a result and counts as done)",
        "1:anything else went wrong (see the message)",
        "2:bad input (spec, options, paths), reported before any Spark job starts",
        "3:the sweep finished but some points failed (they are recorded with their error)",
        "4:the same sweep is already running into the same OUT (another live driver holds its lock)"})
public final class Main {

  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int BAD_INPUT = 2;
  public static final int POINTS_FAILED = 3;
  public static final int ALREADY_RUNNING = 4;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // The commands' descriptions are written as lines of up to 100 characters: wider than picocli's 80, so
    // that they print as written instead of being wrapped a second time.
    cl.setUsageHelpWidth(110);
    var typo = Typos.find(cl, args);
    if (typo.isPresent()) {
      cl.getErr().println("crh: " + typo.get());
      cl.getErr().flush();
      return BAD_INPUT;
    }
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof MovedRootException moved) {
        // A root used where it cannot be: the user's to fix, like a bad --out.
        cmd.getErr().println("crh: " + moved.getMessage());
        return BAD_INPUT;
      }
      cmd.getErr().println("crh: error: " + oneLine(ex));
      return ERROR;
    });
    cl.setParameterExceptionHandler((ex, args2) -> {
      ex.getCommandLine().getErr().println("crh: " + ex.getMessage()
          + "; see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
      return BAD_INPUT;
    });
    return cl.execute(args);
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
