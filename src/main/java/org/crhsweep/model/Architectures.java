package org.crhsweep.model;

import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.spec.ArchConfig;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.MlpConfig;
import org.crhsweep.spec.ResNetConfig;
import org.crhsweep.spec.TransformerConfig;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the {@link Network} an {@code architecture} entry of a spec names. */
public final class Architectures {

  private Architectures() {}

  /**
   * @param inputDim length of an input row (C·H·W for images)
   * @param image {channels, height, width} of image inputs, or null for flat data
   * @param outputDim output width; for token data the vocabulary (inputDim is then the context length)
   * @param convObservations cap on the observations of a conv probe site and of a transformer site (tokens)
   */
  public static Network build(ArchConfig arch, int inputDim, int[] image, int outputDim, boolean crossEntropy,
      int convObservations, DataType dtype, long seed) {
    if (arch instanceof MlpConfig mlp) {
      return Mlp.build(new MlpShape(inputDim, outputDim, mlp.depth(), mlp.width(), mlp.activation(), mlp.bias(),
          crossEntropy), dtype, seed);
    }
    if (arch instanceof TransformerConfig t) {
      if (image != null || outputDim < 2) {
        throw new IllegalArgumentException("architecture " + t.label() + " needs token data, got " + inputDim
            + " inputs and " + outputDim + " outputs");
      }
      // Token data: an input row is the context window, outputDim the vocabulary.
      return Transformer.build(new TransformerShape(outputDim, inputDim, t.layers(), t.dModel(), t.heads(),
          t.mlpRatio(), t.bias(), convObservations), dtype, seed);
    }
    if (image == null) {
      throw new IllegalArgumentException("architecture " + arch.label() + " needs image data, got flat inputs of "
          + inputDim);
    }
    if (arch instanceof ResNetConfig resnet) {
      return ResNet.build(resnet, image, outputDim, crossEntropy, convObservations, dtype, seed);
    }
    return Cnn.build((CnnConfig) arch, image, outputDim, crossEntropy, convObservations, dtype, seed);
  }
}
