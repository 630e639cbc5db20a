package org.crhsweep.probe;

import org.crhsweep.linalg.HostBlas;
import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Second moments of per-sample vectors (rows) under the two statistics of docs/science.md. */
public final class Moments {

  private Moments() {}

  /**
   * {@code raw}: E[x xᵀ] over the rows. {@code normalized}: each row scaled to unit norm (zero rows
   * stay zero), then the covariance with the mean row subtracted. A d x d double matrix.
   */
  public static INDArray secondMoment(INDArray rows, Stat stat) {
    int d = (int) rows.columns();
    double[] m = secondMoment(HostMemory.rowMajor(rows), (int) rows.rows(), d, stat);
    return Nd4j.create(m, new long[] {d, d}, DataType.DOUBLE);
  }

  /** The same on n rows of width d stored row-major; the input is left as it is. */
  static double[] secondMoment(double[] rows, int n, int d, Stat stat) {
    double[] x = stat == Stat.NORMALIZED ? normalizedAndCentred(rows, n, d) : rows;
    return HostBlas.gram(x, n, d, 1.0 / n);
  }

  /** Rows scaled to unit norm (a zero row stays zero), then the mean row subtracted; a new array. */
  private static double[] normalizedAndCentred(double[] rows, int n, int d) {
    double[] x = rows.clone();
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      double sq = 0;
      for (int c = 0; c < d; c++) {
        sq += x[r * d + c] * x[r * d + c];
      }
      // A zero vector has no direction; keep it zero instead of dividing by zero.
      double norm = Math.max(Math.sqrt(sq), Double.MIN_NORMAL);
      for (int c = 0; c < d; c++) {
        x[r * d + c] /= norm;
        mean[c] += x[r * d + c];
      }
    }
    for (int c = 0; c < d; c++) {
      mean[c] /= n;
    }
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < d; c++) {
        x[r * d + c] -= mean[c];
      }
    }
    return x;
  }
}
