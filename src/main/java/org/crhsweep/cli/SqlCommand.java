package org.crhsweep.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.ResultStore;
import org.crhsweep.store.TableViews;
import org.crhsweep.sweep.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {
        "Run a Spark SQL query over the result tables and print the result.",
        "Views: points, alignment, exponents, training, phases (each with a leading sweep column).",
        "Rows of unfinished points are never shown.",
        "Example: crh sql --out runs \"SELECT stat, relation, AVG(alignment) FROM alignment GROUP BY 1, 2\""})
final class SqlCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Mixin
  OutputOptions output;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "100",
      description = "Most rows to print (default: ${DEFAULT-VALUE}).")
  int rows;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query (quote it).")
  String query;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      cmd.commandLine().getErr().println("crh: --rows must be >= 1, got " + rows);
      return Main.BAD_INPUT;
    }
    SparkSession spark = SparkSessions.create(output.master, "crh sql");
    try {
      TableViews.register(spark, output.existingStore(spark, cmd.commandLine().getErr()));
      Dataset<Row> df;
      try {
        df = spark.sql(query);
      } catch (Exception e) {
        // Scala does not declare it, but an unknown table, column or a syntax error arrives here.
        if (e instanceof AnalysisException) {
          cmd.commandLine().getErr().println("crh: bad query: " + Main.oneLine(e));
          return Main.BAD_INPUT;
        }
        throw e;
      }
      df.show(rows, false);
      return Main.OK;
    } catch (CommandExit e) {
      return e.code;
    } finally {
      spark.stop();
    }
  }
}
