package org.crhsweep;

import org.apache.spark.sql.SparkSession;
import org.crhsweep.sweep.SparkSessions;

/** The one local[2] SparkSession the tests share (starting Spark costs seconds). */
public final class SparkTestSession {

  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSessions.create("local[2]", "crh-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }
}
