package org.crhsweep.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crhsweep.model.kernel.MlpKernel;
import org.crhsweep.model.kernel.MlpLayout;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.probe.LayerSample;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.spec.Activation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected network on SameDiff. Layer l (1-based) computes {@code pre_l = in_l · w_l + b_l}
 * with row vectors ({@code w_l} is d_in x d_out); hidden layers apply the activation, the last layer
 * is linear. The loss is {@code scale · Σ_samples ℓ}, so the same graph gives the batch-mean loss for
 * training ({@code scale = 1/N}) and per-sample gradients for probing ({@code scale = 1}).
 *
 * <p>Per-sample losses: MSE ℓ = ½‖f(x) − y‖²; cross-entropy ℓ = −Σ_k y_k log softmax(f(x))_k.
 */
public final class Mlp implements Network {

  static final String X = "x";
  static final String Y = "y";
  static final String SCALE = "scale";
  static final String LOSS = Network.LOSS;
  static final String PER_SAMPLE = "per_sample_loss";
  static final String OUT = "out";

  private final SameDiff sd;
  private final MlpShape shape;
  private final DataType dtype;
  private final List<String> weights = new ArrayList<>();
  private final List<String> biases = new ArrayList<>();
  private final List<String> preActivations = new ArrayList<>();
  private final List<String> inputs = new ArrayList<>();
  /** Computes lossAndGradients without SameDiff's per-op allocation; null for activations it lacks (gelu). */
  private final MlpKernel kernel;
  private final Map<String, INDArray> kernelGradients;
  /** The last x and y (slots 0, 1) given to the kernel, and their [1, N, d] views. */
  private final INDArray[] lastBatch = new INDArray[2];
  private final INDArray[] lastStacked = new INDArray[2];
  /** Parameter name → {live array, its [1, r, c] view}. */
  private final Map<String, INDArray[]> stackedViews = new HashMap<>();

  private Mlp(MlpShape shape, DataType dtype, long seed) {
    this.shape = shape;
    this.dtype = dtype;
    this.sd = SameDiff.create();
    Random rng = new Random(seed);
    SDVariable x = sd.placeHolder(X, dtype, -1, shape.inputDim());
    SDVariable y = sd.placeHolder(Y, dtype, -1, shape.outputDim());
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    SDVariable in = x;
    int depth = shape.depth();
    for (int l = 1; l <= depth; l++) {
      int dIn = l == 1 ? shape.inputDim() : shape.width();
      int dOut = l == depth ? shape.outputDim() : shape.width();
      inputs.add(in.name());
      // LeCun normal init (He for relu) from java.util.Random: identical on every backend.
      double gain = shape.activation() == Activation.RELU && l > 1 ? 2.0 : 1.0;
      SDVariable w = sd.var("w" + l, init(rng, dIn, dOut, Math.sqrt(gain / dIn)));
      weights.add(w.name());
      SDVariable pre = in.mmul(w);
      if (shape.bias()) {
        SDVariable b = sd.var("b" + l, Nd4j.zeros(dtype, 1, dOut));
        biases.add(b.name());
        pre = pre.add(b);
      }
      pre = sd.identity("pre" + l, pre);
      preActivations.add(pre.name());
      in = l == depth ? pre : activate("act" + l, pre);
    }
    SDVariable out = sd.identity(OUT, in);
    SDVariable perSample = shape.crossEntropy()
        ? sd.nn().logSoftmax(out).mul(y).sum(1).neg()
        : sd.math().squaredDifference(out, y).sum(1).mul(0.5);
    sd.identity(PER_SAMPLE, perSample);
    SDVariable loss = perSample.sum().mul(scale);
    sd.identity(LOSS, loss);
    sd.setLossVariables(LOSS);
    this.kernel = MlpKernel.supports(shape) ? new MlpKernel(shape, dtype, 1) : null;
    // The kernel's [1, r, c] gradients, seen as the parameters' own [r, c] shapes (views, made once).
    this.kernelGradients = kernel == null ? Map.of() : kernel.gradientsByName(weights, biases, MlpLayout::single);
  }

  public static Mlp build(MlpShape shape, DataType dtype, long seed) {
    return new Mlp(shape, dtype, seed);
  }

