package org.crhsweep.analysis;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The few statistics the analyses need, on plain arrays: means with t-intervals, Wilson intervals
 * for shares, quantiles and Spearman's rank correlation. NaN inputs are the caller's to drop; a
 * sample too small for an interval gets NaN bounds, never a made-up one.
 */
public final class Stats {

  /** An estimate with its 95% interval; NaN bounds when the sample cannot give one. */
  public record Interval(double estimate, double lo, double hi) {

    public boolean covers(double v) {
      return lo <= v && v <= hi;
    }

    public boolean above(double v) {
      return lo > v;
    }

    public boolean below(double v) {
      return hi < v;
    }
  }

  private Stats() {}

  /** The 0.975 quantile of Student's t with {@code df} degrees of freedom; NaN when df < 1. */
  public static double t975(double df) {
    return df < 1 ? Double.NaN : new TDistribution(df).inverseCumulativeProbability(0.975);
  }

  public static double mean(double[] xs) {
    return xs.length == 0 ? Double.NaN : Arrays.stream(xs).sum() / xs.length;
  }

  /** The sample standard deviation (n − 1); NaN below two values. */
  public static double sd(double[] xs) {
    if (xs.length < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (xs.length - 1));
  }

  /** The mean with its 95% t-interval. */
  public static Interval meanInterval(double[] xs) {
    double m = mean(xs);
    double half = t975(xs.length - 1) * sd(xs) / Math.sqrt(xs.length);
    return new Interval(m, m - half, m + half);
  }

  /** The share k/n with its 95% Wilson score interval; NaN when n = 0. */
  public static Interval wilson(int k, int n) {
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    double z = 1.959963984540054;
    double p = k / (double) n;
    double denom = 1 + z * z / n;
    double centre = (p + z * z / (2.0 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
    return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** The q-quantile (0..1) by linear interpolation between order statistics; NaN when empty. */
  public static double quantile(double[] xs, double q) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  /**
   * Spearman's rank correlation (ties get their mean rank) with a 95% interval from Fisher's z
   * (standard error 1.06 / sqrt(n − 3)); NaN below four pairs or when a side is constant.
   */
  public static Interval spearman(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("spearman: " + x.length + " x values but " + y.length + " y values");
    }
    double r = pearson(ranks(x), ranks(y));
    if (x.length < 4 || Double.isNaN(r)) {
      return new Interval(r, Double.NaN, Double.NaN);
    }
    double z = 0.5 * Math.log((1 + r) / (1 - r));
    double se = 1.06 / Math.sqrt(x.length - 3);
    return new Interval(r, Math.tanh(z - 1.959963984540054 * se), Math.tanh(z + 1.959963984540054 * se));
  }

  static double pearson(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  static double[] ranks(double[] x) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < x.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    double[] rank = new double[x.length];
    int i = 0;
    while (i < x.length) {
      int j = i;
      while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = mid;
      }
      i = j + 1;
    }
    return rank;
  }
}
