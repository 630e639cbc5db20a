package org.crhsweep.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Second moments of per-sample vectors (rows) under the two statistics of SCIENCE.md. */
public final class Moments {

  private Moments() {}

  /**
   * {@code raw}: E[x xᵀ] over the rows. {@code normalized}: each row scaled to unit norm (zero rows
   * stay zero), then the covariance with the mean row subtracted.
   */
  public static INDArray secondMoment(INDArray rows, Stat stat) {
    long n = rows.rows();
    INDArray x = rows;
    if (stat == Stat.NORMALIZED) {
      x = normalizedAndCentred(rows);
    }
    // The 1/n rides on the GEMM's alpha: one native op, not two.
    INDArray out = Nd4j.create(x.dataType(), x.columns(), x.columns());
    return Nd4j.gemm(x, x, out, true, false, 1.0 / n, 0.0);
  }

  /** Rows scaled to unit norm (a zero row stays zero), then the mean row subtracted: in Java, one transfer. */
  private static INDArray normalizedAndCentred(INDArray rows) {
    int n = (int) rows.rows();
    int d = (int) rows.columns();
    double[] x = Alignment.flat(rows);
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
    return Nd4j.create(x, new long[] {n, d}, DataType.DOUBLE).castTo(rows.dataType());
  }
}
