package org.crhsweep.sweep;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession. Master precedence: {@code --master} option > {@code spark.master} set by
 * spark-submit or a system property > the embedded default {@code local[*]} (no Spark install needed).
 */
public final class SparkSessions {

  public static final String EMBEDDED_MASTER = "local[*]";

  private SparkSessions() {}

  public static SparkSession create(String masterOption, String appName) {
    SparkConf conf = new SparkConf();
    String master = masterOption != null ? masterOption : conf.get("spark.master", EMBEDDED_MASTER);
    conf.setMaster(master).setAppName(appName);
    if (master.startsWith("local")) {
      // An embedded run: no web UI to bind, loopback only, few shuffle partitions for small tables.
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
    // One task per point; a point never throws, so a task failure means the JVM or the file system broke.
    conf.setIfMissing("spark.task.maxFailures", "4");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
