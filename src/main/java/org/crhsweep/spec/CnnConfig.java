package org.crhsweep.spec;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A convolutional network: conv layers with {@code channels[i]} output channels, each a {@code
 * kernel} x {@code kernel} convolution at {@code stride} with {@code padding}, then {@code
 * activation}, then {@code pooling} over {@code poolSize} x {@code poolSize} windows (stride {@code
 * poolSize}); the feature map is flattened into dense hidden layers of {@code dense[j]} units (may be
 * none) and a linear output layer. Field names in errors are relative ({@code kernel}). Without
 * pooling {@code poolSize} is stored as 0, so it cannot change a point id.
 */
public record CnnConfig(
    List<Integer> channels,
    int kernel,
    int stride,
    Padding padding,
    Pooling pooling,
    int poolSize,
    Activation activation,
    List<Integer> dense,
    boolean bias)
    implements ArchConfig {
  public static final int MAX_CONV_LAYERS = 16;
  public static final int MAX_CHANNELS = 4096;
  public static final int MAX_KERNEL = 11;
  public static final int MAX_STRIDE = 4;
  public static final int MAX_POOL = 4;
  public static final int DEFAULT_POOL_SIZE = 2;

  public CnnConfig {
    Check.notNull("channels", channels);
    if (channels.isEmpty()) {
      throw SpecException.field("channels", "must be a non-empty list of conv layer widths, got []");
    }
    Check.between("channels", channels.size(), 1, MAX_CONV_LAYERS);
    for (int i = 0; i < channels.size(); i++) {
      Check.between("channels[" + i + "]", Check.notNull("channels[" + i + "]", channels.get(i)), 1, MAX_CHANNELS);
    }
    channels = List.copyOf(channels);
    Check.between("kernel", kernel, 1, MAX_KERNEL);
    Check.between("stride", stride, 1, MAX_STRIDE);
    Check.notNull("padding", padding);
    if (padding == Padding.SAME && kernel % 2 == 0) {
      throw SpecException.field(
          "padding", "same needs an odd kernel (pads (k - 1)/2 each side), got kernel " + kernel);
    }
    Check.notNull("pooling", pooling);
    if (pooling == Pooling.NONE) {
      poolSize = 0;
    } else {
      Check.between("pool_size", poolSize, 2, MAX_POOL);
    }
    Check.notNull("activation", activation);
    Check.notNull("dense", dense);
    for (int i = 0; i < dense.size(); i++) {
      Check.between("dense[" + i + "]", Check.notNull("dense[" + i + "]", dense.get(i)), 1, MlpConfig.MAX_WIDTH);
    }
    dense = List.copyOf(dense);
  }

  @Override
  public <R> R match(Function<MlpConfig, R> mlp, Function<CnnConfig, R> cnn, Function<ResNetConfig, R> resnet,
      Function<TransformerConfig, R> transformer) {
    return cnn.apply(this);
  }

  @Override
  public String type() {
    return "cnn";
  }

  /** E.g. {@code cnn-c8-16-k3s1same-max2-d32-relu} ({@code -d} absent without hidden dense layers). */
  @Override
  public String label() {
    String conv = "cnn-c" + join(channels) + "-k" + kernel + "s" + stride + padding.label();
    String pool = pooling == Pooling.NONE ? "" : "-" + pooling.label() + poolSize;
    String head = dense.isEmpty() ? "" : "-d" + join(dense);
    return conv + pool + head + "-" + activation.label() + (bias ? "" : "-nobias");
  }

  /** Conv layers, hidden dense layers and the output layer. */
  @Override
  public int depth() {
    return channels.size() + dense.size() + 1;
  }

  @Override
  public int width() {
    int w = 0;
    for (int c : channels) {
      w = Math.max(w, c);
    }
    for (int d : dense) {
      w = Math.max(w, d);
    }
    return w;
  }

  @Override
  public boolean needsImages() {
    return true;
  }

  /** Zero padding on each side of a conv layer. */
  public int pad() {
    return padding == Padding.SAME ? (kernel - 1) / 2 : 0;
  }

  /**
   * The feature map {channels, height, width} after every conv layer (and its pooling) for an
   * input of the given shape; a spatial size that falls below 1 is an error naming the layer.
   */
  public int[] featureShape(int inChannels, int height, int width) {
    int h = height;
    int w = width;
    for (int i = 0; i < channels.size(); i++) {
      boolean fits = h + 2 * pad() >= kernel && w + 2 * pad() >= kernel;
      h = fits ? (h + 2 * pad() - kernel) / stride + 1 : 0;
      w = fits ? (w + 2 * pad() - kernel) / stride + 1 : 0;
      if (pooling != Pooling.NONE) {
        h /= poolSize;
        w /= poolSize;
      }
      if (h < 1 || w < 1) {
        throw SpecException.field(
            "channels",
            "too many conv layers for a " + inChannels + "x" + height + "x" + width
                + " input: the feature map is empty after conv layer " + (i + 1)
                + " (use fewer layers, a smaller stride or pooling)");
      }
    }
    return new int[] {channels.get(channels.size() - 1), h, w};
  }

  private static String join(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining("-"));
  }
}
