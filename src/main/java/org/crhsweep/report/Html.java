package org.crhsweep.report;

import java.util.Locale;
import org.crhsweep.analysis.Numbers;

/** HTML escaping and number formatting shared by the report's text and its chart labels. */
final class Html {

  private Html() {}

  /** Escapes text for an HTML element or a double- or single-quoted attribute; null becomes "". */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Cuts text to at most {@code max} characters, marking the cut with an ellipsis. */
  static String truncate(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "\u2026";
  }

  /** A hyper-parameter as a reader would write it, to 3 significant digits: 0.01, 0.0632, 1e-5, 0 ({@link Numbers}). */
  static String number(double v) {
    return Numbers.hyper(v);
  }

  /** A measured value with a fixed number of decimals; NaN is shown as a dash. */
  static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A difference with its sign and a fixed number of decimals (+0.30, -0.12); NaN is shown as a dash. */
  static String signed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%+." + decimals + "f", v);
  }

  /** A measured value with three significant digits (the report's one format); NaN is shown as a dash. */
  static String general(double v) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
