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
 * {@link MlpKernel}'s broadcast, difference and scaling steps as BLAS level-1/2 calls ({@code ger}, {@code copy},
 * {@code axpy}, {@code scal}) on the arrays' own memory, for the CPU backend where {@link BatchedGemm} runs the
 * products. Each replaces an ND4J custom op whose per-call cost (2-5 µs for a 16 x 32 batch, about twice that
 * when two tasks share a JVM, as libnd4j's op machinery is shared) was most of a small step. The arithmetic is
 * the ops' own, one rounding per element in the same order, so the numbers are the same to the bit
 * ({@code BlasStepsTest}). Arrays must be dense c-order float32/float64; input 1 may be re-pointed between runs.
 */
final class BlasSteps {

  private BlasSteps() {}

  /** A dense array's address, re-made only when a different array object is given. */
  private static final class Operand {
    private final long[] shape;
    private final DataType dtype;
    private INDArray array;
    private Pointer pointer;

    Operand(INDArray a) {
      this.shape = a.shape();
      this.dtype = a.dataType();
      set(a);
    }

    void set(INDArray a) {
      if (a == array) {
        return;
      }
      if (!Arrays.equals(a.shape(), shape) || a.dataType() != dtype || !HostMemory.dense(a)) {
        throw new IllegalArgumentException("operand must be a dense c-order " + Arrays.toString(shape) + " " + dtype
            + " array, got " + Arrays.toString(a.shape()) + " " + a.dataType() + " strides "
            + Arrays.toString(a.stride()));
      }
      array = a;
      pointer = HostMemory.pointer(a);
    }

    Pointer at(long element) {
      return pointer.position(element);
    }
  }

  /** {@code a_k += 1·b_kᵀ} for every member k: a is [K, B, d], b (input 1) is [K, 1, d]. */
  static KernelStep addRow(INDArray a, INDArray b) {
    int models = (int) a.size(0);
    int rows = (int) a.size(1);
    int cols = (int) a.size(2);
    boolean f64 = a.dataType() == DataType.DOUBLE;
    Operand out = new Operand(a);
    Operand row = new Operand(b);
    Operand ones = new Operand(Nd4j.ones(a.dataType(), rows));
    return new KernelStep() {
      @Override
      public void input(int i, INDArray x) {
        if (i != 1) {
          throw new IllegalArgumentException("addRow re-points input 1 (the row) only, got " + i);
        }
        row.set(x);
      }

      @Override
      public void run() {
        for (int k = 0; k < models; k++) {
          if (f64) {
            openblas_nolapack.cblas_dger(openblas_nolapack.CblasRowMajor, rows, cols, 1.0, (DoublePointer) ones.at(0),
                1, (DoublePointer) row.at((long) k * cols), 1, (DoublePointer) out.at((long) k * rows * cols), cols);
          } else {
            openblas_nolapack.cblas_sger(openblas_nolapack.CblasRowMajor, rows, cols, 1f, (FloatPointer) ones.at(0),
                1, (FloatPointer) row.at((long) k * cols), 1, (FloatPointer) out.at((long) k * rows * cols), cols);
          }
        }
      }
    };
  }

  /** {@code d = a − y}, all of one shape; y is input 1. */
  static KernelStep difference(INDArray a, INDArray y, INDArray d) {
    int n = Math.toIntExact(a.length());
    boolean f64 = a.dataType() == DataType.DOUBLE;
    Operand from = new Operand(a);
    Operand minus = new Operand(y);
    Operand to = new Operand(d);
    return new KernelStep() {
      @Override
      public void input(int i, INDArray x) {
        if (i != 1) {
          throw new IllegalArgumentException("difference re-points input 1 (y) only, got " + i);
        }
        minus.set(x);
      }

      @Override
      public void run() {
        if (f64) {
          openblas_nolapack.cblas_dcopy(n, (DoublePointer) from.at(0), 1, (DoublePointer) to.at(0), 1);
          openblas_nolapack.cblas_daxpy(n, -1.0, (DoublePointer) minus.at(0), 1, (DoublePointer) to.at(0), 1);
        } else {
          openblas_nolapack.cblas_scopy(n, (FloatPointer) from.at(0), 1, (FloatPointer) to.at(0), 1);
          openblas_nolapack.cblas_saxpy(n, -1f, (FloatPointer) minus.at(0), 1, (FloatPointer) to.at(0), 1);
        }
      }
    };
  }

  /** {@code x *= s} in place, s taken in x's type as ND4J's scalar operand is. */
  static KernelStep scale(INDArray x, double s) {
    int n = Math.toIntExact(x.length());
    boolean f64 = x.dataType() == DataType.DOUBLE;
    Operand target = new Operand(x);
    return () -> {
      if (f64) {
        openblas_nolapack.cblas_dscal(n, s, (DoublePointer) target.at(0), 1);
      } else {
        openblas_nolapack.cblas_sscal(n, (float) s, (FloatPointer) target.at(0), 1);
      }
    };
  }
}
