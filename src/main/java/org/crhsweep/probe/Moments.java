package org.crhsweep.probe;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
      INDArray norms = rows.norm2(1).reshape(n, 1);
      // A zero vector has no direction; keep it zero instead of dividing by zero.
      Transforms.max(norms, Double.MIN_NORMAL, false);
      x = rows.divColumnVector(norms);
      x = x.subRowVector(x.mean(0));
    }
    return Nd4j.gemm(x, x, true, false).divi(n);
  }
}
