package org.crhsweep.report;

import java.math.BigDecimal;
import java.util.Locale;

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

  /** A hyper-parameter as a reader would write it, to 4 significant digits: 0.01, 0.06325, 1e-05, 0. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    if (v == 0) {
      return "0";
    }
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e6) {
      return BigDecimal.valueOf(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", v).replaceFirst("\\.?0+e", "e");
  }

  /** A measured value with a fixed number of decimals; NaN is shown as a dash. */
  static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A measured value with four significant digits; NaN is shown as a dash. */
  static String general(double v) {
    if (Double.isNaN(v)) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
