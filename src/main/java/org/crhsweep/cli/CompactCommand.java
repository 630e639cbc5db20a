package org.crhsweep.cli;

import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.Housekeeping;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.SweepLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {
        "Compact a sweep's results and tidy the tables (crh sweep does this when it finishes):",
        "rewrite the sweep's small data files into large ones, rewrite manifests, expire snapshots",
        "older than --retain-days (time travel reaches back that far), and remove files no snapshot",
        "names that are older than --orphan-minutes (left by killed writers). Readers keep seeing one",
        "consistent snapshot throughout. Refused (exit 4) while the sweep runs."})
final class CompactCommand extends OneSweepCommand {


  @Option(names = "--retain-days", paramLabel = "DAYS", defaultValue = "7",
      description = "Keep snapshots of the last DAYS days reachable for time travel (default: ${DEFAULT-VALUE}).")
  double retainDays;

  @Option(names = "--orphan-minutes", paramLabel = "MIN", defaultValue = "60",
      description = "Remove unreferenced files only once older than MIN minutes (default: ${DEFAULT-VALUE}), so "
          + "files a running writer is about to commit are left alone.")
  double orphanMinutes;

  @Override
  String appName() {
    return "crh compact " + sweep;
  }

  @Override
  Integer checkOptions() {
    if (!(retainDays >= 0)) {
      err().println("crh: --retain-days must be >= 0, got " + retainDays);
      return Main.BAD_INPUT;
    }
    if (!(orphanMinutes >= 0)) {
      err().println("crh: --orphan-minutes must be >= 0, got " + orphanMinutes);
      return Main.BAD_INPUT;
    }
    return null;
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    SweepLock lock;
    try {
      lock = SweepLock.acquire(store, sweep);
    } catch (SweepLock.HeldException e) {
      err().println("crh: " + e.getMessage());
      return Main.ALREADY_RUNNING;
    }
    try (lock) {
      Housekeeping.Result r = Housekeeping.run(spark, store.tables(), sweep,
          Duration.ofSeconds((long) (retainDays * 86400)), Duration.ofSeconds((long) (orphanMinutes * 60)));
      out().println("sweep " + sweep + ": " + r.line());
      return Main.OK;
    }
  }
}