  private SDVariable activate(String name, SDVariable pre) {
    return switch (shape.activation()) {
      case TANH -> sd.math().tanh(name, pre);
      case RELU -> sd.nn().relu(name, pre, 0.0);
      case GELU -> sd.nn().gelu(name, pre);
      case LINEAR -> sd.identity(name, pre);
    };
  }

  private INDArray init(Random rng, int rows, int cols, double std) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = std * rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dtype);
  }

  public MlpShape shape() {
    return shape;
  }

  @Override
  public DataType dtype() {
    return dtype;
  }

  public int depth() {
    return weights.size();
  }

  /** Names of the weight variables, layer order. */
  public List<String> weightNames() {
    return List.copyOf(weights);
  }

  /** Names of the bias variables, layer order (empty without bias). */
  public List<String> biasNames() {
    return List.copyOf(biases);
  }

  @Override
  public List<String> decayedParams() {
    return weightNames();
  }

  @Override
  public List<String> undecayedParams() {
    return biasNames();
  }

  /** The live parameter array (updates in place change the model). */
  @Override
  public INDArray param(String name) {
    return sd.getArrForVarName(name);
  }

  /** Layer names as they appear in the tables: fc1, fc2, ... */
  public String layerName(int layer) {
    return "fc" + layer;
  }

  private Map<String, INDArray> feed(INDArray x, INDArray y, double scale) {
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(X, x);
    ph.put(Y, y);
    ph.put(SCALE, Nd4j.scalar(dtype, scale));
    return ph;
  }

  /**
   * Batch-mean loss and the gradients of every parameter, for one SGD step. For tanh, relu and linear the
   * {@link MlpKernel} (K = 1) computes them into arrays it reuses: they are valid until the next call.
   */
  @Override
  public OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params) {
    if (!kernelRuns(x, y)) {
      return lossAndGradientsSameDiff(x, y, params);
    }
    runKernel(x, y, true);
    return new OutAndGrad(Map.of(LOSS, kernel.losses()), MlpKernel.select(kernelGradients, params));
  }

  /** The same from the SameDiff graph (the kernel's reference; fresh arrays per call). */
  public OutAndGrad lossAndGradientsSameDiff(INDArray x, INDArray y, List<String> params) {
    return sd.calculateGradientsAndOutputs(feed(x, y, 1.0 / x.rows()), List.of(LOSS), params);
  }

  /** [1, rows, cols] views of the named parameters (reshape shares the buffer), re-made if an array is replaced. */
  private List<INDArray> stacked(List<String> names) {
    List<INDArray> out = new ArrayList<>(names.size());
    for (String name : names) {
      INDArray live = param(name);
      INDArray[] cached = stackedViews.get(name);
      if (cached == null || cached[0] != live) {
        cached = new INDArray[] {live, live.reshape(1, live.rows(), live.columns())};
        stackedViews.put(name, cached);
      }
      out.add(cached[1]);
    }
    return out;
  }

  /**
   * Mean loss, output and penultimate features (the last layer's input: the last hidden activation, x for
   * depth 1); through the kernel when it runs this shape and dtype, else the SameDiff graph.
   */
  @Override
  public Evaluation evaluation(INDArray x, INDArray y) {
    if (!kernelRuns(x, y)) {
      return evaluationSameDiff(x, y);
    }
    runKernel(x, y, false);
    return evaluationFromKernel(x);
  }

  /** One kernel pass gives both: the probe set is run forward and backward once per measurement. */
  @Override
  public ProbePass probePass(INDArray x, INDArray y, boolean withSamples) {
    if (!kernelRuns(x, y)) {
      return Network.super.probePass(x, y, withSamples);
    }
    runKernel(x, y, withSamples);
    return new ProbePass(evaluationFromKernel(x), withSamples ? samplesFromKernel(x) : List.of());
  }

  private Evaluation evaluationFromKernel(INDArray x) {
    long n = x.rows();
    int depth = depth();
    INDArray out = kernel.preActivation(depth).reshape(n, shape.outputDim()).dup();
    INDArray features = depth == 1 ? x : kernel.activation(depth - 1).reshape(n, shape.width()).dup();
    return new Evaluation(kernel.losses().getDouble(0), out, features);
  }

  /** The same from the SameDiff graph (the kernel's reference). */
  Evaluation evaluationSameDiff(INDArray x, INDArray y) {
    String features = inputs.get(depth() - 1);
    boolean fromInput = depth() == 1;
    Map<String, INDArray> out = fromInput
        ? sd.output(feed(x, y, 1.0 / x.rows()), LOSS, OUT)
        : sd.output(feed(x, y, 1.0 / x.rows()), LOSS, OUT, features);
    return new Evaluation(out.get(LOSS).getDouble(0), out.get(OUT), fromInput ? x : out.get(features));
  }

  private boolean kernelRuns(INDArray x, INDArray y) {
    return kernel != null && x.dataType() == dtype && y.dataType() == dtype;
  }

  /** One kernel pass over [1, N, d] views of x and y at the live parameters (forward only without gradients). */
  private void runKernel(INDArray x, INDArray y, boolean gradients) {
    kernel.compute(stacked(x, 0), stacked(y, 1), stacked(weights), stacked(biases), gradients);
  }

  /**
   * The [1, N, d] view of a batch the kernel takes; made once while the same array comes back (the training
   * loop's shared minibatch arrays, the probe set), since every view is a native buffer object for ND4J.
   */
  private INDArray stacked(INDArray a, int slot) {
    if (lastBatch[slot] != a) {
      lastBatch[slot] = a;
      lastStacked[slot] = a.reshape(1, a.rows(), a.columns());
    }
    return lastStacked[slot];
  }

  @Override
  public boolean probeSitesHoldWeightGradients() {
    return true;
  }

  /**
   * One {@link LayerSample} per weight layer on the given samples: h_a, h_b from the forward pass,
   * g_b = −∂ℓ/∂h_b of each sample's own loss (samples do not couple, so N times the batch-mean loss's
   * gradient rows) and g_a = g_b · w_lᵀ (exact for a dense layer). Through the kernel when it runs this
   * shape and dtype, else the SameDiff graph.
   */
  @Override
  public List<LayerSample> probe(INDArray x, INDArray y) {
    if (!kernelRuns(x, y)) {
      return probeSameDiff(x, y);
    }
    runKernel(x, y, true);
    return samplesFromKernel(x);
  }

  /** The probe sites' samples from the kernel's last pass (forward and backward) over x. */
  private List<LayerSample> samplesFromKernel(INDArray x) {
    long n = x.rows();
    List<LayerSample> out = new ArrayList<>();
    for (int l = 1; l <= depth(); l++) {
      INDArray m = param(weights.get(l - 1));
      INDArray hA = l == 1 ? x.dup() : kernel.activation(l - 1).reshape(n, m.rows()).dup();
      INDArray hB = kernel.preActivation(l).reshape(n, m.columns()).dup();
      INDArray gB = kernel.preActivationGradient(l).reshape(n, m.columns()).mul(-n);
      INDArray gA = Nd4j.gemm(gB, m, false, true);
      out.add(LayerSample.fromRowMajorWeight(l, layerName(l), SiteKind.DENSE, hA, hB, gA, gB, m.dup()));
    }
    return out;
  }

  /** The same from the SameDiff graph's summed loss (the kernel's reference). */
  List<LayerSample> probeSameDiff(INDArray x, INDArray y) {
    Map<String, INDArray> feed = feed(x, y, 1.0);
    List<String> acts = new ArrayList<>(inputs.subList(1, inputs.size()));
    acts.addAll(preActivations);
    OutAndGrad og = sd.calculateGradientsAndOutputs(feed, acts, preActivations);
    List<LayerSample> out = new ArrayList<>();
    for (int l = 1; l <= depth(); l++) {
      INDArray hA = l == 1 ? x : og.getOutputs().get(inputs.get(l - 1));
      INDArray hB = og.getOutputs().get(preActivations.get(l - 1));
      INDArray gB = og.getGradients().get(preActivations.get(l - 1)).neg();
      INDArray m = param(weights.get(l - 1));
      INDArray gA = Nd4j.gemm(gB, m, false, true);
      out.add(LayerSample.fromRowMajorWeight(l, layerName(l), SiteKind.DENSE, hA.dup(), hB.dup(), gA, gB, m.dup()));
    }
    return out;
  }
}
