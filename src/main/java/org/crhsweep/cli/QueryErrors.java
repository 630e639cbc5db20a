package org.crhsweep.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * A rejected {@code crh sql} query in one line: Spark's own words for a syntax error (where, and what it
 * expected), and for an unknown table or column the views that exist and the columns of the views the query
 * names (all views' when it names none), so the fix can be read off the message.
 */
final class QueryErrors {

  private QueryErrors() {}

  static String describe(AnalysisException e, String query, SparkSession spark) {
    String errorClass = e.getErrorClass() == null ? "" : e.getErrorClass();
    Map<String, String> params = e.getMessageParameters();
    if (errorClass.startsWith("TABLE_OR_VIEW_NOT_FOUND")) {
      return "no table or view " + params.getOrDefault("relationName", "?") + at(e) + "; the views are "
          + String.join(", ", views(spark).keySet());
    }
    if (errorClass.startsWith("UNRESOLVED_COLUMN")) {
      return "no column " + params.getOrDefault("objectName", "?") + at(e) + "; " + columns(query, spark);
    }
    return sparkLine(e) + (e instanceof ParseException ? where(e, query) : "");
  }

  /** {@code ; at: ...WHERE (lr > 1 <-- here ...}: the query up to the error position (flattened to one line). */
  static String where(AnalysisException e, String query) {
    if (!e.line().isDefined() || !e.startPosition().isDefined()) {
      return "";
    }
    int line = (Integer) e.line().get();
    int pos = (Integer) e.startPosition().get();
    String[] lines = query.split("\n", -1);
    if (line < 1 || line > lines.length) {
      return "";
    }
    int offset = 0;
    for (int i = 0; i < line - 1; i++) {
      offset += lines[i].length() + 1;
    }
    int at = Math.min(query.length(), offset + Math.max(0, pos));
    String before = query.substring(Math.max(0, at - CONTEXT), at);
    String after = query.substring(at, Math.min(query.length(), at + CONTEXT));
    return "; at: " + ((at > CONTEXT ? "..." : "") + flat(before).stripTrailing() + " <-- here " + flat(after).stripLeading()).strip()
        + (at + CONTEXT < query.length() ? "..." : "");
  }

  private static final int CONTEXT = 40;

  private static String flat(String s) {
    return s.replaceAll("\\s+", " ");
  }

  /** The first line of Spark's message with words in it (a ParseException's message starts with a blank line). */
  static String sparkLine(AnalysisException e) {
    String message = e instanceof ParseException p ? p.getMessage() : e.getSimpleMessage();
    for (String line : message.split("\n")) {
      if (!line.isBlank()) {
        // Spark glues the position to the sentence: "... end of input.(line 1, pos 40)".
        return line.strip().replace(".(line ", ". (line ");
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String at(AnalysisException e) {
    if (e.line().isDefined() && e.startPosition().isDefined()) {
      return " (line " + e.line().get() + ", pos " + e.startPosition().get() + ")";
    }
    return "";
  }

  /** {@code columns of points: a, b; of training: c, d} for the views the query names (else every view). */
  private static String columns(String query, SparkSession spark) {
    Map<String, List<String>> views = views(spark);
    List<String> named = new ArrayList<>();
    for (String view : views.keySet()) {
      if (Pattern.compile("\\b" + Pattern.quote(view) + "\\b").matcher(query.toLowerCase(Locale.ROOT)).find()) {
        named.add(view);
      }
    }
    if (named.isEmpty()) {
      named.addAll(views.keySet());
    }
    List<String> parts = new ArrayList<>();
    for (String view : named) {
      parts.add((parts.isEmpty() ? "columns of " : "of ") + view + ": " + String.join(", ", views.get(view)));
    }
    return String.join("; ", parts);
  }

  /** The temporary views registered in this session and their columns, in the catalog's order. */
  private static Map<String, List<String>> views(SparkSession spark) {
    Map<String, List<String>> views = new LinkedHashMap<>();
    for (org.apache.spark.sql.catalog.Table t : spark.catalog().listTables().collectAsList()) {
      if (t.isTemporary()) {
        views.put(t.name(), List.of(spark.table(t.name()).columns()));
      }
    }
    return views;
  }
}
