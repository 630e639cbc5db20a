package org.crhsweep.model;

import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.spec.ArchConfig;
import org.crhsweep.spec.ProbeSpec;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the {@link Network} an {@code architecture} entry of a spec names. */
public final class Architectures {

  private Architectures() {}

  /**
   * The network of {@code arch} in {@code dtype}, initialised from {@code seed}; the data's sizes go in by name
   * (DJL's way: {@code set...} required, {@code opt...} optional).
   */
  public static Builder builder(ArchConfig arch, DataType dtype, long seed) {
    return new Builder(arch, dtype, seed);
  }

  /** The sizes of the data a network is built for; {@link #build} checks that the required ones are set. */
  public static final class Builder {
    private final ArchConfig arch;
    private final DataType dtype;
    private final long seed;
    private Integer inputDim;
    private Integer outputDim;
    private int[] image;
    private boolean crossEntropy;
    private int convObservations = ProbeSpec.DEFAULT_CONV_OBSERVATIONS;

    private Builder(ArchConfig arch, DataType dtype, long seed) {
      if (arch == null || dtype == null) {
        throw new IllegalArgumentException("a network needs an architecture and a data type, got " + arch + ", "
            + dtype);
      }
      this.arch = arch;
      this.dtype = dtype;
      this.seed = seed;
    }

    /** Length of an input row (C·H·W for images; for token data the context length). */
    public Builder setInputDim(int inputDim) {
      this.inputDim = inputDim;
      return this;
    }

    /** Output width; for token data the vocabulary. */
    public Builder setOutputDim(int outputDim) {
      this.outputDim = outputDim;
      return this;
    }

    /** {channels, height, width} of image inputs; null (the default) for flat data. */
    public Builder optImage(int[] image) {
      this.image = image;
      return this;
    }

    /** Softmax cross-entropy loss instead of MSE (the default). */
    public Builder optCrossEntropy(boolean crossEntropy) {
      this.crossEntropy = crossEntropy;
      return this;
    }

    /** Cap on the observations of a conv probe site and of a transformer site (tokens). */
    public Builder optConvObservations(int convObservations) {
      this.convObservations = convObservations;
      return this;
    }

    public Network build() {
      if (inputDim == null || outputDim == null) {
        throw new IllegalArgumentException("network " + arch.label() + " needs setInputDim and setOutputDim, got "
            + inputDim + " and " + outputDim);
      }
      return Architectures.build(arch, inputDim, image, outputDim, crossEntropy, convObservations, dtype, seed);
    }
  }

  private static Network build(ArchConfig arch, int inputDim, int[] image, int outputDim, boolean crossEntropy,
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
