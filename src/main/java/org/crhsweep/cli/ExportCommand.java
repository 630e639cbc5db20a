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
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
        "Write a sweep's summary tables as CSV files into DIR, for tools without Parquet support:",
        "points.csv, phases.csv, training.csv, and alignment_final.csv / exponents_final.csv /",
        "moments_final.csv (the last measurement of every point). Rows of unfinished points are never exported."})
final class ExportCommand extends StoreCommand {

  @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "Sweep name.")
  String sweep;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory for the CSV files (created).")
  Path to;

  @Override
  String appName() {
    return "crh export " + sweep;
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    TableViews.register(spark, store);
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
    for (Map.Entry<String, String> q : queries.entrySet()) {
      Dataset<Row> df = spark.sql(q.getValue());
      List<Row> rows = df.collectAsList();
      if (q.getKey().equals("points")) {
        points = rows.size();
      }
      Path file = to.resolve(q.getKey() + ".csv");
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
        Csv.write(df.schema().fieldNames(), rows, w);
      }
      out().printf("%-22s %7d rows%n", file, rows.size());
    }
    if (points == 0) {
      err().println("crh: sweep '" + sweep + "' has no committed points under "
          + store.qualifiedRoot());
      return Main.BAD_INPUT;
    }
    return Main.OK;
  }
}
