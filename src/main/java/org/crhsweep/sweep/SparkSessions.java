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
    // Iceberg tables read by location (the embedded catalog's tables): through an uncached Hadoop catalog, not
    // the Hive one Iceberg's source would set up (see TableViews.pathCatalog).
    if (!conf.contains("spark.sql.catalog.default_iceberg")) {
      conf.set("spark.sql.catalog.default_iceberg", "org.apache.iceberg.spark.SparkCatalog");
      conf.set("spark.sql.catalog.default_iceberg.type", "hadoop");
      conf.set("spark.sql.catalog.default_iceberg.warehouse",
          new java.io.File(System.getProperty("java.io.tmpdir")).toURI().toString());
      conf.set("spark.sql.catalog.default_iceberg.cache-enabled", "false");
    }
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
    // One task per point; a point never throws, so a task failure means the JVM or the file system broke.
    conf.setIfMissing("spark.task.maxFailures", "4");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
