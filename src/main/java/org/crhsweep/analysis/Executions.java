package org.crhsweep.analysis;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crhsweep.spec.Execution;
import org.crhsweep.spec.ExecutionMode;

/**
 * How a point executes, as the report names and orders it: {@code task}, or {@code data_parallel wW fF}
 * for W workers averaging every F steps (the label of {@code org.crhsweep.spec.Execution}). Task mode
 * sorts first, then data-parallel by workers and averaging frequency, numerically.
 */
public final class Executions {

  /** The label of task mode, the default. */
  public static final String TASK = ExecutionMode.TASK.label();

  /** Task first, then by workers, then by averaging frequency; unknown labels last, alphabetically. */
  public static final Comparator<String> ORDER = Comparator.comparingLong((String e) -> rank(e)[0])
      .thenComparingLong(e -> rank(e)[1]).thenComparingLong(e -> rank(e)[2]).thenComparing(Comparator.naturalOrder());

  private static final Pattern DATA_PARALLEL = Pattern.compile("data_parallel w(\\d{1,9}) f(\\d{1,9})");

  private Executions() {}

  /** The label of an execution row: {@code task}, or {@code data_parallel w2 f8}. */
  public static String label(String mode, int workers, int averagingFrequency) {
    return mode == null ? TASK : Execution.label(mode, workers, averagingFrequency);
  }

  /** The arch, with the execution appended unless it is task mode. */
  public static String panel(String arch, String execution) {
    return TASK.equals(execution) ? arch : arch + " \u00b7 " + execution;
  }

  private static long[] rank(String execution) {
    if (TASK.equals(execution)) {
      return new long[] {0, 0, 0};
    }
    Matcher m = DATA_PARALLEL.matcher(execution);
    return m.matches() ? new long[] {1, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))}
        : new long[] {2, 0, 0};
  }
}
