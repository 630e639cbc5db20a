package org.crhsweep.spec;

import java.util.function.Function;

/**
 * A fully connected network: {@code depth} weight layers, each hidden layer {@code width} units
 * wide and followed by {@code activation}. Field names in errors are relative ({@code depth}); the
 * parser places them under {@code grid.architecture[i]}.
 */
public record MlpConfig(int depth, int width, Activation activation, boolean bias)
    implements ArchConfig {
  public static final int MAX_DEPTH = 64;
  public static final int MAX_WIDTH = 65536;

  public MlpConfig {
    Check.between("depth", depth, 1, MAX_DEPTH);
    Check.between("width", width, 1, MAX_WIDTH);
    Check.notNull("activation", activation);
  }

  @Override
  public <R> R match(Function<MlpConfig, R> mlp, Function<CnnConfig, R> cnn, Function<ResNetConfig, R> resnet,
      Function<TransformerConfig, R> transformer) {
    return mlp.apply(this);
  }

  /** The architecture family, {@code mlp}; the spec's {@code type} key. */
  @Override
  public String type() {
    return "mlp";
  }

  /** A short name for tables and plots: {@code mlp-d4-w32-tanh}, {@code mlp-d2-w8-relu-nobias}. */
  @Override
  public String label() {
    String suffix = bias ? "" : "-nobias";
    return type() + "-d" + depth + "-w" + width + "-" + activation.label() + suffix;
  }
}
