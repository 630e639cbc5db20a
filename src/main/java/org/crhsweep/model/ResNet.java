package org.crhsweep.model;

import org.crhsweep.spec.Activation;
import org.crhsweep.spec.ResNetConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A residual network of basic blocks ({@link ResNetConfig}) on NCHW images. Probe sites in forward
 * order: {@code stem}, then per block {@code stageS.blockB.conv1}, {@code .conv2} (its output before
 * the residual sum) and, where the block changes size or width, {@code .shortcut} (1x1 projection),
 * all conv sites; then the dense {@code fc} on the globally averaged features (the penultimate ones).
 * With batch norm ({@link GraphNetwork}'s class comment for the modes) each conv's output passes
 * through its norm {@code <site>.bn} before the activation or the residual sum: stem → bn → act,
 * conv1 → bn → act, conv2 → bn, shortcut → bn; the probe still sees each conv's own output.
 */
public final class ResNet extends GraphNetwork {

  private final boolean batchNorm;

  private ResNet(ResNetConfig arch, int[] image, int outputDim, boolean crossEntropy, int convObservations,
      DataType dtype, long seed) {
    super(dtype, convObservations, seed);
    Activation act = arch.activation();
    this.batchNorm = arch.batchNorm();
    SDVariable x = sd.placeHolder(X, dtype, -1, (long) image[0] * image[1] * image[2]);
    SDVariable y = sd.placeHolder(Y, dtype, -1, outputDim);
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    SDVariable in = sd.reshape("image", x, -1, image[0], image[1], image[2]);
    int c = arch.stem();
    in = activate(act, "stem.act",
        norm("stem", conv("stem", in, image[0], c, 3, 1, 1, arch.bias(), std(act, true, image[0] * 9)), c));
    for (int s = 1; s <= arch.widths().size(); s++) {
      int w = arch.widths().get(s - 1);
      for (int b = 1; b <= arch.blocks().get(s - 1); b++) {
        String name = "stage" + s + ".block" + b;
        int stride = s > 1 && b == 1 ? 2 : 1;
        SDVariable h = activate(act, name + ".act1", norm(name + ".conv1",
            conv(name + ".conv1", in, c, w, 3, stride, 1, arch.bias(), std(act, false, c * 9)), w));
        SDVariable out = norm(name + ".conv2",
            conv(name + ".conv2", h, w, w, 3, 1, 1, arch.bias(), std(act, false, w * 9)), w);
        SDVariable shortcut = stride != 1 || c != w
            ? norm(name + ".shortcut", conv(name + ".shortcut", in, c, w, 1, stride, 0, arch.bias(),
                std(Activation.LINEAR, false, c)), w)
            : in;
        in = activate(act, name + ".out", out.add(shortcut));
        c = w;
      }
    }
    SDVariable pooled = sd.identity("pooled", in.mean(2, 3));
    SDVariable logits = dense("fc", pooled, c, outputDim, arch.bias(), std(Activation.LINEAR, false, c));
    finish(logits, pooled, y, scale, crossEntropy);
  }

  private SDVariable norm(String site, SDVariable pre, int channels) {
    return batchNorm ? batchNorm(site + ".bn", pre, channels) : pre;
  }

  /**
   * @param image {channels, height, width} of the inputs (each input row is one image, C·H·W long)
   * @param convObservations the most observations a conv site contributes to a probe
   */
  public static ResNet build(ResNetConfig arch, int[] image, int outputDim, boolean crossEntropy,
      int convObservations, DataType dtype, long seed) {
    return new ResNet(arch, image, outputDim, crossEntropy, convObservations, dtype, seed);
  }
}
