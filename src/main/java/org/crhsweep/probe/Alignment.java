package org.crhsweep.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Entry-wise alignment of two matrices of the same shape (SCIENCE.md, "Six alignment relations"). */
public final class Alignment {

  private Alignment() {}

  /**
   * α(A, B): Pearson correlation of the flattened entries, in [-1, 1]. NaN when either matrix is
   * constant (no variance to correlate).
   */
  public static double pearson(INDArray a, INDArray b) {
    requireSameShape(a, b);
    INDArray ca = a.sub(a.meanNumber());
    INDArray cb = b.sub(b.meanNumber());
    return cosineOf(ca, cb);
  }

  /** Frobenius inner product over the product of Frobenius norms. NaN when either is zero. */
  public static double cosine(INDArray a, INDArray b) {
    requireSameShape(a, b);
    return cosineOf(a, b);
  }

  /**
   * Expected cosine of A with Q B Qᵀ over Haar-random orthogonal Q, for square d x d matrices:
   * tr(A)·tr(B) / (d·‖A‖_F·‖B‖_F) (exact; SCIENCE.md "Chance level").
   */
  public static double nullCosine(INDArray a, INDArray b) {
    requireSameShape(a, b);
    long d = a.rows();
    double denom = d * a.norm2Number().doubleValue() * b.norm2Number().doubleValue();
    return denom == 0 ? Double.NaN : trace(a) * trace(b) / denom;
  }

  static double trace(INDArray m) {
    double t = 0;
    long d = Math.min(m.rows(), m.columns());
    for (long i = 0; i < d; i++) {
      t += m.getDouble(i, i);
    }
    return t;
  }

  private static double cosineOf(INDArray a, INDArray b) {
    double na = a.norm2Number().doubleValue();
    double nb = b.norm2Number().doubleValue();
    if (na == 0 || nb == 0) {
      return Double.NaN;
    }
    double dot = a.mul(b).sumNumber().doubleValue();
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
