package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.crhsweep.spec.PointMemory;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ParquetInspector;

/**
 * Parses a spec for a command; a bad spec prints its one-line error and becomes exit code 2. A Parquet dataset is
 * looked at here (footers and one row through the Hadoop FileSystem API), so a missing path or column is such an
 * error too, before any Spark job. The Hadoop configuration is the one Spark will use: the classpath's
 * ({@code HADOOP_CONF_DIR} under spark-submit) with every {@code spark.hadoop.*} setting on top, so credentials
 * or endpoints given to spark-submit with {@code --conf} reach this check too.
 */
final class SpecLoading {

  private static final String SPARK_HADOOP = "spark.hadoop.";

  private SpecLoading() {}

  static SweepSpec load(Path file, PrintWriter err) {
    try {
      SweepSpec spec = SpecParser.parse(file, new ParquetInspector(hadoopConfiguration(System.getProperties())));
      MemoryBudget budget = MemoryBudget.of(System.getProperties(), Runtime.getRuntime().maxMemory());
      PointMemory.check(spec, budget.bytes(), budget.source());
      return spec;
    } catch (SpecException e) {
      err.println("crh: " + e.getMessage());
      throw new CommandExit(Main.BAD_INPUT);
    }
  }

  /** The classpath's Hadoop configuration plus {@code spark.hadoop.X=v} as {@code X=v}, as Spark builds its own. */
  static Configuration hadoopConfiguration(Properties sparkSettings) {
    Configuration conf = new Configuration();
    for (String key : sparkSettings.stringPropertyNames()) {
      if (key.startsWith(SPARK_HADOOP) && key.length() > SPARK_HADOOP.length()) {
        conf.set(key.substring(SPARK_HADOOP.length()), sparkSettings.getProperty(key));
      }
    }
    return conf;
  }
}
