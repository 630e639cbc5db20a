package org.crhsweep.cli;

import java.io.PrintWriter;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {
        "Run a Spark SQL query over the result tables and print the result.",
        "Views: points, alignment, exponents, training, phases (each with a leading sweep column).",
        "Rows of unfinished points are never shown; temporary, truncated or foreign files under OUT are",
        "never read, and one line on stderr says how many were ignored.",
        "Example: crh sql --out runs \"SELECT stat, relation, AVG(alignment) FROM alignment GROUP BY 1, 2\"",
        "         crh sql --out runs --format csv --limit 0 \"SELECT * FROM phases\" > phases.csv"})
final class SqlCommand extends StoreCommand {

  /** How the result is printed. */
  enum Format { table, csv, json }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (aligned columns), csv (RFC 4180, with a header) or json (one object per line); "
          + "default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"--limit", "--rows"}, paramLabel = "N", defaultValue = "100",
      description = "Most rows to print; 0 prints all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query (quote it).")
  String query;

  @Override
  String appName() {
    return "crh sql";
  }

  @Override
  Integer checkOptions() {
    if (limit < 0) {
      err().println("crh: --limit must be >= 0 (0 prints all rows), got " + limit);
      return Main.BAD_INPUT;
    }
    return null;
  }

  @Override
  int run(SparkSession spark, ResultStore store) throws Exception {
    TableViews.open(spark, store);
    Dataset<Row> df;
    try {
      df = spark.sql(query);
    } catch (Exception e) {
      // Scala does not declare it, but an unknown table, column or a syntax error arrives here.
      if (e instanceof AnalysisException) {
        err().println("crh: bad query: " + QueryErrors.describe((AnalysisException) e, query, spark));
        return Main.BAD_INPUT;
      }
      throw e;
    }
    Dataset<Row> shown = limit > 0 ? df.limit(limit) : df;
    PrintWriter out = out();
    switch (format) {
      case table -> shown.show(limit > 0 ? limit : Integer.MAX_VALUE, false);
      case csv -> Csv.write(shown.schema().fieldNames(), shown.collectAsList(), out);
      case json -> shown.toJSON().collectAsList().forEach(out::println);
      default -> throw new IllegalStateException("unhandled format " + format);
    }
    return Main.OK;
  }
}
