package org.crhsweep.probe;

import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Entry-wise alignment of two matrices of the same shape (docs/science.md, "Six relations"). */
public final class Alignment {

  private Alignment() {}

  /**
   * α(A, B): Pearson correlation of the flattened entries, in [-1, 1]. NaN when either matrix is
   * constant (no variance to correlate).
   */
  public static double pearson(INDArray a, INDArray b) {
    requireSameShape(a, b);
    return pearson(HostMemory.rowMajor(a), HostMemory.rowMajor(b));
  }

  /** Frobenius inner product over the product of Frobenius norms. NaN when either is zero. */
  public static double cosine(INDArray a, INDArray b) {
    requireSameShape(a, b);
    return cosine(HostMemory.rowMajor(a), HostMemory.rowMajor(b));
  }

  /**
   * Expected cosine of A with Q B Qᵀ over Haar-random orthogonal Q, for square d x d matrices:
   * tr(A)·tr(B) / (d·‖A‖_F·‖B‖_F) (exact; docs/science.md, "Chance level").
   */
  public static double nullCosine(INDArray a, INDArray b) {
    requireSameShape(a, b);
    return nullCosine(HostMemory.rowMajor(a), HostMemory.rowMajor(b), (int) a.rows());
  }

  /*
   * The same statistics on matrices flattened in row-major order (double[], HostMemory.rowMajor): the probe's
   * working form, one transfer out of ND4J per matrix instead of a handful of native ops per statistic.
   */

  /** α on flattened matrices of one length. */
  static double pearson(double[] a, double[] b) {
    return pearson(a, b, 0);
  }

  /** α of {@code a} with the {@code a.length} entries of {@code b} that start at {@code offset}. */
  static double pearson(double[] a, double[] b, int offset) {
    double ma = mean(a);
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      mb += b[offset + i];
    }
    mb /= a.length;
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      double x = a[i] - ma;
      double y = b[offset + i] - mb;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return cosineOf(dot, Math.sqrt(na), Math.sqrt(nb));
  }

  /** The Frobenius cosine on flattened matrices of one length. */
  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return cosineOf(dot, Math.sqrt(na), Math.sqrt(nb));
  }

  /** The chance cosine of two flattened d x d matrices. */
  static double nullCosine(double[] a, double[] b, int d) {
    double denom = d * norm(a) * norm(b);
    return denom == 0 ? Double.NaN : trace(a, d) * trace(b, d) / denom;
  }

  /** The trace of a flattened d x d matrix. */
  static double trace(double[] m, int d) {
    double t = 0;
    for (int i = 0; i < d; i++) {
      t += m[i * d + i];
    }
    return t;
  }

  /** The Frobenius norm of a flattened matrix. */
  static double norm(double[] m) {
    double s = 0;
    for (double x : m) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static double mean(double[] m) {
    double s = 0;
    for (double x : m) {
      s += x;
    }
    return s / m.length;
  }

  private static double cosineOf(double dot, double na, double nb) {
    if (na == 0 || nb == 0) {
      return Double.NaN;
    }
    double c = dot / (na * nb);
    // Rounding can push |c| a hair past 1; the definition lives in [-1, 1].
    return Math.max(-1.0, Math.min(1.0, c));
  }

  private static void requireSameShape(INDArray a, INDArray b) {
    if (!java.util.Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException("alignment needs matrices of one shape, got "
          + java.util.Arrays.toString(a.shape()) + " and " + java.util.Arrays.toString(b.shape()));
    }
  }
}
