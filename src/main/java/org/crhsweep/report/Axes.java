package org.crhsweep.report;

import java.util.stream.DoubleStream;
import org.jfree.chart.axis.ValueAxis;

/**
 * Axis ranges fitted to what a figure draws: the finite values' span plus 5% on each side, never less
 * than a minimum span (a single value still gets a readable axis), so no axis runs far past its data.
 */
final class Axes {

  /** The share of the data's span added on each side. */
  static final double PAD = 0.05;

  private Axes() {}

  /** The [min, max] of the finite values, or null when there is none. */
  static double[] span(DoubleStream values) {
    double[] s = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    values.filter(Double::isFinite).forEach(v -> {
      s[0] = Math.min(s[0], v);
      s[1] = Math.max(s[1], v);
    });
    return s[0] > s[1] ? null : s;
  }

  /** The range fitted to {@code span} (null: {@code fallback}), at least {@code minSpan} wide. */
  static double[] fitted(double[] span, double minSpan, double[] fallback) {
    double[] s = span == null ? fallback : span;
    double lo = s[0];
    double hi = s[1];
    double pad = PAD * (hi - lo);
    lo -= pad;
    hi += pad;
    if (hi - lo < minSpan) {
      double mid = (lo + hi) / 2;
      lo = mid - minSpan / 2;
      hi = mid + minSpan / 2;
    }
    return new double[] {lo, hi};
  }

  /** Sets {@code axis} to the range fitted to {@code span}. */
  static void fit(ValueAxis axis, double[] span, double minSpan, double[] fallback) {
    double[] r = fitted(span, minSpan, fallback);
    axis.setRange(r[0], r[1]);
  }
}
