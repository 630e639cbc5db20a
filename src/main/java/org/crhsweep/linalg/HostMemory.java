package org.crhsweep.linalg;

import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the science core may touch ND4J's memory directly: on the CPU backend arrays live in host memory, so
 * BLAS and LAPACK can work on them in place and a buffer can be copied out in one block. On other backends
 * (CUDA) everything goes through ND4J's own accessors. The one place that tells the backends apart.
 */
public final class HostMemory {

  /** True on the CPU backend (nd4j-native), false on CUDA. */
  public static final boolean CPU = !Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT)
      .matches(".*(cuda|cublas).*");

  private HostMemory() {}

  /** Whether {@code a} is its whole buffer, from the start, with default strides (no view, no gaps). */
  public static boolean wholeBuffer(INDArray a) {
    return a.offset() == 0 && a.data().length() == a.length() && Shape.hasDefaultStridesForShape(a);
  }

  /**
   * Whether {@code a}'s elements lie in c order without gaps from its buffer's address (a view's offset is part
   * of that address), so BLAS can take it as a vector; strides of size-1 axes do not matter.
   */
  public static boolean dense(INDArray a) {
    long expected = 1;
    for (int d = a.rank() - 1; d >= 0; d--) {
      if (a.size(d) != 1 && a.stride(d) != expected) {
        return false;
      }
      expected *= a.size(d);
    }
    return true;
  }

  /**
   * A float32 or float64 array's first element as the typed pointer BLAS takes (a {@link DoublePointer} or a
   * {@link FloatPointer}; a view's offset is part of its buffer's address). CPU backend only: on CUDA the
   * buffer is device memory.
   */
  public static Pointer pointer(INDArray a) {
    return switch (a.dataType()) {
      case DOUBLE -> new DoublePointer(a.data().addressPointer());
      case FLOAT -> new FloatPointer(a.data().addressPointer());
      default -> throw new IllegalArgumentException("BLAS takes float32 or float64, got " + a.dataType());
    };
  }

  /** An array's first element as a byte address, for copies of any dtype (CPU backend only, as above). */
  public static BytePointer bytes(INDArray a) {
    return new BytePointer(a.data().addressPointer());
  }

  /** The entries of {@code m} in row-major order, as doubles. */
  public static double[] rowMajor(INDArray m) {
    if (!CPU) {
      // Device memory (CUDA): through ND4J's own accessors, which copy to the host first.
      return m.castTo(DataType.DOUBLE).dup('c').reshape(m.length()).toDoubleVector();
    }
    // A dense array is read straight from its buffer (no native op): row-major as is, a column-major
    // matrix transposed here; any other view is copied to row-major first.
    boolean columnMajorMatrix = m.ordering() == 'f' && m.rank() == 2;
    if (!wholeBuffer(m) || (m.ordering() != 'c' && !columnMajorMatrix)) {
      return doubles(m.dup('c').data());
    }
    double[] x = doubles(m.data());
    if (m.ordering() == 'c') {
      return x;
    }
    int rows = (int) m.rows();
    int cols = (int) m.columns();
    double[] out = new double[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = x[j * rows + i];
      }
    }
    return out;
  }

  /**
   * A host buffer's {@code length} elements as doubles: double or float in one block copy (M2.1's
   * {@code DataBuffer.asDouble()} reads element by element through a virtual call), anything else through
   * ND4J's accessor.
   */
  private static double[] doubles(DataBuffer buffer) {
    if (buffer.length() > Integer.MAX_VALUE) {
      return buffer.asDouble();
    }
    int n = (int) buffer.length();
    double[] out = new double[n];
    if (buffer.dataType() == DataType.DOUBLE) {
      new DoublePointer(buffer.addressPointer()).get(out);
    } else if (buffer.dataType() == DataType.FLOAT) {
      float[] f = new float[n];
      new FloatPointer(buffer.addressPointer()).get(f);
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    } else {
      return buffer.asDouble();
    }
    return out;
  }
}
