package org.crhsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.Housekeeping;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.SweepLock;
import org.crhsweep.sweep.Outcome;
import org.crhsweep.sweep.SparkSessions;
import org.crhsweep.sweep.StopRequest;
import org.crhsweep.sweep.SweepDriver;
import org.crhsweep.sweep.SweepProgress;
import org.crhsweep.sweep.SweepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {
        "Run every point of a sweep spec as a Spark task and store its tables under OUT.",
        "Re-running the same command resumes: done and diverged points are skipped, the rest run,",
        "failed ones again. A point that throws or runs out of memory is recorded as failed and the",
        "others go on; a point whose loss becomes NaN/inf stops and is recorded as diverged (a",
        "result, not a failure).",
        "One driver per sweep and OUT: a second run of the same sweep while the first is alive is",
        "refused (exit 4); a killed driver's lock is taken over at once on its host, else after 60 s.",
        "Ctrl-C or SIGTERM stops it: finished points are committed, a rerun runs the rest",
        "(exit 130 or 143; a second signal stops the JVM at once)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:all points done or diverged", "1:other error", "2:bad spec, options or OUT (before Spark starts)",
        "3:finished, but some points failed (a rerun runs them again)",
        "4:the same sweep is already running into OUT (refused; see docs/operations.md, Concurrent runs)",
        "130:stopped by Ctrl-C (SIGINT); finished points kept, a rerun resumes",
        "143:stopped by SIGTERM; finished points kept, a rerun resumes"})
