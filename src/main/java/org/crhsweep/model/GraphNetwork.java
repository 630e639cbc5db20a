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
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff plumbing shared by the image networks: placeholders ({@code x} rows, {@code y} rows,
 * {@code scale}), dense and conv layers that register themselves as probe sites, the loss {@code
 * scale · Σ_samples ℓ} (MSE ½‖f − y‖² or cross-entropy −Σ y log softmax f), and the probe.
 *
 * <p>A conv site is the linear map on im2col patches (h_a = one C_in·k·k patch in (channel, row,
 * column) order, h_b = the C_out pre-activations at that position, W = the YXIO kernel k x k x C_in
 * x C_out reshaped to C_out x C_in·k·k, g_a = g_b · W), one observation per (sample, position) pair,
 * capped at {@code convObservations} by a subset of pairs drawn once from the model's seed (the same
 * at every measurement). A dense site has one observation per sample; with row vectors and the
 * d_in x d_out weight M, g_a = g_b · Mᵀ (= Wᵀ g_b in the paper's columns).
 *
 * <p>Batch norm ({@link #batchNorm}) on a conv's NCHW output, per channel: y = γ (x − m)/√(v + 1e-5) + β.
 * A scalar placeholder {@code bn_train} t blends the statistics, m = t·mean_B + (1 − t)·running mean and
 * likewise v (the biased variance over batch, rows and columns): {@link #trainingStep} feeds t = 1 and
 * then updates running ← (1 − 0.1)·running + 0.1·batch (momentum 0.1, the biased variance as Keras
 * does), every other call feeds t = 0, so each sample's output, loss and g_a/g_b are its own. It is
 * built from elementwise ops, not {@code sd.nn().batchNorm}, so that autodiff differentiates exactly
 * the formula in use in either mode. γ (init 1) and β (init 0) are {@link #undecayedParams} like
 * biases (decayed only with {@code training.decay_biases}); the running statistics are variables no
 * optimiser sees (neither decayed nor updated by gradients). A conv site's h_b stays the conv output
 * before the norm.
 */
abstract class GraphNetwork extends SameDiffNetwork {

  static final String OUT = "out";
  static final String BN_TRAIN = "bn_train";
  static final double BN_EPS = 1e-5;
  static final double BN_MOMENTUM = 0.1;

  /** A batch norm's variables: the minibatch statistics it outputs and the running ones it keeps. */
  private record Norm(String batchMean, String batchVar, String runningMean, String runningVar) {}

  /** A probe site: its input and pre-activation variables and weight; {@code k} = 0 for a dense site. */
  private record Site(String name, SiteKind kind, String input, String pre, String weight, int k, int stride,
      int pad) {}

  private final int convObservations;
  private final List<Site> sites = new ArrayList<>();
  private final Map<String, int[]> picks = new HashMap<>();
  private final List<Norm> norms = new ArrayList<>();
  private SDVariable bnTrain;
  private String features;

  GraphNetwork(DataType dtype, int convObservations, long seed) {
    super(dtype, seed);
    this.convObservations = convObservations;
  }

  /** He-normal std for relu (after the first layer, as {@link Mlp}), LeCun otherwise. */
  static double std(Activation activation, boolean first, int fanIn) {
    double gain = activation == Activation.RELU && !first ? 2.0 : 1.0;
    return Math.sqrt(gain / fanIn);
  }

  SDVariable activate(Activation activation, String name, SDVariable pre) {
    return switch (activation) {
      case TANH -> sd.math().tanh(name, pre);
      case RELU -> sd.nn().relu(name, pre, 0.0);
      case GELU -> sd.nn().gelu(name, pre);
      case LINEAR -> sd.identity(name, pre);
    };
  }

  INDArray init(long[] shape, double std) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = std * rng.nextGaussian();
    }
    return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
  }

  /** A k x k conv site {@code name} (NCHW in and out); returns its pre-activation (bias added). */
  SDVariable conv(String name, SDVariable in, int cIn, int cOut, int k, int stride, int pad, boolean bias,
      double std) {
    SDVariable kernel = sd.var(name + ".kernel", init(new long[] {k, k, cIn, cOut}, std));
    decayed.add(kernel.name());
    Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
    SDVariable pre;
    if (bias) {
      SDVariable b = sd.var(name + ".bias", Nd4j.zeros(dtype, cOut));
      undecayed.add(b.name());
      pre = sd.cnn().conv2d(in, kernel, b, cfg);
    } else {
      pre = sd.cnn().conv2d(in, kernel, cfg);
    }
    pre = sd.identity(name + ".pre", pre);
    sites.add(new Site(name, SiteKind.CONV, in.name(), pre.name(), kernel.name(), k, stride, pad));
    return pre;
  }

  /** A dense site {@code name} on rows; returns its pre-activation (bias added). */
  SDVariable dense(String name, SDVariable in, int dIn, int dOut, boolean bias, double std) {
    SDVariable w = sd.var(name + ".weight", init(new long[] {dIn, dOut}, std));
    decayed.add(w.name());
    SDVariable pre = in.mmul(w);
    if (bias) {
      SDVariable b = sd.var(name + ".bias", Nd4j.zeros(dtype, 1, dOut));
      undecayed.add(b.name());
      pre = pre.add(b);
    }
    pre = sd.identity(name + ".pre", pre);
    sites.add(new Site(name, SiteKind.DENSE, in.name(), pre.name(), w.name(), 0, 0, 0));
    return pre;
  }

  /** Batch norm {@code name} on the NCHW {@code pre} with {@code channels} channels (class comment). */
  SDVariable batchNorm(String name, SDVariable pre, int channels) {
    if (bnTrain == null) {
      bnTrain = sd.placeHolder(BN_TRAIN, dtype);
    }
    long[] shape = {1, channels, 1, 1};
    SDVariable gamma = sd.var(name + ".gamma", Nd4j.ones(dtype, shape));
    SDVariable beta = sd.var(name + ".beta", Nd4j.zeros(dtype, shape));
    undecayed.add(gamma.name());
    undecayed.add(beta.name());
    SDVariable runningMean = sd.var(name + ".running_mean", Nd4j.zeros(dtype, shape));
    SDVariable runningVar = sd.var(name + ".running_var", Nd4j.ones(dtype, shape));
    SDVariable batchMean = pre.mean(name + ".batch_mean", true, 0, 2, 3);
    SDVariable batchVar = sd.variance(name + ".batch_var", pre, false, true, 0, 2, 3);
    // m = r + t·(batch − r), likewise v; y = x·a + (β − m·a) with a = γ/√(v + ε): channel-sized ops.
    SDVariable mean = runningMean.add(batchMean.sub(runningMean).mul(bnTrain));
    SDVariable var = runningVar.add(batchVar.sub(runningVar).mul(bnTrain));
    SDVariable a = sd.math().rsqrt(var.add(BN_EPS)).mul(gamma);
    SDVariable shift = beta.sub(mean.mul(a));
    norms.add(new Norm(batchMean.name(), batchVar.name(), runningMean.name(), runningVar.name()));
    return pre.mul(a).add(name, shift);
  }

  /** Closes the graph: {@code logits} is the output, {@code penultimate} the features NC1 reads. */
  void finish(SDVariable logits, SDVariable penultimate, SDVariable y, SDVariable scale, boolean crossEntropy) {
    features = penultimate.name();
    SDVariable out = sd.identity(OUT, logits);
    SDVariable perSample = crossEntropy
        ? sd.nn().logSoftmax(out).mul(y).sum(1).neg()
        : sd.math().squaredDifference(out, y).sum(1).mul(0.5);
    sd.identity(LOSS, perSample.sum().mul(scale));
    sd.setLossVariables(LOSS);
  }





  private Map<String, INDArray> feed(INDArray x, INDArray y, double scale) {
    return feed(x, y, scale, false);
  }

  private Map<String, INDArray> feed(INDArray x, INDArray y, double scale, boolean train) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(X, x);
    ph.put(Y, y);
    ph.put(SCALE, Nd4j.scalar(dtype, scale));
    if (bnTrain != null) {
      ph.put(BN_TRAIN, Nd4j.scalar(dtype, train ? 1.0 : 0.0));
    }
    return ph;
  }

  @Override
  public OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params) {
    return sd.calculateGradientsAndOutputs(feed(x, y, 1.0 / x.rows()), List.of(LOSS), params);
  }

  @Override
  public OutAndGrad trainingStep(INDArray x, INDArray y, List<String> params) {
    if (norms.isEmpty()) {
      return lossAndGradients(x, y, params);
    }
    List<String> outputs = new ArrayList<>();
    outputs.add(LOSS);
    for (Norm n : norms) {
      outputs.add(n.batchMean());
      outputs.add(n.batchVar());
    }
    OutAndGrad og = sd.calculateGradientsAndOutputs(feed(x, y, 1.0 / x.rows(), true), outputs, params);
    Map<String, INDArray> out = og.getOutputs();
    for (Norm n : norms) {
      param(n.runningMean()).muli(1 - BN_MOMENTUM).addi(out.get(n.batchMean()).mul(BN_MOMENTUM));
      param(n.runningVar()).muli(1 - BN_MOMENTUM).addi(out.get(n.batchVar()).mul(BN_MOMENTUM));
    }
    return og;
  }

  /** The running statistics of every batch norm, as {mean, variance} variable names in forward order. */
  List<String[]> runningStatistics() {
    List<String[]> names = new ArrayList<>();
    for (Norm n : norms) {
      names.add(new String[] {n.runningMean(), n.runningVar()});
    }
    return names;
  }

  @Override
  public List<String> stateVariables() {
    List<String> names = new ArrayList<>();
    for (String[] stats : runningStatistics()) {
      names.addAll(List.of(stats));
    }
    return names;
  }

  @Override
  public Evaluation evaluation(INDArray x, INDArray y) {
    Map<String, INDArray> out = sd.output(feed(x, y, 1.0 / x.rows()), LOSS, OUT, features);
    return new Evaluation(out.get(LOSS).getDouble(0), out.get(OUT), out.get(features));
  }

  @Override
  public List<LayerSample> probe(INDArray x, INDArray y) {
    return probe(x, y, false);
  }

  /** The probe with batch norm in training mode when {@code train} (for tests: then samples couple). */
  List<LayerSample> probe(INDArray x, INDArray y, boolean train) {
    List<String> outputs = new ArrayList<>();
    List<String> pres = new ArrayList<>();
    for (Site s : sites) {
      if (!outputs.contains(s.input())) {
        outputs.add(s.input());
      }
      pres.add(s.pre());
    }
    outputs.addAll(pres);
    OutAndGrad og = sd.calculateGradientsAndOutputs(feed(x, y, 1.0, train), outputs, pres);
    Map<String, INDArray> acts = og.getOutputs();
    Map<String, INDArray> grads = og.getGradients();
    List<LayerSample> samples = new ArrayList<>();
    int layer = 0;
    for (Site s : sites) {
      layer++;
      INDArray in = acts.get(s.input());
      INDArray pre = acts.get(s.pre());
      INDArray gPre = grads.get(s.pre());
      samples.add(s.kind() == SiteKind.CONV
          ? convSample(layer, s, in, pre, gPre)
          : denseSample(layer, s, in, pre, gPre));
    }
    return samples;
  }

  private LayerSample denseSample(int layer, Site s, INDArray hA, INDArray hB, INDArray gPre) {
    INDArray gB = gPre.neg();
    INDArray m = param(s.weight());
    INDArray gA = Nd4j.gemm(gB, m, false, true);
    return LayerSample.fromRowMajorWeight(layer, s.name(), SiteKind.DENSE, hA.dup(), hB.dup(), gA, gB, m.dup());
  }

  private LayerSample convSample(int layer, Site s, INDArray input, INDArray pre, INDArray gPre) {
    long n = input.size(0);
    long cIn = input.size(1);
    long cOut = pre.size(1);
    long positions = pre.size(2) * pre.size(3);
    int k = s.k();
    INDArray hB = pre.permute(0, 2, 3, 1).dup('c').reshape('c', n * positions, cOut);
    INDArray gB = gPre.permute(0, 2, 3, 1).dup('c').reshape('c', n * positions, cOut).negi();
    // YXIO kernel [k, k, C_in, C_out] -> W [C_out, C_in, k, k] -> C_out x C_in·k·k.
    INDArray w = param(s.weight()).permute(3, 2, 0, 1).dup('c').reshape('c', cOut, cIn * k * k);
    int[] pick = pick(layer, n * positions);
    if (pick != null) {
      hB = hB.getRows(pick);
      gB = gB.getRows(pick);
    }
    INDArray hA = Im2col.patches(input, k, s.stride(), s.pad(), pick).castTo(hB.dataType());
    INDArray gA = gB.mmul(w);
    return new LayerSample(layer, s.name(), SiteKind.CONV, hA, hB, gA, gB, w);
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
    Random r = new Random(seed * 31L + layer);
    int total = Math.toIntExact(rows);
    int[] all = new int[total];
    for (int i = 0; i < total; i++) {
      all[i] = i;
    }
    for (int i = 0; i < convObservations; i++) {
      int j = i + r.nextInt(total - i);
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
