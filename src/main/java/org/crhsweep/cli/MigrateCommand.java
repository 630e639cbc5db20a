package org.crhsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.Migration;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import org.crhsweep.store.SweepLock;
import org.crhsweep.sweep.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {
        "Bring an output root written by versions before the Iceberg tables (OUT/points/sweep=S/point=P/",
        "part-0.parquet) into the tables: the rows of every point that layout counted as committed (its",
        "points file whole) are written again through the ordinary commit path, a batch of points per",
        "commit; half-written points are left out (a later crh sweep runs them). Then the old directories",
        "move to OUT/_old-layout/ (delete it once satisfied). Safe to rerun after an interruption: each",
        "point ends up in the tables exactly once. Refused (exit 4) while a sweep of that root runs."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:migrated, or nothing to migrate", "1:other error", "2:bad --out",
        "4:a sweep of the root is running (its lock is held)"})
final class MigrateCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "Output root in the old layout: a local path, file://, hdfs:// or s3a:// URI.")
  String out;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, used only to reach a catalog named by spark.crh.catalog (default: none started).")
  String master;

  @Option(names = "--batch", paramLabel = "POINTS", defaultValue = "" + Migration.BATCH,
      description = "Points per commit (default: ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = cmd.commandLine().getErr();
    PrintWriter stdout = cmd.commandLine().getOut();
    if (batch < 1) {
      err.println("crh: --batch must be >= 1, got " + batch);
      return Main.BAD_INPUT;
    }
    var local = OutputRoot.local(out);
    if (local.isPresent() && !Files.isDirectory(local.get())) {
      err.println("crh: --out " + out + " is not a directory: give the output root to migrate");
      return Main.BAD_INPUT;
    }
    Integer unwritable = OutputRoot.refuse("--out", out, err); // the tables and the move aside write under OUT
    if (unwritable != null) {
      return unwritable;
    }
    ResultStore store = new ResultStore(out, SpecLoading.hadoopConfiguration(System.getProperties()));
    if (!store.hasOldLayout()) {
      stdout.println("nothing to migrate: " + store.qualifiedRoot() + " holds no results in the layout before the "
          + "Iceberg tables (no " + store.root() + "/points/sweep=...)");
      return Main.OK;
    }
    // A catalog the user names is reached through Spark (its conf); the embedded one needs no Spark.
    if (System.getProperty(ResultTables.CATALOG_CONF, "").isBlank()) {
      return migrate(store, stdout, err);
    }
    SparkSession spark = SparkSessions.create(master, "crh migrate");
    try {
      ResultStore inCatalog = new ResultStore(out, spark.sparkContext().hadoopConfiguration());
      OutputOptions.userCatalog(spark, inCatalog, err);
      return migrate(inCatalog, stdout, err);
    } catch (CommandExit e) {
      return e.code;
    } finally {
      spark.stop();
    }
  }

  private int migrate(ResultStore store, PrintWriter stdout, PrintWriter err) throws IOException {
    Migration.Result r;
    try {
      r = Migration.run(store, batch);
    } catch (SweepLock.HeldException e) {
      err.println("crh: " + e.getMessage());
      return Main.ALREADY_RUNNING;
    }
    for (Migration.SweepMigration s : r.sweeps()) {
      stdout.printf("sweep %s: points migrated %d, already in the tables %d, half-written and left out %d%s%s%n",
          s.sweep(), s.migrated(), s.alreadyThere(), s.halfWritten(),
          s.damaged().isEmpty() ? "" : ", with a damaged file and left out " + s.damaged().size()
              + " (crh sweep runs them again: " + String.join(", ", s.damaged().keySet()) + ")",
          s.phasesRows() > 0 ? "; phases rows " + s.phasesRows()
              : s.phasesRows() < 0 ? "; phases not migrated, a file is damaged (crh phases writes them again)" : "");
      s.damaged().values().forEach(why -> stdout.println("  damaged: " + why));
    }
    stdout.println("rows written: " + (r.rows().isEmpty() ? "none" : r.rows().entrySet().stream()
        .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "))));
    if (!r.droppedColumns().isEmpty()) {
      stdout.println("columns no longer in the tables, not migrated: " + String.join(", ", r.droppedColumns()));
    }
    stdout.println("old files moved to " + r.movedTo() + " (not read by crh; delete it once satisfied)");
    stdout.flush();
    return Main.OK;
  }
}
