package org.crhsweep.probe;

import org.crhsweep.linalg.SymmetricEigen;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Neural collapse NC1 (Papyan, Han and Donoho 2020) of features h (one row per sample) with one-hot
 * labels: {@code tr(Σ_W Σ_B⁺) / C}, where Σ_W = mean over samples of (h − μ_class)(h − μ_class)ᵀ, Σ_B
 * = mean over classes of (μ_c − μ_G)(μ_c − μ_G)ᵀ, μ_G the mean of all samples, and C the number of
 * classes present. 0 when every class has collapsed to its mean; NaN with fewer than two classes.
 *
 * <p>Σ_B = M Mᵀ / C for the d x C matrix M of centred class means, so Σ_B⁺ = Σ_i (C / s_i²) u_i u_iᵀ
 * over M's singular pairs with s_i > 0; u_i comes from the C x C Gram matrix, so no d x d matrix
 * is ever formed.
 */
public final class NeuralCollapse {

  /** Squared singular values below this fraction of the largest count as zero (rank Σ_B ≤ C − 1). */
  private static final double RELATIVE_CUTOFF = 1e-8;

  private NeuralCollapse() {}

  public static double nc1(INDArray features, INDArray oneHot) {
    INDArray h = features.castTo(DataType.DOUBLE);
    INDArray y = oneHot.castTo(DataType.DOUBLE);
    long n = h.rows();
    double[] counts = y.sum(0).toDoubleVector();
    int present = 0;
    for (double c : counts) {
      present += c > 0 ? 1 : 0;
    }
    if (present < 2) {
      return Double.NaN;
    }
    int[] cols = new int[present];
    int j = 0;
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0) {
        cols[j++] = c;
      }
    }
    INDArray yp = y.getColumns(cols);
    INDArray countRow = yp.sum(0).reshape(1, present);
    // Class means as rows (C x d), the global mean, within-class deviations (N x d).
    INDArray means = yp.transpose().mmul(h).diviColumnVector(countRow.transpose());
    INDArray global = h.mean(0).reshape(1, h.columns());
    INDArray within = h.sub(yp.mmul(means));
    INDArray m = means.subRowVector(global);
    SymmetricEigen gram = SymmetricEigen.of(m.mmul(m.transpose()));
    double[] s2 = gram.values();
    double top = 0;
    for (double v : s2) {
      top = Math.max(top, v);
    }
    if (!(top > 0)) {
      return Double.NaN;
    }
    double trace = 0;
    for (int i = 0; i < s2.length; i++) {
      if (s2[i] <= top * RELATIVE_CUTOFF) {
        continue;
      }
      // u_i = Mᵀ v_i / s_i (d-vector); u_iᵀ Σ_W u_i = ‖within · u_i‖² / N.
      INDArray u = m.transpose().mmul(gram.vectors().getColumn(i).reshape(present, 1)).divi(Math.sqrt(s2[i]));
      double projected = within.mmul(u).norm2Number().doubleValue();
      trace += (present / s2[i]) * projected * projected / n;
    }
    return trace / present;
  }
}
