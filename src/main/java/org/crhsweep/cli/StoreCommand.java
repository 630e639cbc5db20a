package org.crhsweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import java.util.List;
import org.crhsweep.store.Damage;
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
    ResultStore store = null;
    try {
      store = output.existingStore(spark, err());
      int code = run(spark, store);
      out().flush();
      return code;
    } catch (CommandExit e) {
      return e.code;
    } catch (Exception e) {
      if (store != null && reportDamage(store, err())) {
        return Main.BAD_INPUT;
      }
      throw e;
    } finally {
      spark.stop();
    }
  }

  /**
   * After a failed read: whether a committed data file is damaged (checked by length and footer), said in
   * one line naming the file, its points and the repair.
   */
  static boolean reportDamage(ResultStore store, PrintWriter err) {
    try {
      List<Damage> damaged = store.tables().damaged(store, null, false);
      if (damaged.isEmpty()) {
        return false;
      }
      err.println("crh: " + damaged.get(0).line(store.root()) + (damaged.size() == 1 ? ""
          : " (" + (damaged.size() - 1) + " more damaged file" + (damaged.size() == 2 ? "" : "s") + ")"));
      err.flush();
      return true;
    } catch (java.io.IOException | RuntimeException checkFailed) {
      return false;
    }
  }
}
