package org.crhsweep.cli;

import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crhsweep.spec.SpecException;

/**
 * The memory one point may use, which a spec's points are checked against before anything runs. Precedence:
 * {@code -Dcrh.point.memory} > {@code spark.executor.memory} (set by spark-submit and conf/*.conf for a
 * cluster's executors) > this JVM's max heap (a local run, whose executor is this JVM). Sizes are written as
 * Spark writes them: {@code 512m}, {@code 4g}; a bare number is MiB.
 */
record MemoryBudget(long bytes, String source) {

  static final String KEY = "crh.point.memory";
  static final String EXECUTOR_MEMORY = "spark.executor.memory";
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)b?");

  static MemoryBudget of(Properties props, long maxHeap) {
    String own = props.getProperty(KEY);
    if (own != null) {
      return new MemoryBudget(parse(KEY, own), KEY + "=" + own);
    }
    String executor = props.getProperty(EXECUTOR_MEMORY);
    if (executor != null) {
      return new MemoryBudget(parse(EXECUTOR_MEMORY, executor), EXECUTOR_MEMORY + "=" + executor);
    }
    return new MemoryBudget(maxHeap, "the JVM's max heap, -Xmx");
  }

  static long parse(String key, String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw SpecException.field(key, "must be a size such as 512m or 4g, got '" + text + "'");
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "g" -> 30;
      case "t" -> 40;
      default -> 20; // m, or a bare number: MiB, as Spark reads it
    };
    long value = Long.parseLong(m.group(1));
    if (value > (Long.MAX_VALUE >> shift)) {
      throw SpecException.field(key, "is too large, got '" + text + "'");
    }
    return value << shift;
  }
}
