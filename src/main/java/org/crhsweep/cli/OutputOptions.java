package org.crhsweep.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that read an output root. */
final class OutputOptions {

  @Option(names = "--out", required = true, paramLabel = "OUT",
      description = "Output root of the sweeps: a local path, file://, hdfs:// or s3a:// URI.")
  String out;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*]).")
  String master;
}
