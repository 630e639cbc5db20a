package org.crhsweep.cli;

import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.sql.Row;

/** RFC 4180 CSV of query results: a header, then one line per row; empty field for null. */
final class Csv {

  private Csv() {}

  static void write(String[] header, List<Row> rows, PrintWriter out) {
    out.println(line(header));
    for (Row r : rows) {
      String[] cells = new String[r.length()];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = r.isNullAt(i) ? null : String.valueOf(r.get(i));
      }
      out.println(line(cells));
    }
  }

  static String line(String[] cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(quote(cells[i]));
    }
    return sb.toString();
  }

  /** Quotes a field when it holds a comma, a quote or a line break; quotes inside are doubled. */
  static String quote(String cell) {
    if (cell == null) {
      return "";
    }
    if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
    return cell;
  }
}
