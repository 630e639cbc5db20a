package org.crhsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.ResultTables;
import picocli.CommandLine.Option;

/** Options shared by the commands that read an output root. */
final class OutputOptions {

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "Output root of the sweeps: a local path, file://, hdfs:// or s3a:// URI.")
  String out;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*]).")
  String master;

  /** The store under OUT; ends the command with exit code 2 when OUT holds no results at all. */
  ResultStore existingStore(SparkSession spark, PrintWriter err) throws IOException {
    ResultStore store = new ResultStore(out, spark.sparkContext().hadoopConfiguration());
    ResultTables named = userCatalog(spark, store, err);
    refuseOldLayout(store, err);
    if (named == null ? !ResultTables.exists(store) : !named.hasPoints()) {
      err.println("crh: no results under " + store.qualifiedRoot()
          + " (no points table): check --out, or run crh sweep first");
      err.flush();
      throw new CommandExit(Main.BAD_INPUT);
    }
    return store;
  }

  /**
   * The tables of the catalog {@code spark.crh.catalog} names, made the store's (null when it names none,
   * the embedded catalog at OUT); a catalog that is missing or not Iceberg's ends the command with exit code 2.
   */
  static ResultTables userCatalog(SparkSession spark, ResultStore store, PrintWriter err) {
    try {
      ResultTables named = ResultTables.fromSession(spark);
      if (named != null) {
        store.useTables(named);
      }
      return named;
    } catch (IllegalArgumentException e) {
      err.println("crh: " + e.getMessage());
      err.flush();
      throw new CommandExit(Main.BAD_INPUT);
    }
  }

  /** Ends the command with exit code 2 when OUT holds results in the layout before the Iceberg tables. */
  static void refuseOldLayout(ResultStore store, PrintWriter err) throws IOException {
    if (store.hasOldLayout()) {
      err.println("crh: " + store.qualifiedRoot() + " holds results in the per-point Parquet layout of versions "
          + "before the Iceberg tables (" + store.root() + "/points/sweep=...): run crh migrate --out " + store.root()
          + " to bring them into the tables (once; then every command reads them)");
      err.flush();
      throw new CommandExit(Main.BAD_INPUT);
    }
  }
}
