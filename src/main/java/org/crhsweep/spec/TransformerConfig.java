package org.crhsweep.spec;

import java.util.function.Function;

/**
 * A decoder-only, pre-LayerNorm transformer language model: {@code layers} blocks of causal multi-head
 * self-attention ({@code heads} heads, which must divide {@code dModel}) and a GELU MLP {@code mlpRatio}
 * times wider than {@code dModel}. Its context length and vocabulary come from the token dataset
 * ({@code dataset.context}, the language's vocabulary), so they cannot disagree with the data. Field
 * names in errors are relative ({@code heads}).
 */
public record TransformerConfig(int layers, int dModel, int heads, int mlpRatio, boolean bias)
    implements ArchConfig {
  public static final int MAX_LAYERS = 48;
  public static final int MAX_D_MODEL = 8192;
  public static final int MAX_MLP_RATIO = 16;

  public TransformerConfig {
    Check.between("layers", layers, 1, MAX_LAYERS);
    Check.between("d_model", dModel, 1, MAX_D_MODEL);
    Check.between("heads", heads, 1, dModel);
    if (dModel % heads != 0) {
      throw SpecException.field("heads", "must divide d_model (" + dModel + "), got " + heads);
    }
    Check.between("mlp_ratio", mlpRatio, 1, MAX_MLP_RATIO);
  }

  @Override
  public <R> R match(Function<MlpConfig, R> mlp, Function<CnnConfig, R> cnn, Function<ResNetConfig, R> resnet,
      Function<TransformerConfig, R> transformer) {
    return transformer.apply(this);
  }

  @Override
  public String type() {
    return "transformer";
  }

  /** E.g. {@code transformer-l2-d64-h4-r4} ({@code -nobias} without biases). */
  @Override
  public String label() {
    return type() + "-l" + layers + "-d" + dModel + "-h" + heads + "-r" + mlpRatio + (bias ? "" : "-nobias");
  }

  /** Probe sites: Q, K, V, output, MLP in and out per block, and the unembedding. */
  @Override
  public int depth() {
    return 6 * layers + 1;
  }

  /** The MLP width, the widest map. */
  @Override
  public int width() {
    return dModel * mlpRatio;
  }

  @Override
  public boolean needsTokens() {
    return true;
  }

  @Override
  public Activation activation() {
    return Activation.GELU;
  }
}
