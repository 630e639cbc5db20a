package org.crhsweep.model;

import org.crhsweep.spec.ArchConfig;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.MlpConfig;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the {@link Network} an {@code architecture} entry of a spec names. */
public final class Architectures {

  private Architectures() {}

  /**
   * @param inputDim length of an input row (C·H·W for images)
   * @param image {channels, height, width} of image inputs, or null for flat data
   * @param convObservations cap on the observations of a conv probe site
   */
  public static Network build(ArchConfig arch, int inputDim, int[] image, int outputDim, boolean crossEntropy,
      int convObservations, DataType dtype, long seed) {
    if (arch instanceof MlpConfig mlp) {
      return Mlp.build(new MlpShape(inputDim, outputDim, mlp.depth(), mlp.width(), mlp.activation(), mlp.bias(),
          crossEntropy), dtype, seed);
    }
    CnnConfig cnn = (CnnConfig) arch;
    if (image == null) {
      throw new IllegalArgumentException("architecture " + cnn.label() + " needs image data, got flat inputs of "
          + inputDim);
    }
    return Cnn.build(cnn, image, outputDim, crossEntropy, convObservations, dtype, seed);
  }
}