final class SweepCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Option(names = "--spec", required = true, paramLabel = "FILE", description = "Sweep spec (YAML).")
  Path spec;

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "Output root: a local path, file://, hdfs:// or s3a:// URI.")
  String out;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: spark-submit's, else the embedded ${sys:crh.default.master:-local[*]}).")
  String master;

  @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "2",
      description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
  double progressEvery;

  @Option(names = "--report", paramLabel = "DIR", description = {"After the sweep (also when some points failed),",
      "compute its phases and print them as crh phases does, then write DIR/index.html as crh report does, in the",
      "same Spark session: one start-up instead of three."})
  Path report;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = cmd.commandLine().getErr();
    PrintWriter stdout = cmd.commandLine().getOut();
    SweepSpec s;
    try {
      s = SpecLoading.load(spec, err);
    } catch (CommandExit e) {
      return e.code;
    }
    if (!(progressEvery > 0)) {
      err.println("crh: --progress-every must be > 0 seconds, got " + progressEvery);
      return Main.BAD_INPUT;
    }
    if (report != null) {
      Integer badReport = OutputRoot.refuse("--report", report.toString(), err);
      if (badReport != null) {
        return badReport;
      }
    }
    // OUT and the lock before Spark: a bad OUT or a sweep already running costs no Spark start-up.
    Integer badOut = OutputRoot.refuse("--out", out, err);
    if (badOut != null) {
      return badOut;
    }
    SweepLock lock;
    try {
      ResultStore root = new ResultStore(out, SpecLoading.hadoopConfiguration(System.getProperties()));
      OutputOptions.refuseOldLayout(root, err);
      lock = SweepLock.acquire(root, s.name());
    } catch (CommandExit e) {
      return e.code;
    } catch (SweepLock.HeldException e) {
      err.println("crh: " + e.getMessage());
      err.flush();
      return Main.ALREADY_RUNNING;
    } catch (IOException e) {
      err.println("crh: --out " + out + " cannot be written (taking the sweep's lock): " + Main.oneLine(e));
      return Main.BAD_INPUT;
    }
    // Signals from here on stop the sweep; the lock is released (closed first) before they kill again.
    try (StopSignals signals = StopSignals.install(); lock) {
      stdout.printf("sweep %s: %d points (spec hash %s), output %s%n", s.name(), s.points().size(), s.hash(), out);
      stdout.flush();
      SparkSession spark = SparkSessions.create(master, "crh sweep " + s.name());
      try {
        ResultStore store = new ResultStore(out, spark.sparkContext().hadoopConfiguration());
        OutputOptions.userCatalog(spark, store, err);
        try {
          return run(s, spark, store, stdout, signals);
        } catch (Exception e) {
          if (StoreCommand.reportDamage(store, err)) {
            return Main.BAD_INPUT;
          }
          throw e;
        }
      } catch (CommandExit e) {
        return e.code;
      } finally {
        spark.stop();
      }
    }
  }

  /** Plans and runs the sweep under its lock; returns the exit code. */
  private int run(SweepSpec s, SparkSession spark, ResultStore store, PrintWriter stdout, StopSignals signals)
      throws Exception {
    store.saveSpec(s.name(), Files.readString(spec, StandardCharsets.UTF_8));
    StopRequest stop = signals.stop();
    SweepDriver driver = new SweepDriver(spark, store, stop);
    SweepDriver.Plan plan = driver.plan(s);
    int retried = plan.retried().size();
    stdout.printf("%d done, %d to run%s (master %s)%n", plan.kept(), plan.todo().size(),
        retried == 0 ? "" : ", " + retried + " of them failed before and run again", spark.sparkContext().master());
    stdout.flush();
    ProgressLine line = new ProgressLine(stdout);
    SweepResult r = driver.run(s, plan, line::show, Duration.ofMillis((long) (progressEvery * 1000)));
    line.finish();
    if (stop.requested()) {
      return interrupted(r, stdout, signals);
    }
    long done = r.count(Outcome.Status.DONE);
    long diverged = r.count(Outcome.Status.DIVERGED);
    long failed = r.failed();
    stdout.printf("sweep %s finished: %d ran (%d done, %d diverged, %d failed), %d skipped (done or diverged before)%n",
        s.name(), r.outcomes().size(), done, diverged, failed, r.skipped());
    for (Outcome o : r.outcomes()) {
      if (o.status() == Outcome.Status.FAILED) {
        stdout.printf("  failed %s: %s%n", o.pointId(), o.error());
      }
    }
    // Orphan files come from killed writers: look for them (a listing of every table) only after a resume, a
    // retry, or a failed commit.
    boolean resumed = plan.kept() > 0 && !plan.todo().isEmpty();
    try (var cancel = stop.whenRequested(() -> spark.sparkContext().cancelAllJobs())) {
      compact(spark, store, s.name(), resumed || retried > 0 || failed > 0, stdout);
    }
    if (stop.requested()) {
      return interrupted(r, stdout, signals);
    }
    int code = failed > 0 ? Main.POINTS_FAILED : Main.OK;
    if (report == null) {
      stdout.printf("tables under %s; next: crh phases --out %s --sweep %s%n", store.qualifiedRoot(), out, s.name());
      stdout.flush();
      return code;
    }
    stdout.printf("tables under %s%n", store.qualifiedRoot());
    stdout.flush();
    // Phases and report in this session: a signal cancels their Spark jobs, and the command ends as interrupted.
    try (var cancel = stop.whenRequested(() -> spark.sparkContext().cancelAllJobs())) {
      ReportCommand.write(cmd, spark, store, s.name(), report, true);
    } catch (Exception e) {
      if (!stop.requested()) {
        throw e;
      }
    }
    if (stop.requested()) {
      return interrupted(r, stdout, signals);
    }
    return code;
  }

  /**
   * The one line of a run a signal stopped. K counts the spec's points with a result committed, by this run
   * or before (a rerun skips them); N the points a rerun runs (never run, cut short, or failed).
   */
  private static int interrupted(SweepResult r, PrintWriter stdout, StopSignals signals) {
    stdout.printf("interrupted: %d points committed, %d left; run the same command to resume%n", r.committed(),
        r.left());
    stdout.flush();
    return signals.exitCode();
  }

  /** The sweep's files compacted and the tables tidied; a failure here loses nothing and is only reported. */
  private void compact(SparkSession spark, ResultStore store, String sweep, boolean orphans, PrintWriter stdout) {
    long t0 = System.nanoTime();
    try {
      Housekeeping.Result r = Housekeeping.run(spark, store.tables(), sweep, Housekeeping.DEFAULT_RETENTION,
          Housekeeping.DEFAULT_ORPHAN_AGE, orphans);
      stdout.printf("%s in %.1f s%n", r.line(), (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      stdout.printf("compaction did not finish (%s); the results are complete: run crh compact --out %s --sweep %s "
          + "later%n", Main.oneLine(e), out, sweep);
    }
    stdout.flush();
  }

  /**
   * The live progress line: rewritten in place on a terminal; otherwise (a log file, spark-submit's
   * driver log) one line whenever a point finishes, and at least every {@code heartbeat} while points
   * run, so that a log of long points still shows the elapsed time and the ETA.
   */
  static final class ProgressLine {
    static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private final PrintWriter out;
    private final boolean tty;
    private final LongSupplier nanos;
    private final long heartbeatNanos;
    private String last = "";
    private long lastPrinted;

    ProgressLine(PrintWriter out) {
      this(out, System.console() != null, System::nanoTime, HEARTBEAT);
    }

    ProgressLine(PrintWriter out, boolean tty, LongSupplier nanos, Duration heartbeat) {
      this.out = out;
      this.tty = tty;
      this.nanos = nanos;
      this.heartbeatNanos = heartbeat.toNanos();
    }

    void show(SweepProgress p) {
      String l = p.line();
      if (tty) {
        out.print("\r" + l + "   ");
        out.flush();
      } else {
        String key = l.substring(0, l.indexOf(" · ", l.indexOf(" · ") + 1));
        long now = nanos.getAsLong();
        if (!key.equals(last) || now - lastPrinted >= heartbeatNanos) {
          out.println(l);
          out.flush();
          last = key;
          lastPrinted = now;
        }
      }
    }

    void finish() {
      if (tty) {
        out.println();
        out.flush();
      }
    }
  }
}
