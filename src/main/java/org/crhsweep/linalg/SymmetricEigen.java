package org.crhsweep.linalg;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition of a symmetric d x d matrix: B = V diag(μ) Vᵀ with orthonormal eigenvectors as the
 * columns of V (stored row-major in {@code vectorRows}), eigenvalues ascending.
 */
public record SymmetricEigen(double[] values, double[] vectorRows) {

  public SymmetricEigen {
    if (vectorRows.length != values.length * values.length) {
      throw new IllegalArgumentException("eigenvectors of a " + values.length + " x " + values.length
          + " matrix need " + values.length * values.length + " entries, got " + vectorRows.length);
    }
  }

  /** Of an ND4J matrix (any dtype or layout). */
  public static SymmetricEigen of(INDArray symmetric) {
    return of(HostMemory.rowMajor(symmetric), (int) symmetric.rows());
  }

  /**
   * Of a symmetric d x d matrix flattened row-major: symmetrized in a copy (so rounding noise in the
   * off-diagonal does not leak in), then one call of LAPACK's divide-and-conquer driver {@code dsyevd}
   * (ND4J's {@link Eigen} calls {@code dsyev}, 1.7-2x slower for d = 32 to 128). When dsyevd does not
   * converge (a diverging run's matrices hold inf/NaN), ND4J's own path decides, as it always did.
   */
  public static SymmetricEigen of(double[] symmetric, int d) {
    double[] w = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        w[i * d + j] = (symmetric[i * d + j] + symmetric[j * d + i]) * 0.5;
      }
    }
    double[] mu = new double[d];
    if (HostBlas.symmetricEigen(w, d, mu) == 0) {
      return new SymmetricEigen(mu, w);
    }
    return viaNd4j(symmetric, d);
  }

  /** The same through ND4J's {@link Eigen} ({@code dsyev}): the reference, and the fallback above. */
  public static SymmetricEigen viaNd4j(double[] symmetric, int d) {
    INDArray m = Nd4j.create(symmetric, new long[] {d, d}, DataType.DOUBLE);
    INDArray work = m.add(m.transpose()).muli(0.5).dup('c');
    double[] values = Eigen.symmetricGeneralizedEigenvalues(work, true).toDoubleVector();
    return new SymmetricEigen(values, HostMemory.rowMajor(work));
  }

  /** The dimension d. */
  public int dim() {
    return values.length;
  }

  /** V as an ND4J matrix (eigenvector i in column i). */
  public INDArray vectors() {
    return Nd4j.create(vectorRows.clone(), new long[] {dim(), dim()}, DataType.DOUBLE);
  }

  /** A Haar-distributed random orthogonal d x d matrix from a seed (eigenvectors of a GOE matrix). */
  public static INDArray randomOrthogonal(int d, long seed) {
    Random rng = new Random(seed);
    double[] g = new double[d * d];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextGaussian();
    }
    // ND4J's dsyev path, as since the first release: the seeded rotations (and so every recorded null) stay
    // the same numbers; it runs once per dimension and run.
    INDArray v = viaNd4j(g, d).vectors();
    // LAPACK fixes each eigenvector's sign; random signs make the distribution exactly Haar.
    double[] signs = new double[d];
    for (int i = 0; i < d; i++) {
      signs[i] = rng.nextBoolean() ? 1.0 : -1.0;
    }
    return v.mulRowVector(Nd4j.createFromArray(signs));
  }
}
