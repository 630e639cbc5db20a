package org.crhsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.crhsweep.spec.SpecException;
import org.crhsweep.spec.SpecParser;
import org.crhsweep.spec.SweepSpec;
import org.crhsweep.store.ParquetInspector;

/**
 * Parses a spec for a command; a bad spec prints its one-line error and becomes exit code 2. A Parquet dataset is
 * looked at here (footers and one row through the Hadoop FileSystem API, default Hadoop configuration from the
 * classpath), so a missing path or column is such an error too, before any Spark job.
 */
final class SpecLoading {

  private SpecLoading() {}

  static SweepSpec load(Path file, PrintWriter err) {
    try {
      return SpecParser.parse(file, new ParquetInspector(new Configuration()));
    } catch (SpecException e) {
      err.println("crh: " + e.getMessage());
      throw new CommandExit(Main.BAD_INPUT);
    }
  }
}
