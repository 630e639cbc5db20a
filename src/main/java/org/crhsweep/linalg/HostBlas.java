package org.crhsweep.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * Dense algebra on row-major {@code double[]} matrices (the probe's products and eigendecompositions), one
 * OpenBLAS/LAPACK call each: the same library (and the same JavaCPP binding) that ND4J's CPU backend
 * dispatches its own gemm and syev to.
 * Probe matrices are small (d = 4 to a few hundred) and many (~30 products and ~8 eigendecompositions per
 * layer and measurement): an ND4J op costs 20-40 µs of shape, buffer and context set-up before it
 * computes, several times the arithmetic at these sizes; a direct call costs about 1 µs. Every matrix here
 * lives in host memory whatever the ND4J backend.
 */
public final class HostBlas {

  private HostBlas() {}

  /**
   * {@code alpha · op(A) · op(B)}, a new m x n array; op transposes when asked. {@code a} is stored
   * {@code aRows x aCols} and {@code b} {@code bRows x bCols}, both row-major.
   */
  public static double[] gemm(double[] a, int aRows, int aCols, boolean transA, double[] b, int bRows, int bCols,
      boolean transB, double alpha) {
    int m = transA ? aCols : aRows;
    int k = transA ? aRows : aCols;
    int kb = transB ? bCols : bRows;
    int n = transB ? bRows : bCols;
    if (k != kb) {
      throw new IllegalArgumentException("gemm: inner dimensions differ, " + k + " vs " + kb);
    }
    double[] c = new double[m * n];
    if (m == 0 || n == 0) {
      return c;
    }
    openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, a, Math.max(1, aCols), b,
        Math.max(1, bCols), 0.0, c, n);
    return c;
  }

  /** {@code alpha · XᵀX} for X stored {@code rows x cols} row-major: a cols x cols symmetric matrix. */
  public static double[] gram(double[] x, int rows, int cols, double alpha) {
    return symmetricProduct(x, rows, cols, true, alpha);
  }

  /** {@code alpha · X Xᵀ} for X stored {@code rows x cols} row-major: a rows x rows symmetric matrix. */
  public static double[] outerGram(double[] x, int rows, int cols, double alpha) {
    return symmetricProduct(x, rows, cols, false, alpha);
  }

  /** One triangle by {@code dsyrk} (half a general product's work), mirrored into the other. */
  private static double[] symmetricProduct(double[] x, int rows, int cols, boolean transposeFirst, double alpha) {
    int n = transposeFirst ? cols : rows;
    int k = transposeFirst ? rows : cols;
    double[] c = new double[n * n];
    if (n == 0 || k == 0) {
      return c;
    }
    openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper,
        transposeFirst ? openblas.CblasTrans : openblas.CblasNoTrans, n, k, alpha, x, Math.max(1, cols), 0.0, c, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        c[i * n + j] = c[j * n + i];
      }
    }
    return c;
  }

  /**
   * LAPACK's divide-and-conquer {@code dsyevd} on a symmetric d x d matrix: overwrites {@code work} with the
   * eigenvectors (eigenvector i in column i, row-major) and returns the info code (0 on success).
   */
  public static int symmetricEigen(double[] work, int d, double[] values) {
    return openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', d, work, d, values);
  }
}
