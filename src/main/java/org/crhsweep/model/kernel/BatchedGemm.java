package org.crhsweep.model.kernel;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code C_k = op(A_k) · op(B_k)} for every member k of c-order contiguous [K, rows, cols] arrays, as one BLAS
 * gemm call per member into the OpenBLAS that ND4J's CPU backend itself calls (same library, same thread
 * setting). For a pack's small matrices (batch 8, width 64) ND4J's batched Mmul costs 2-4x these calls; the
 * results are the same numbers. Operands are re-pointed only when a different array object is passed. CPU
 * backend, float32 and float64 only ({@link #supports}); one thread at a time.
 */
final class BatchedGemm {

  private final int models;
  private final boolean f64;
  private final int transA;
  private final int transB;
  /** op(A_k) is m x k, op(B_k) is k x n, C_k is m x n. */
  private final int m;
  private final int n;
  private final int k;
  private final long[] shapeA;
  private final long[] shapeB;
  private final long[] shapeC;
  private final INDArray[] arrays = new INDArray[3];
  private final Pointer[] pointers = new Pointer[3];

  BatchedGemm(DataType dtype, int models, boolean transA, boolean transB, int m, int n, int k) {
    if (!supports(dtype)) {
      throw new IllegalArgumentException("BatchedGemm runs float32 or float64 on the CPU backend, got " + dtype
          + " on " + Nd4j.getBackend().getClass().getSimpleName());
    }
    this.models = models;
    this.f64 = dtype == DataType.DOUBLE;
    this.transA = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    this.transB = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    this.m = m;
    this.n = n;
    this.k = k;
    this.shapeA = transA ? new long[] {models, k, m} : new long[] {models, m, k};
    this.shapeB = transB ? new long[] {models, n, k} : new long[] {models, k, n};
    this.shapeC = new long[] {models, m, n};
  }

  /** Whether BLAS can be called directly: ND4J's CPU backend and a float type it has a gemm for. */
  static boolean supports(DataType dtype) {
    return (dtype == DataType.FLOAT || dtype == DataType.DOUBLE) && HostMemory.CPU;
  }

  /** Operand i (0 = A, 1 = B, 2 = C, the output): a contiguous c-order array of op's [K, ., .] shape. */
  void operand(int i, INDArray a) {
    if (arrays[i] == a) {
      return;
    }
    long[] want = i == 0 ? shapeA : i == 1 ? shapeB : shapeC;
    if (!Arrays.equals(a.shape(), want) || !HostMemory.dense(a)
        || a.dataType() != (f64 ? DataType.DOUBLE : DataType.FLOAT)) {
      throw new IllegalArgumentException("gemm operand " + "ABC".charAt(i) + " must be a contiguous c-order "
          + Arrays.toString(want) + " " + (f64 ? "float64" : "float32") + " array, got " + Arrays.toString(a.shape())
          + " " + a.ordering() + " " + a.dataType() + " strides " + Arrays.toString(a.stride()));
    }
    arrays[i] = a;
    pointers[i] = HostMemory.pointer(a);
  }

  void run() {
    int lda = transA == openblas_nolapack.CblasTrans ? m : k;
    int ldb = transB == openblas_nolapack.CblasTrans ? k : n;
    long perA = (long) m * k;
    long perB = (long) k * n;
    long perC = (long) m * n;
    for (int i = 0; i < models; i++) {
      if (f64) {
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, 1.0,
            (DoublePointer) pointers[0].position(i * perA), lda, (DoublePointer) pointers[1].position(i * perB), ldb,
            0.0, (DoublePointer) pointers[2].position(i * perC), n);
      } else {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA, transB, m, n, k, 1f,
            (FloatPointer) pointers[0].position(i * perA), lda, (FloatPointer) pointers[1].position(i * perB), ldb,
            0f, (FloatPointer) pointers[2].position(i * perC), n);
      }
    }
  }
}
