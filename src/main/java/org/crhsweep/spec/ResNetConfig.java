package org.crhsweep.spec;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A residual network of basic blocks (CIFAR style): a 3x3 {@code stem} conv with {@code stem}
 * channels, then stages s = 1.. of {@code blocks[s]} blocks with {@code widths[s]} channels; a block
 * is conv3x3 → activation → conv3x3, plus the shortcut, then the activation. The first block of every
 * stage after the first halves the size (stride 2); a block whose size or width changes has a 1x1
 * projection shortcut (a probe site), the others the identity. Global average pooling and one linear
 * layer {@code fc} end it. With {@code batchNorm} every conv (stem, conv1, conv2, projection shortcut) is
 * followed by a per-channel batch norm before its activation or the residual sum; without it (the
 * default, spec key {@code batch_norm}) the network has none. Field names in errors are relative.
 */
public record ResNetConfig(int stem, List<Integer> widths, List<Integer> blocks, Activation activation,
    boolean bias, boolean batchNorm) implements ArchConfig {
  public static final int MAX_STAGES = 6;
  public static final int MAX_BLOCKS = 16;

  /** ResNet-18's stages in the CIFAR layout (3x3 stem, no stem pooling), for GPU executors. */
  public static final ResNetConfig RESNET18 =
      new ResNetConfig(64, List.of(64, 128, 256, 512), List.of(2, 2, 2, 2), Activation.RELU, true);

  public ResNetConfig {
    Check.between("stem", stem, 1, CnnConfig.MAX_CHANNELS);
    Check.notNull("widths", widths);
    Check.notNull("blocks", blocks);
    Check.between("widths", widths.size(), 1, MAX_STAGES);
    for (int i = 0; i < widths.size(); i++) {
      Check.between("widths[" + i + "]", Check.notNull("widths[" + i + "]", widths.get(i)), 1, CnnConfig.MAX_CHANNELS);
    }
    if (blocks.size() != widths.size()) {
      throw SpecException.field(
          "blocks",
          "must have one entry per stage (widths has " + widths.size() + "), got " + blocks.size());
    }
    for (int i = 0; i < blocks.size(); i++) {
      Check.between("blocks[" + i + "]", Check.notNull("blocks[" + i + "]", blocks.get(i)), 1, MAX_BLOCKS);
    }
    widths = List.copyOf(widths);
    blocks = List.copyOf(blocks);
    Check.notNull("activation", activation);
  }

  /** Without batch norm. */
  public ResNetConfig(int stem, List<Integer> widths, List<Integer> blocks, Activation activation, boolean bias) {
    this(stem, widths, blocks, activation, bias, false);
  }

  /** The same network with batch norm on or off. */
  public ResNetConfig withBatchNorm(boolean on) {
    return new ResNetConfig(stem, widths, blocks, activation, bias, on);
  }

  /** A named configuration: {@code resnet18}; null for an unknown name. */
  public static ResNetConfig preset(String name) {
    return "resnet18".equals(name) ? RESNET18 : null;
  }

  @Override
  public <R> R match(Function<MlpConfig, R> mlp, Function<CnnConfig, R> cnn, Function<ResNetConfig, R> resnet,
      Function<TransformerConfig, R> transformer) {
    return resnet.apply(this);
  }

  @Override
  public String type() {
    return "resnet";
  }

  /** E.g. {@code resnet-s16-w16-32-b1-1-relu}, {@code -bn} appended with batch norm. */
  @Override
  public String label() {
    return "resnet-s" + stem + "-w" + join(widths) + "-b" + join(blocks) + "-" + activation.label()
        + (bias ? "" : "-nobias") + (batchNorm ? "-bn" : "");
  }

  /** Probe sites: the stem, two convs per block, the projection shortcuts and fc. */
  @Override
  public int depth() {
    int d = 2;
    int in = stem;
    for (int s = 0; s < widths.size(); s++) {
      d += 2 * blocks.get(s);
      if (s > 0 || in != widths.get(s)) {
        d++;
      }
      in = widths.get(s);
    }
    return d;
  }

  @Override
  public int width() {
    int w = stem;
    for (int c : widths) {
      w = Math.max(w, c);
    }
    return w;
  }

  @Override
  public boolean needsImages() {
    return true;
  }

  private static String join(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining("-"));
  }
}
