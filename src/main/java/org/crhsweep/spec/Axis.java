package org.crhsweep.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one numeric grid axis: a list of numbers, a single number, or a generated range {@code
 * {log: [lo, hi], points: n}} / {@code {linear: [lo, hi], points: n}} including both ends. Range
 * checks of the values belong to {@link SweepSpec}; this class only checks the axis form.
 */
final class Axis {
  static final int MAX_GENERATED = 10_000;
  /** Larger doubles are not all integers, so a generated integer axis must stay below. */
  private static final long MAX_EXACT_INTEGER = 1L << 53;
  private static final List<String> RANGE_KEYS = List.of("log", "linear", "points");
  private static final MathContext TEN_DIGITS = new MathContext(10, RoundingMode.HALF_EVEN);
  private static final String FORMS =
      "a non-empty list, {log: [lo, hi], points: n} or {linear: [lo, hi], points: n}";

  private Axis() {}

  static List<Double> doubles(NodeReader axis) {
    if (isGenerated(axis)) {
      return generate(axis, false);
    }
    List<Double> values = new ArrayList<>();
    for (NodeReader element : literals(axis)) {
      values.add(element.asDouble());
    }
    return values;
  }

  /** Integer literals only; generated values are rounded to the nearest integer. */
  static List<Long> longs(NodeReader axis) {
    List<Long> values = new ArrayList<>();
    if (isGenerated(axis)) {
      for (double value : generate(axis, true)) {
        values.add((long) value);
      }
      return values;
    }
    for (NodeReader element : literals(axis)) {
      values.add(element.asLong());
    }
    return values;
  }

  /** Like {@link #longs} for an axis of ints. */
  static List<Integer> ints(NodeReader axis) {
    List<Long> longs = longs(axis);
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < longs.size(); i++) {
      long value = longs.get(i);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw SpecException.field(
            axis.path() + "[" + i + "]",
            "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
                + ", got " + value);
      }
      values.add((int) value);
    }
    return values;
  }

  private static boolean isGenerated(NodeReader axis) {
    return axis.node().isObject() && (axis.has("log") || axis.has("linear"));
  }

  /** The elements of a literal list; a single number is a list of one. */
  private static List<NodeReader> literals(NodeReader axis) {
    if (axis.node().isNumber()) {
      return List.of(axis);
    }
    if (axis.node().isArray() && !axis.node().isEmpty()) {
      return axis.list("numbers");
    }
    throw axis.error("must be " + FORMS + ", got " + NodeReader.show(axis.node()));
  }

  private static List<Double> generate(NodeReader axis, boolean integer) {
    axis.map(RANGE_KEYS);
    if (axis.has("log") && axis.has("linear")) {
      throw axis.error("must have either log or linear, not both");
    }
    boolean log = axis.has("log");
    NodeReader ends = axis.get(log ? "log" : "linear");
    List<NodeReader> pair = ends.list("two numbers [lo, hi]");
    if (pair.size() != 2) {
      throw ends.error(
          "must be a list [lo, hi] of two numbers, got " + NodeReader.show(ends.node()));
    }
    double lo = pair.get(0).asDouble();
    double hi = pair.get(1).asDouble();
    if (log && !(lo > 0)) {
      throw pair.get(0).error("must be > 0 for a log axis, got " + Check.num(lo));
    }
    if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw ends.error(
          "must be finite with lo <= hi, got [" + Check.num(lo) + ", " + Check.num(hi) + "]");
    }
    if (integer && Math.max(Math.abs(lo), Math.abs(hi)) > MAX_EXACT_INTEGER) {
      throw ends.error(
          "must stay within +-" + MAX_EXACT_INTEGER + " for an integer axis, got ["
              + Check.num(lo) + ", " + Check.num(hi) + "]");
    }
    NodeReader pointsField = axis.required("points");
    int points = pointsField.asInt();
    Check.between(pointsField.path(), points, 1, MAX_GENERATED);

    List<Double> values = new ArrayList<>(points);
    Set<Double> seen = new HashSet<>();
    for (int i = 0; i < points; i++) {
      double value = spaced(lo, hi, i, points, log);
      value = integer ? Math.floor(value + 0.5) : round10(value);
      if (!seen.add(value)) {
        throw axis.error(
            "generates the value " + Check.num(value) + " twice"
                + (integer ? " after rounding to integers" : "")
                + "; use fewer points or a wider range");
      }
      values.add(value);
    }
    return values;
  }

  /** The i-th of n values from lo to hi, both ends exact. */
  private static double spaced(double lo, double hi, int i, int n, boolean log) {
    if (i == 0) {
      return lo;
    }
    if (i == n - 1) {
      return hi;
    }
    double t = (double) i / (n - 1);
    return log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
  }

  /** Ten significant digits, so that 0.030000000000000002 reads 0.03. */
  static double round10(double value) {
    return new BigDecimal(value).round(TEN_DIGITS).doubleValue() + 0.0;
  }
}
