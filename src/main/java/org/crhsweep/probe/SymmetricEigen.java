package org.crhsweep.probe;

import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition of a symmetric matrix through ND4J's LAPACK binding: B = V diag(μ) Vᵀ with
 * orthonormal eigenvectors as the columns of V, eigenvalues ascending.
 */
public record SymmetricEigen(double[] values, INDArray vectors) {

  public static SymmetricEigen of(INDArray symmetric) {
    // LAPACK overwrites its input with the eigenvectors; symmetrize a copy so rounding noise in
    // the off-diagonal does not leak into the result.
    INDArray d = symmetric.castTo(DataType.DOUBLE);
    INDArray work = d.add(d.transpose()).muli(0.5).dup('c');
    INDArray mu = Eigen.symmetricGeneralizedEigenvalues(work, true);
    return new SymmetricEigen(mu.toDoubleVector(), work);
  }

  /**
   * The same from a symmetric d x d matrix flattened row-major: symmetrized in Java, one LAPACK call,
   * the divide-and-conquer driver {@code dsyevd} of the OpenBLAS that ND4J itself links (ND4J's
   * {@link Eigen} calls {@code dsyev}, which is 1.7-2x slower for d = 32 to 128 and the probe's largest
   * single cost). Same eigenvalues, ascending; eigenvectors equal up to sign, which nothing here uses.
   */
  static SymmetricEigen of(double[] symmetric, int d) {
    double[] w = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        w[i * d + j] = (symmetric[i * d + j] + symmetric[j * d + i]) * 0.5;
      }
    }
    if (!HostMemory.CPU) {
      return withNd4j(w, d);
    }
    INDArray work = Nd4j.create(w, new long[] {d, d}, DataType.DOUBLE);
    INDArray mu = Nd4j.create(DataType.DOUBLE, d);
    int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', d,
        new DoublePointer(work.data().addressPointer()), d, new DoublePointer(mu.data().addressPointer()));
    if (info != 0) {
      // No convergence (a diverging run's matrices hold inf/NaN): ND4J's own path decides, as it always did.
      return withNd4j(w, d);
    }
    return new SymmetricEigen(mu.toDoubleVector(), work);
  }

  private static SymmetricEigen withNd4j(double[] symmetric, int d) {
    INDArray work = Nd4j.create(symmetric, new long[] {d, d}, DataType.DOUBLE);
    return new SymmetricEigen(Eigen.symmetricGeneralizedEigenvalues(work, true).toDoubleVector(), work);
  }

  /** A Haar-distributed random orthogonal d x d matrix from a seed (eigenvectors of a GOE matrix). */
  public static INDArray randomOrthogonal(int d, long seed) {
    Random rng = new Random(seed);
    double[] g = new double[d * d];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextGaussian();
    }
    INDArray m = Nd4j.create(g, new long[] {d, d}, DataType.DOUBLE);
    // LAPACK fixes each eigenvector's sign; random signs make the distribution exactly Haar.
    double[] signs = new double[d];
    for (int i = 0; i < d; i++) {
      signs[i] = rng.nextBoolean() ? 1.0 : -1.0;
    }
    return of(m).vectors().mulRowVector(Nd4j.createFromArray(signs));
  }
}
