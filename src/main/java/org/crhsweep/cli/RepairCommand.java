package org.crhsweep.cli;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.Damage;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.SweepLock;
import picocli.CommandLine.Command;

@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {
        "Find the sweep's committed data files that were damaged on disk (missing, truncated, overwritten,",
        "failing their checksum: every file is read through), and remove them with every row of the points",
        "they held, one commit per table, points table first. Every other point stays as it is; the next",
        "crh sweep runs the removed points again. Refused (exit 4) while the sweep runs."})
final class RepairCommand extends OneSweepCommand {


  @Override
  String appName() {
    return "crh repair " + sweep;
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
      List<Damage> damaged = store.tables().damaged(store, sweep, true);
      if (damaged.isEmpty()) {
        out().println("sweep " + sweep + ": no damaged data file");
        return Main.OK;
      }
      for (Damage d : damaged) {
        out().println("damaged: " + d.path() + " (" + d.table().label() + ", " + d.reason() + ")");
      }
      Set<String> points = store.tables().repair(damaged);
      out().printf("sweep %s: removed %d damaged file%s and the rows of %d point%s: %s; run crh sweep with the same "
          + "spec to run them again%n", sweep, damaged.size(), damaged.size() == 1 ? "" : "s", points.size(),
          points.size() == 1 ? "" : "s", String.join(", ", points));
      return Main.OK;
    }
  }
}
