package org.crhsweep.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Pooling;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolutional network on SameDiff: rows of C·H·W inputs are reshaped to NCHW images, then each
 * conv layer {@code convL} computes {@code pre = conv(in, K) + b} (K stored YXIO: k x k x C_in x
 * C_out), the activation and the pooling; the feature map is flattened (C, H, W order) into dense
 * layers {@code fc1..} as in {@link Mlp}, the last linear. Loss as in {@link Mlp}: {@code scale ·
 * Σ_samples ℓ}.
 *
 * <p>Probe sites, in forward order: every conv layer as the linear map on im2col patches (h_a =
 * the C_in·k·k patch in (channel, row, column) order, h_b = the C_out pre-activations at that
 * position, W = K reshaped to C_out x C_in·k·k, g_a = g_b · W), one observation per (sample,
 * position) pair, capped at {@code convObservations} by a subset of pairs drawn once from the
 * model's seed (the same at every measurement); then every dense layer, one observation per sample.
 */
public final class Cnn implements Network {

  private static final String X = "x";
  private static final String Y = "y";
  private static final String SCALE = "scale";
  private static final String OUT = "out";
  private static final String IMAGE = "image";

  /** One conv layer: its input and pre-activation variables, kernel, and geometry. */
  private record ConvLayer(String input, String pre, String kernel, int k, int stride, int pad) {}

  private final SameDiff sd;
  private final DataType dtype;
  private final int convObservations;
  private final long seed;
  private final List<ConvLayer> convs = new ArrayList<>();
  private final List<String> denseWeights = new ArrayList<>();
  private final List<String> denseInputs = new ArrayList<>();
  private final List<String> densePres = new ArrayList<>();
  private final List<String> decayed = new ArrayList<>();
  private final List<String> undecayed = new ArrayList<>();
  private final Map<String, int[]> picks = new HashMap<>();

