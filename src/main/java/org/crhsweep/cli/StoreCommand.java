package org.crhsweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.crhsweep.store.ResultStore;
import org.crhsweep.sweep.SparkSessions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that reads an output root with Spark: checks its options, starts the session, opens
 * OUT (exit 2 when it holds no results), runs, and always stops the session.
 */
abstract class StoreCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Mixin
  OutputOptions output;

  /** The Spark application name. */
  abstract String appName();

  /** Option checks that need no Spark: an exit code to stop with, or null to go on. */
  Integer checkOptions() {
    return null;
  }

  abstract int run(SparkSession spark, ResultStore store) throws Exception;

  PrintWriter out() {
    return cmd.commandLine().getOut();
  }

  PrintWriter err() {
    return cmd.commandLine().getErr();
  }

  @Override
  public final Integer call() throws Exception {
    Integer bad = checkOptions();
    if (bad != null) {
      return bad;
    }
    SparkSession spark = SparkSessions.create(output.master, appName());
    try {
      int code = run(spark, output.existingStore(spark, err()));
      out().flush();
      return code;
    } catch (CommandExit e) {
      return e.code;
    } finally {
      spark.stop();
    }
  }
}
