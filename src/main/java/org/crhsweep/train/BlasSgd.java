package org.crhsweep.train;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.crhsweep.linalg.HostMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Trainer}'s plain SGD step for one parameter, {@code W ← (1 − ηγ)W − η∇W}, as BLAS {@code scal} and
 * {@code axpy} on the arrays' own memory on ND4J's CPU backend: the calls ND4J's {@code muli} and level-1
 * {@code axpy} end in, without the per-call op set-up (shape buffers, pointers and views that the garbage
 * collector and ND4J's deallocator threads then have to clear: a fifth of a core at quickstart sizes). Pointers
 * are made once per array object. Elsewhere (CUDA, other dtypes, arrays that are not dense in c order, such as a
 * matrix column) {@link #step} declines and Trainer keeps ND4J's ops. One per parameter and run, one thread.
 */
final class BlasSgd {

  private INDArray w;
  private INDArray g;
  private boolean usable;
  private Pointer wp;
  private Pointer gp;

  /**
   * One step on {@code w} (in place) with gradient {@code g}; {@code scale} = 1 − ηγ (1: no decay). Returns
   * false, having done nothing, where BLAS cannot take the arrays (see the class comment).
   */
  boolean step(INDArray w, INDArray g, double scale, double lr) {
    if (w != this.w || g != this.g) {
      this.w = w;
      this.g = g;
      usable = usable(w, g);
      if (usable) {
        // Both dense in c order with one shape: entry i of one is entry i of the other.
        wp = HostMemory.pointer(w);
        gp = HostMemory.pointer(g);
      }
    }
    if (!usable) {
      return false;
    }
    int n = (int) w.length();
    if (wp instanceof DoublePointer wd) {
      if (scale != 1) {
        openblas_nolapack.cblas_dscal(n, scale, wd, 1);
      }
      openblas_nolapack.cblas_daxpy(n, -lr, (DoublePointer) gp, 1, wd, 1);
    } else {
      FloatPointer wf = (FloatPointer) wp;
      if (scale != 1) {
        openblas_nolapack.cblas_sscal(n, (float) scale, wf, 1);
      }
      openblas_nolapack.cblas_saxpy(n, (float) -lr, (FloatPointer) gp, 1, wf, 1);
    }
    return true;
  }

  /** CPU backend, float32 or float64, one dtype and shape, both dense in c order. */
  private static boolean usable(INDArray w, INDArray g) {
    return HostMemory.CPU && w.dataType() == g.dataType()
        && (w.dataType() == DataType.FLOAT || w.dataType() == DataType.DOUBLE)
        && java.util.Arrays.equals(w.shape(), g.shape()) && w.length() <= Integer.MAX_VALUE
        && HostMemory.dense(w) && HostMemory.dense(g);
  }
}