  private Cnn(CnnConfig arch, int[] image, int outputDim, boolean crossEntropy, int convObservations,
      DataType dtype, long seed) {
    this.dtype = dtype;
    this.convObservations = convObservations;
    this.seed = seed;
    this.sd = SameDiff.create();
    Random rng = new Random(seed);
    int c = image[0];
    SDVariable x = sd.placeHolder(X, dtype, -1, (long) image[0] * image[1] * image[2]);
    SDVariable y = sd.placeHolder(Y, dtype, -1, outputDim);
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    SDVariable in = sd.reshape(IMAGE, x, -1, image[0], image[1], image[2]);
    int k = arch.kernel();
    int layer = 0;
    for (int i = 1; i <= arch.channels().size(); i++) {
      int cOut = arch.channels().get(i - 1);
      layer++;
      double gain = gain(arch.activation(), layer);
      SDVariable kernel = sd.var("k" + i, init(rng, new long[] {k, k, c, cOut}, Math.sqrt(gain / (c * k * k))));
      decayed.add(kernel.name());
      Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(arch.stride()).sW(arch.stride())
          .pH(arch.pad()).pW(arch.pad()).dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
      SDVariable pre;
      if (arch.bias()) {
        SDVariable b = sd.var("kb" + i, Nd4j.zeros(dtype, cOut));
        undecayed.add(b.name());
        pre = sd.cnn().conv2d(in, kernel, b, cfg);
      } else {
        pre = sd.cnn().conv2d(in, kernel, cfg);
      }
      pre = sd.identity("conv_pre" + i, pre);
      convs.add(new ConvLayer(in.name(), pre.name(), kernel.name(), k, arch.stride(), arch.pad()));
      in = activate(arch.activation(), "conv_act" + i, pre);
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
    int flat = map[0] * map[1] * map[2];
    in = sd.reshape("flat", in, -1, flat);
    int dIn = flat;
    int nDense = arch.dense().size() + 1;
    for (int l = 1; l <= nDense; l++) {
      layer++;
      int dOut = l == nDense ? outputDim : arch.dense().get(l - 1);
      denseInputs.add(in.name());
      SDVariable w = sd.var("w" + l, init(rng, new long[] {dIn, dOut}, Math.sqrt(gain(arch.activation(), layer) / dIn)));
      decayed.add(w.name());
      denseWeights.add(w.name());
      SDVariable pre = in.mmul(w);
      if (arch.bias()) {
        SDVariable b = sd.var("b" + l, Nd4j.zeros(dtype, 1, dOut));
        undecayed.add(b.name());
        pre = pre.add(b);
      }
      pre = sd.identity("pre" + l, pre);
      densePres.add(pre.name());
      in = l == nDense ? pre : activate(arch.activation(), "act" + l, pre);
      dIn = dOut;
    }
    SDVariable out = sd.identity(OUT, in);
    SDVariable perSample = crossEntropy
        ? sd.nn().logSoftmax(out).mul(y).sum(1).neg()
        : sd.math().squaredDifference(out, y).sum(1).mul(0.5);
    sd.identity(LOSS, perSample.sum().mul(scale));
    sd.setLossVariables(LOSS);
  }

  /**
   * @param image {channels, height, width} of the inputs (each input row is one image, C·H·W long)
   * @param convObservations the most observations a conv site contributes to a probe
   */
  public static Cnn build(CnnConfig arch, int[] image, int outputDim, boolean crossEntropy, int convObservations,
      DataType dtype, long seed) {
    return new Cnn(arch, image, outputDim, crossEntropy, convObservations, dtype, seed);
  }

  /** LeCun normal, He for relu after the first layer (as {@link Mlp}). */
  private static double gain(Activation activation, int layer) {
    return activation == Activation.RELU && layer > 1 ? 2.0 : 1.0;
  }

  private SDVariable activate(Activation activation, String name, SDVariable pre) {
    return switch (activation) {
      case TANH -> sd.math().tanh(name, pre);
      case RELU -> sd.nn().relu(name, pre, 0.0);
      case GELU -> sd.nn().gelu(name, pre);
      case LINEAR -> sd.identity(name, pre);
    };
  }

  private INDArray init(Random rng, long[] shape, double std) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = std * rng.nextGaussian();
    }
    return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
  }

  @Override
  public DataType dtype() {
    return dtype;
  }

  @Override
  public List<String> decayedParams() {
    return List.copyOf(decayed);
  }

  @Override
  public List<String> undecayedParams() {
    return List.copyOf(undecayed);
  }

  @Override
  public INDArray param(String name) {
    return sd.getArrForVarName(name);
  }

  private Map<String, INDArray> feed(INDArray x, INDArray y, double scale) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(X, x);
    ph.put(Y, y);
    ph.put(SCALE, Nd4j.scalar(dtype, scale));
    return ph;
  }

  @Override
  public OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params) {
    return sd.calculateGradientsAndOutputs(feed(x, y, 1.0 / x.rows()), List.of(LOSS), params);
  }

  @Override
  public Evaluation evaluation(INDArray x, INDArray y) {
    String features = denseInputs.get(denseInputs.size() - 1);
    Map<String, INDArray> out = sd.output(feed(x, y, 1.0 / x.rows()), LOSS, OUT, features);
    return new Evaluation(out.get(LOSS).getDouble(0), out.get(OUT), out.get(features));
  }

  @Override
  public List<LayerSample> probe(INDArray x, INDArray y) {
    List<String> outputs = new ArrayList<>();
    List<String> pres = new ArrayList<>();
    for (ConvLayer conv : convs) {
      outputs.add(conv.input());
      pres.add(conv.pre());
    }
    outputs.addAll(denseInputs);
    pres.addAll(densePres);
    outputs.addAll(pres);
    OutAndGrad og = sd.calculateGradientsAndOutputs(feed(x, y, 1.0), outputs, pres);
    Map<String, INDArray> acts = og.getOutputs();
    Map<String, INDArray> grads = og.getGradients();
    List<LayerSample> samples = new ArrayList<>();
    int layer = 0;
    for (ConvLayer conv : convs) {
      layer++;
      samples.add(convSample(layer, "conv" + layer, conv, acts.get(conv.input()), acts.get(conv.pre()),
          grads.get(conv.pre())));
    }
    for (int l = 1; l <= denseWeights.size(); l++) {
      layer++;
      INDArray hA = acts.get(denseInputs.get(l - 1));
      INDArray hB = acts.get(densePres.get(l - 1));
      INDArray gB = grads.get(densePres.get(l - 1)).neg();
      INDArray m = param(denseWeights.get(l - 1));
      INDArray gA = Nd4j.gemm(gB, m, false, true);
      samples.add(LayerSample.fromRowMajorWeight(layer, "fc" + l, SiteKind.DENSE, hA.dup(), hB.dup(), gA, gB,
          m.dup()));
    }
    return samples;
  }

  private LayerSample convSample(int layer, String name, ConvLayer conv, INDArray input, INDArray pre,
      INDArray preGrad) {
    long n = input.size(0);
    long cIn = input.size(1);
    long cOut = pre.size(1);
    long positions = pre.size(2) * pre.size(3);
    int k = conv.k();
    INDArray hB = pre.permute(0, 2, 3, 1).dup('c').reshape('c', n * positions, cOut);
    INDArray gB = preGrad.permute(0, 2, 3, 1).dup('c').reshape('c', n * positions, cOut).negi();
    // YXIO kernel [k, k, C_in, C_out] -> W [C_out, C_in, k, k] -> C_out x C_in·k·k.
    INDArray w = param(conv.kernel()).permute(3, 2, 0, 1).dup('c').reshape('c', cOut, cIn * k * k);
    int[] pick = pick(layer, n * positions);
    if (pick != null) {
      hB = hB.getRows(pick);
      gB = gB.getRows(pick);
    }
    INDArray hA = Im2col.patches(input, k, conv.stride(), conv.pad(), pick).castTo(hB.dataType());
    INDArray gA = gB.mmul(w);
    return new LayerSample(layer, name, SiteKind.CONV, hA, hB, gA, gB, w);
  }

  /** The seeded subset of observation rows a conv site keeps (sorted); null when it keeps all. */
  private int[] pick(int layer, long rows) {
    if (rows <= convObservations) {
      return null;
    }
    String key = layer + "/" + rows;
    int[] cached = picks.get(key);
    if (cached != null) {
      return cached;
    }
    Random rng = new Random(seed * 31L + layer);
    int total = Math.toIntExact(rows);
    int[] all = new int[total];
    for (int i = 0; i < total; i++) {
      all[i] = i;
    }
    for (int i = 0; i < convObservations; i++) {
      int j = i + rng.nextInt(total - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, convObservations);
    Arrays.sort(chosen);
    picks.put(key, chosen);
    return chosen;
  }
}
