package org.crhsweep.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A least-squares slope of y on x pooled over groups that each keep their own intercept (a
 * fixed-effects regression): within every group x and y are centred, then one slope fits all. Its
 * 95% t-interval uses the residual variance with n − groups − 1 degrees of freedom. Groups with a
 * single distinct x carry no information about the slope and are left out.
 */
public final class GroupedSlope {

  /** The fitted slope with its interval, and how many points and groups it rests on. */
  public record Fit(double slope, double lo, double hi, int points, int groups) {

    public Stats.Interval interval() {
      return new Stats.Interval(slope, lo, hi);
    }
  }

  private final Map<Object, List<double[]>> groups = new LinkedHashMap<>();

  /** Adds one observation; non-finite x or y is ignored. */
  public GroupedSlope add(Object group, double x, double y) {
    if (Double.isFinite(x) && Double.isFinite(y)) {
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new double[] {x, y});
    }
    return this;
  }

  /** The slope; NaN everywhere when no group has two distinct x, NaN bounds without residual freedom. */
  public Fit fit() {
    double sxy = 0;
    double sxx = 0;
    int n = 0;
    int g = 0;
    List<double[]> centred = new ArrayList<>();
    for (List<double[]> rows : groups.values()) {
      double mx = 0;
      double my = 0;
      for (double[] r : rows) {
        mx += r[0];
        my += r[1];
      }
      mx /= rows.size();
      my /= rows.size();
      double gxx = 0;
      for (double[] r : rows) {
        gxx += (r[0] - mx) * (r[0] - mx);
      }
      if (gxx <= 0) {
        continue;
      }
      g++;
      for (double[] r : rows) {
        double cx = r[0] - mx;
        double cy = r[1] - my;
        centred.add(new double[] {cx, cy});
        sxy += cx * cy;
        sxx += cx * cx;
        n++;
      }
    }
    if (g == 0) {
      return new Fit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }
    double slope = sxy / sxx;
    double rss = 0;
    for (double[] c : centred) {
      double e = c[1] - slope * c[0];
      rss += e * e;
    }
    int df = n - g - 1;
    double half = df < 1 ? Double.NaN : Stats.t975(df) * Math.sqrt(rss / df / sxx);
    return new Fit(slope, slope - half, slope + half, n, g);
  }
}
