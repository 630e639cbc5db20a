package org.crhsweep.probe;

import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
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
   * The buffer's {@code length} elements as doubles. A double buffer in host memory is copied in one
   * block: M2.1's {@code DataBuffer.asDouble()} reads element by element through a virtual call and was
   * over a third of the probe's time.
   */
  static double[] doubles(DataBuffer buffer) {
    if (!CPU || buffer.dataType() != DataType.DOUBLE || buffer.length() > Integer.MAX_VALUE) {
      return buffer.asDouble();
    }
    double[] out = new double[(int) buffer.length()];
    new DoublePointer(buffer.addressPointer()).get(out);
    return out;
  }
}
