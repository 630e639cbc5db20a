package org.crhsweep.model.kernel;

import org.crhsweep.spec.Activation;

/**
 * Everything that fixes an MLP's graph: sizes, depth (number of weight layers), activation, loss. It lives with
 * the kernel that computes it so that {@code model} uses {@code model.kernel} and never the other way round.
 */
public record MlpShape(int inputDim, int outputDim, int depth, int width, Activation activation, boolean bias,
    boolean crossEntropy) {

  public MlpShape {
    if (inputDim < 1 || outputDim < 1 || depth < 1 || width < 1) {
      throw new IllegalArgumentException(String.format(
          "MLP sizes must be >= 1, got input %d, output %d, depth %d, width %d", inputDim, outputDim, depth, width));
    }
  }

  /** Layer widths: dims[0] the input, dims[l] layer l's output (the network output for l = depth). */
  public int[] dims() {
    int[] dims = new int[depth + 1];
    dims[0] = inputDim;
    for (int l = 1; l <= depth; l++) {
      dims[l] = l == depth ? outputDim : width;
    }
    return dims;
  }
}
