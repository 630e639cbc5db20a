package org.crhsweep;

import org.apache.spark.sql.SparkSession;
import org.crhsweep.sweep.SparkSessions;

/** The one local[2] SparkSession the tests share (starting Spark costs seconds). */
public final class SparkTestSession {

  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    // CLI tests run commands that stop the session they used; start a new one then.
    if (spark == null || spark.sparkContext().isStopped()) {
      spark = SparkSessions.create("local[2]", "crh-tests");
      SparkSession started = spark;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return spark;
  }
}
