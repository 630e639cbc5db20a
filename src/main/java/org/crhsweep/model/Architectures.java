package org.crhsweep.model;

import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.spec.ArchConfig;
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
    return arch.match(
        mlp -> Mlp.build(new MlpShape(inputDim, outputDim, mlp.depth(), mlp.width(), mlp.activation(), mlp.bias(),
            crossEntropy), dtype, seed),
        cnn -> Cnn.build(cnn, images(arch, image, inputDim), outputDim, crossEntropy, convObservations, dtype, seed),
        resnet -> ResNet.build(resnet, images(arch, image, inputDim), outputDim, crossEntropy, convObservations,
            dtype, seed),
        t -> {
          if (image != null || outputDim < 2) {
            throw new IllegalArgumentException("architecture " + t.label() + " needs token data, got " + inputDim
                + " inputs and " + outputDim + " outputs");
          }
          // Token data: an input row is the context window, outputDim the vocabulary.
          return Transformer.build(new TransformerShape(outputDim, inputDim, t.layers(), t.dModel(), t.heads(),
              t.mlpRatio(), t.bias(), convObservations), dtype, seed);
        });
  }

  /** The image shape a convolutional architecture needs; flat data is an error. */
  private static int[] images(ArchConfig arch, int[] image, int inputDim) {
    if (image == null) {
      throw new IllegalArgumentException("architecture " + arch.label() + " needs image data, got flat inputs of "
          + inputDim);
    }
    return image;
  }
}
