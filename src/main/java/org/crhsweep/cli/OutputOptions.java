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
    refuseOldLayout(store, err);
    if (!ResultTables.exists(store)) {
      err.println("crh: no results under " + store.qualifiedRoot()
          + " (no points table): check --out, or run crh sweep first");
      err.flush();
      throw new CommandExit(Main.BAD_INPUT);
    }
    return store;
  }

  /** Ends the command with exit code 2 when OUT holds results in the layout before the Iceberg tables. */
  static void refuseOldLayout(ResultStore store, PrintWriter err) throws IOException {
    if (store.hasOldLayout()) {
      err.println("crh: " + store.qualifiedRoot() + " holds results in the per-point Parquet layout of earlier "
          + "versions: run crh migrate --out " + store.root() + " once to bring them into the tables");
      err.flush();
      throw new CommandExit(Main.BAD_INPUT);
    }
  }
}
