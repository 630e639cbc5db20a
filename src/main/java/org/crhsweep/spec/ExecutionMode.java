package org.crhsweep.spec;

import java.util.Locale;

/**
 * How a point executes ({@code execution.mode}): {@code task}, one Spark task trains it alone (the
 * default); {@code data_parallel}, DL4J Spark trains it across several workers with parameter averaging.
 */
public enum ExecutionMode implements Labeled {
  TASK, DATA_PARALLEL;

  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
