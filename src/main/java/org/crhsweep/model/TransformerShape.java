package org.crhsweep.model;

/**
 * Everything that fixes a decoder-only transformer's graph: vocabulary, context length (tokens per
 * sample), number of blocks, model width, attention heads (which must divide the width), MLP width as a
 * multiple of the model width, whether the linear maps carry biases, and the cap on token observations
 * per probe site ({@code probeTokens}; larger probe sets are subsampled, see {@link Transformer#probe}).
 */
public record TransformerShape(int vocab, int context, int layers, int dModel, int heads, int mlpRatio,
    boolean bias, int probeTokens) {

  public TransformerShape {
    if (vocab < 2 || context < 1 || layers < 1 || dModel < 1 || heads < 1 || mlpRatio < 1 || probeTokens < 1) {
      throw new IllegalArgumentException(String.format("transformer sizes must be >= 1 (vocab >= 2), got vocab %d,"
          + " context %d, layers %d, d_model %d, heads %d, mlp_ratio %d, probe_tokens %d", vocab, context, layers,
          dModel, heads, mlpRatio, probeTokens));
    }
    if (dModel % heads != 0) {
      throw new IllegalArgumentException("heads must divide d_model, got d_model " + dModel + ", heads " + heads);
    }
  }

  public int headDim() {
    return dModel / heads;
  }

  public int mlpWidth() {
    return dModel * mlpRatio;
  }
}
