package org.crhsweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crhsweep.phase.PhaseJob;
import org.crhsweep.store.Table;

/**
 * The layers of a sweep by stat and phase (plain, significant, one-way), counted from the phases rows in hand
 * and printed as the table {@code crh phases} has always printed: Spark's {@code show(100, false)} of
 * {@code SELECT stat, phase, phase_significant, phase_one_way, COUNT(*) ... GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4}
 * (left-aligned cells, NULL for a missing value, nulls first), without a Spark job over the table just written.
 */
final class PhaseCountsText {

  private static final List<String> KEYS = List.of("stat", "phase", "phase_significant", "phase_one_way");
  private static final String HEADER_COUNT = "layers";
  /** Spark's show prints at most this many rows (crh phases asked for 100). */
  private static final int MAX_ROWS = 100;

  private PhaseCountsText() {}

  static void print(PrintWriter out, PhaseJob.Finals finals) {
    Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    Comparator<List<String>> byKeys = (a, b) -> {
      for (int i = 0; i < a.size(); i++) {
        int c = nullsFirst.compare(a.get(i), b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
    Map<List<String>, Long> counts = new TreeMap<>(byKeys);
    if (finals.rows() != null) {
      for (Object[] row : finals.rows().rows()) {
        List<String> key = KEYS.stream().map(k -> (String) row[Table.PHASES.index(k)]).toList();
        counts.merge(key, 1L, Long::sum);
      }
    }
    List<List<String>> cells = new ArrayList<>();
    List<String> header = new ArrayList<>(KEYS);
    header.add(HEADER_COUNT);
    cells.add(header);
    counts.entrySet().stream().limit(MAX_ROWS).forEach(e -> {
      List<String> line = new ArrayList<>();
      e.getKey().forEach(v -> line.add(v == null ? "NULL" : v));
      line.add(String.valueOf(e.getValue()));
      cells.add(line);
    });
    int[] widths = new int[header.size()];
    Arrays.fill(widths, 3);
    for (List<String> line : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : widths) {
      sep.append("-".repeat(w)).append('+');
    }
    StringBuilder sb = new StringBuilder();
    sb.append(sep).append('\n');
    for (int j = 0; j < cells.size(); j++) {
      sb.append('|');
      for (int i = 0; i < widths.length; i++) {
        String v = cells.get(j).get(i);
        sb.append(v).append(" ".repeat(widths[i] - v.length())).append('|');
      }
      sb.append('\n');
      if (j == 0) {
        sb.append(sep).append('\n');
      }
    }
    sb.append(sep).append('\n');
    if (counts.size() > MAX_ROWS) {
      sb.append("only showing top ").append(MAX_ROWS).append(" rows\n");
    }
    out.println(sb);
  }
}
