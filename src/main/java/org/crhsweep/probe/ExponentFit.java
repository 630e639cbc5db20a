package org.crhsweep.probe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.crhsweep.linalg.HostBlas;
import org.crhsweep.linalg.HostMemory;
import org.crhsweep.linalg.SymmetricEigen;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The power law A ∝ B^p of one matrix pair (docs/science.md, "Exponents"): with B = Σ μ_i v_i v_iᵀ,
 * a_i = v_iᵀ A v_i over eigenvalues above {@code cutoff · max μ}, least squares of log a_i on
 * log μ_i gives p with its 95% t-interval and R²; {@code bestAlpha} is max over p ∈ [-3, 3] of
 * α(A, B^p), the matrix power taken on the retained eigen-directions.
 *
 * @param n number of eigen-directions used in the regression (NaN fit when fewer than 3)
 */
public record ExponentFit(double p, double pLo, double pHi, double r2, int n, double bestAlpha, double bestP) {

  /** Grid of exponents searched for the best alignment: -3 to 3 in steps of 0.05. */
  static final double P_MIN = -3.0;
  static final double P_MAX = 3.0;
  static final double P_STEP = 0.05;

  /**
   * The t quantile by degrees of freedom (at most the layer width): commons-math builds a random generator
   * in every {@code TDistribution} it constructs (the {@code null} generator here skips that) and solves for
   * the quantile iteratively, together a seventh of the probe's time before this cache.
   */
  private static final Map<Integer, Double> T975 = new ConcurrentHashMap<>();

  public static ExponentFit fit(INDArray a, INDArray b, double cutoff) {
    return fit(a, SymmetricEigen.of(b), cutoff);
  }

  /** Same, reusing B's eigendecomposition (one B serves several pairs). */
  public static ExponentFit fit(INDArray a, SymmetricEigen eigB, double cutoff) {
    return fit(HostMemory.rowMajor(a), eigB, cutoff);
  }

  /** Same, with A flattened row-major: one product A·V, the rest on the flat arrays. */
  static ExponentFit fit(double[] aFlat, SymmetricEigen eigB, double cutoff) {
    double[] mu = eigB.values();
    double[] vFlat = eigB.vectorRows();
    int d = mu.length;
    double muMax = 0;
    for (double m : mu) {
      muMax = Math.max(muMax, m);
    }
    // Projections a_i = v_iᵀ A v_i of A on B's eigenvectors, and (1ᵀv_i)² (for entry means of B^p).
    double[] av = HostBlas.gemm(aFlat, d, d, false, vFlat, d, d, false, 1.0);
    double[] ai = new double[d];
    double[] ones = new double[d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < d; i++) {
        ai[i] += av[j * d + i] * vFlat[j * d + i];
        ones[i] += vFlat[j * d + i];
      }
    }
    int kept = 0;
    for (int i = 0; i < d; i++) {
      if (muMax > 0 && mu[i] > cutoff * muMax) {
        kept++;
      }
    }
    double[] keptMu = new double[kept];
    double[] keptA = new double[kept];
    double[] keptOnes = new double[kept];
    int k = 0;
    for (int i = 0; i < d; i++) {
      if (muMax > 0 && mu[i] > cutoff * muMax) {
        keptMu[k] = mu[i];
        keptA[k] = ai[i];
        keptOnes[k] = ones[i] * ones[i];
        k++;
      }
    }
    double[] line = regress(keptMu, keptA);
    double[] best = bestAlignment(aFlat, keptMu, keptA, keptOnes, d);
    return new ExponentFit(line[0], line[1], line[2], line[3], (int) line[4], best[0], best[1]);
  }

  /** Least squares of log a on log μ over entries with a > 0: {p, lo, hi, r2, n}. */
  static double[] regress(double[] mu, double[] a) {
    int n = 0;
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < mu.length; i++) {
      if (a[i] > 0) {
        n++;
        sx += Math.log(mu[i]);
        sy += Math.log(a[i]);
      }
    }
    if (n < 3) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, n};
    }
    double mx = sx / n;
    double my = sy / n;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < mu.length; i++) {
      if (a[i] > 0) {
        double dx = Math.log(mu[i]) - mx;
        double dy = Math.log(a[i]) - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
      }
    }
    if (sxx == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, n};
    }
    double p = sxy / sxx;
    double sse = Math.max(0, syy - p * sxy);
    double r2 = syy == 0 ? 1.0 : 1.0 - sse / syy;
    double se = Math.sqrt(sse / (n - 2) / sxx);
    double t = T975.computeIfAbsent(n - 2, df -> new TDistribution(null, df).inverseCumulativeProbability(0.975));
    return new double[] {p, p - t * se, p + t * se, r2, n};
  }

  /**
   * max over the p grid of Pearson(A, B^p), computed from the eigen-projections alone:
   * ΣA∘B^p = Σ μ_i^p a_i, Σ(B^p) = Σ μ_i^p (1ᵀv_i)², ‖B^p‖² = Σ μ_i^{2p}. Returns {alpha, p}.
   */
  static double[] bestAlignment(double[] a, double[] mu, double[] ai, double[] onesSq, int d) {
    double entries = (double) d * d;
    double sumA = 0;
    double sqA = 0;
    for (double x : a) {
      sumA += x;
      sqA += x * x;
    }
    double meanA = sumA / entries;
    double varA = sqA / entries - meanA * meanA;
    double bestAlpha = Double.NaN;
    double bestP = Double.NaN;
    if (mu.length == 0 || varA <= 0) {
      return new double[] {bestAlpha, bestP};
    }
    int steps = (int) Math.round((P_MAX - P_MIN) / P_STEP);
    // μ_i^p along the grid by one multiplication per step (μ_i^{P_MIN} times (μ_i^{P_STEP})^s) instead of a
    // Math.pow per entry and step; the product drifts from pow by ~s ulps, far below any difference that matters.
    double[] w = new double[mu.length];
    double[] stepFactor = new double[mu.length];
    for (int i = 0; i < mu.length; i++) {
      w[i] = Math.pow(mu[i], P_MIN);
      stepFactor[i] = Math.pow(mu[i], P_STEP);
    }
    for (int s = 0; s <= steps; s++) {
      double p = P_MIN + s * P_STEP;
      double cross = 0;
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < mu.length; i++) {
        cross += w[i] * ai[i];
        sum += w[i] * onesSq[i];
        sq += w[i] * w[i];
        w[i] *= stepFactor[i];
      }
      double meanB = sum / entries;
      double varB = sq / entries - meanB * meanB;
      if (varB <= 0) {
        continue;
      }
      double alpha = (cross / entries - meanA * meanB) / Math.sqrt(varA * varB);
      if (Double.isNaN(bestAlpha) || alpha > bestAlpha) {
        bestAlpha = Math.max(-1, Math.min(1, alpha));
        bestP = Math.round(p * 100) / 100.0;
      }
    }
    return new double[] {bestAlpha, bestP};
  }

  /** B^p on the eigen-directions above the cutoff (the matrix the best alignment is taken with). */
  public static INDArray power(SymmetricEigen eig, double p, double cutoff) {
    double[] mu = eig.values();
    double muMax = 0;
    for (double m : mu) {
      muMax = Math.max(muMax, m);
    }
    double[] w = new double[mu.length];
    for (int i = 0; i < mu.length; i++) {
      w[i] = muMax > 0 && mu[i] > cutoff * muMax ? Math.pow(mu[i], p) : 0.0;
    }
    INDArray v = eig.vectors();
    return v.mulRowVector(Nd4j.createFromArray(w)).mmul(v.transpose());
  }
}
