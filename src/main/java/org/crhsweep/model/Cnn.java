package org.crhsweep.model;

import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Pooling;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * A convolutional network: rows of C·H·W inputs are reshaped to NCHW images; conv layer {@code
 * convL} computes {@code pre = conv(in, K) + b}, then the activation and the pooling; the feature
 * map is flattened (C, H, W order) into dense layers {@code fc1..}, the last linear. Probe sites in
 * forward order: every conv layer (on im2col patches, see {@link GraphNetwork}), then every dense
 * layer. The penultimate features are the last dense layer's input.
 */
public final class Cnn extends GraphNetwork {

  private Cnn(CnnConfig arch, int[] image, int outputDim, boolean crossEntropy, int convObservations,
      DataType dtype, long seed) {
    super(dtype, convObservations, seed);
    SDVariable x = sd.placeHolder(X, dtype, -1, (long) image[0] * image[1] * image[2]);
    SDVariable y = sd.placeHolder(Y, dtype, -1, outputDim);
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    SDVariable in = sd.reshape("image", x, -1, image[0], image[1], image[2]);
    int k = arch.kernel();
    int c = image[0];
    boolean first = true;
    for (int i = 1; i <= arch.channels().size(); i++) {
      int cOut = arch.channels().get(i - 1);
      SDVariable pre = conv("conv" + i, in, c, cOut, k, arch.stride(), arch.pad(), arch.bias(),
          std(arch.activation(), first, c * k * k));
      first = false;
      in = activate(arch.activation(), "conv" + i + ".act", pre);
      if (arch.pooling() != Pooling.NONE) {
        int p = arch.poolSize();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(p).kW(p).sH(p).sW(p).pH(0).pW(0).dH(1).dW(1)
            .paddingMode(PaddingMode.VALID).isNHWC(false).build();
        in = arch.pooling() == Pooling.MAX
            ? sd.cnn().maxPooling2d("pool" + i, in, pool)
            : sd.cnn().avgPooling2d("pool" + i, in, pool);
      }
      c = cOut;
    }
    int[] map = arch.featureShape(image[0], image[1], image[2]);
    int dIn = map[0] * map[1] * map[2];
    in = sd.reshape("flat", in, -1, dIn);
    int nDense = arch.dense().size() + 1;
    SDVariable penultimate = in;
    for (int l = 1; l <= nDense; l++) {
      int dOut = l == nDense ? outputDim : arch.dense().get(l - 1);
      penultimate = in;
      SDVariable pre = dense("fc" + l, in, dIn, dOut, arch.bias(), std(arch.activation(), false, dIn));
      in = l == nDense ? pre : activate(arch.activation(), "fc" + l + ".act", pre);
      dIn = dOut;
    }
    finish(in, penultimate, y, scale, crossEntropy);
  }

  /**
   * @param image {channels, height, width} of the inputs (each input row is one image, C·H·W long)
   * @param convObservations the most observations a conv site contributes to a probe
   */
  public static Cnn build(CnnConfig arch, int[] image, int outputDim, boolean crossEntropy, int convObservations,
      DataType dtype, long seed) {
    return new Cnn(arch, image, outputDim, crossEntropy, convObservations, dtype, seed);
  }
}
