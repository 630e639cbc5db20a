package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.functions;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.Table;
import org.crhsweep.store.TableViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
        "Write results as plain files into DIR, for tools without Spark or Iceberg.",
        "--format parquet: one Parquet file per table of the current snapshot (points.parquet,",
        "alignment.parquet, ... phases.parquet), every sweep or only --sweep's; DuckDB, pyarrow, polars",
        "and pandas read them. --format csv (the default, needs --sweep): the sweep's summary tables,",
        "points.csv, phases.csv, training.csv, and alignment_final.csv / exponents_final.csv /",
        "moments_final.csv (the last measurement of every point). Rows of unfinished points are never exported."})
final class ExportCommand extends StoreCommand {

  /** The export's file format. */
  enum Format { csv, parquet }

  @Option(names = "--sweep", paramLabel = "NAME", description = "Sweep name (every sweep when omitted, parquet only).")
  String sweep;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory for the files (created).")
  Path to;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
      description = "csv or parquet (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  Integer checkOptions() {
    if (format == Format.csv && sweep == null) {
      err().println("crh: --format csv exports one sweep's summary tables: give --sweep NAME (or use --format parquet "
          + "for every sweep)");
      return Main.BAD_INPUT;
    }
    return null;
  }

  @Override
  String appName() {
    return "crh export " + (sweep == null ? "" : sweep);
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    Map<Table, Dataset<Row>> views = TableViews.register(spark, store);
    if (format == Format.parquet) {
      return parquet(spark, store, views);
    }
    String s = sweep.replace("'", "''");
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("points", "SELECT * FROM points WHERE sweep = '" + s + "' ORDER BY point_id");
    queries.put("phases", "SELECT * FROM phases WHERE sweep = '" + s + "' ORDER BY point_id, layer, stat");
    queries.put("training", "SELECT * FROM training WHERE sweep = '" + s + "' ORDER BY point_id, step");
    for (String t : List.of("alignment", "exponents", "moments")) {
      queries.put(t + "_final", "SELECT t.* FROM " + t + " t JOIN (SELECT point_id, MAX(step) AS step FROM " + t
          + " WHERE sweep = '" + s + "' GROUP BY point_id) f ON t.point_id = f.point_id AND t.step = f.step "
          + "WHERE t.sweep = '" + s + "' ORDER BY t.point_id, t.layer, t.stat");
    }
    Files.createDirectories(to);
    long points = 0;
    try (StepProgress progress = new StepProgress(err(), sweep, "export", queries.size())) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        progress.step("writing " + q.getKey() + ".csv");
        Dataset<Row> df = spark.sql(q.getValue());
        List<Row> rows = df.collectAsList();
        if (q.getKey().equals("points")) {
          points = rows.size();
        }
        Path file = to.resolve(q.getKey() + ".csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
          Csv.write(df.schema().fieldNames(), rows, w);
        }
        progress.done();
        out().printf("%-22s %7d rows%n", file, rows.size());
      }
    }
    if (points == 0) {
      err().println("crh: sweep '" + sweep + "' has no committed points under "
          + store.qualifiedRoot());
      return Main.BAD_INPUT;
    }
    return Main.OK;
  }

  /** Each table (its committed rows, of --sweep or all) as DIR/<table>.parquet, one file through the FileSystem API. */
  private int parquet(SparkSession spark, ResultStore store, Map<Table, Dataset<Row>> views) throws Exception {
    Files.createDirectories(to);
    long points = 0;
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(to.toAbsolutePath().toUri());
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (StepProgress progress = new StepProgress(err(), sweep == null ? "all sweeps" : sweep, "export",
        views.size())) {
      for (Map.Entry<Table, Dataset<Row>> e : views.entrySet()) {
        progress.step("writing " + e.getKey().label() + ".parquet");
        Dataset<Row> df = sweep == null ? e.getValue() : e.getValue().where(functions.col("sweep").equalTo(sweep));
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dir, "." + e.getKey().label() + ".tmp");
        df.coalesce(1).write().mode("overwrite").option("compression", "snappy").parquet(tmp.toString());
        org.apache.hadoop.fs.Path part = null;
        for (FileStatus st : fs.listStatus(tmp)) {
          if (st.getPath().getName().startsWith("part-") && st.getPath().getName().endsWith(".parquet")) {
            part = st.getPath();
          }
        }
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, e.getKey().label() + ".parquet");
        fs.delete(target, false);
        if (part == null || !fs.rename(part, target)) {
          throw new java.io.IOException("could not write " + target + " from " + tmp);
        }
        fs.delete(tmp, true);
        long rows = spark.read().parquet(target.toString()).count();
        if (e.getKey() == Table.POINTS) {
          points = rows;
        }
        progress.done();
        out().printf("%-40s %8d rows%n", target.toUri().getPath(), rows);
      }
    }
    if (points == 0) {
      err().println("crh: no committed points" + (sweep == null ? "" : " of sweep '" + sweep + "'") + " under "
          + store.qualifiedRoot());
      return Main.BAD_INPUT;
    }
    return Main.OK;
  }
}
