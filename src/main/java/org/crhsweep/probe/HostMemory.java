package org.crhsweep.probe;

import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the probe may touch ND4J's memory directly: on the CPU backend arrays live in host memory, so
 * LAPACK can work on them in place and a double buffer can be copied out in one block. On other backends
 * (CUDA) everything goes through ND4J's own accessors.
 */
final class HostMemory {

  /** True on the CPU backend (nd4j-native), false on CUDA. */
  static final boolean CPU = !Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT)
      .matches(".*(cuda|cublas).*");

  private HostMemory() {}

  /**
   * The buffer's {@code length} elements as doubles: a double or float buffer in host memory in one block
   * copy (M2.1's {@code DataBuffer.asDouble()} reads element by element through a virtual call), anything
   * else through ND4J's accessor.
   */
  static double[] doubles(DataBuffer buffer) {
    if (!CPU || buffer.length() > Integer.MAX_VALUE) {
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
