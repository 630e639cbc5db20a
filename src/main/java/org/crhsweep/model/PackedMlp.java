package org.crhsweep.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.model.kernel.MlpKernel;
import org.crhsweep.model.kernel.MlpLayout;
import org.crhsweep.model.kernel.MlpShape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * K MLPs of one {@link MlpShape} trained as one SameDiff graph: every parameter has a leading model
 * axis ({@code w_l} is [K, d_in, d_out], {@code b_l} is [K, 1, d_out]), each model sees its own
 * minibatch ({@code x} is [K, B, d_in]), and the layers are batched matmuls, so one op serves K points.
 * The loss is Σ_k (1/B) Σ_samples ℓ: each model's gradient is exactly its own batch-mean gradient, and
 * a model that diverges cannot touch the others (no op mixes the model axis).
 *
 * <p>Member k starts from the same parameters as {@code Mlp.build(shape, dtype, seeds[k])}, and
 * {@link #copyTo} writes member k into such an Mlp, where the unchanged probe measures it.
 */
public final class PackedMlp {

  static final String X = "x";
  static final String Y = "y";
  static final String SCALE = "scale";
  /** Per-model batch-mean losses, [K]. */
  public static final String LOSSES = "losses";

  private final SameDiff sd;
  private final MlpShape shape;
  private final DataType dtype;
  private final int models;
  private final List<String> weights = new ArrayList<>();
  private final List<String> biases = new ArrayList<>();
  private final MlpLayout layout;
  /** Every parameter of every member, flat in {@link MlpLayout}'s order; {@link #param} arrays are views of it. */
  private final INDArray flat;
  /** Parameter name → its [K, ...] view of {@link #flat}. */
  private final Map<String, INDArray> views = new HashMap<>();
  /** Gradients in the same layout (the kernel's own buffer, or one the SameDiff path copies into). */
  private final INDArray flatGradients;
  private final Map<String, INDArray> gradientViews = new HashMap<>();
  /** Computes lossAndGradients without SameDiff's per-op allocation; null for activations it lacks (gelu). */
  private final MlpKernel kernel;
  /** The kernel's gradient arrays by parameter name (they are its own, so this is built once). */
  private final Map<String, INDArray> kernelGradients;

  private PackedMlp(MlpShape shape, DataType dtype, long[] seeds) {
    this.shape = shape;
    this.dtype = dtype;
    this.models = seeds.length;
    this.sd = SameDiff.create();
    List<Mlp> members = new ArrayList<>();
    for (long seed : seeds) {
      members.add(Mlp.build(shape, dtype, seed));
    }
    Mlp first = members.get(0);
    this.layout = new MlpLayout(shape, models);
    this.flat = Nd4j.create(dtype, layout.size());
    SDVariable x = sd.placeHolder(X, dtype, models, -1, shape.inputDim());
    SDVariable y = sd.placeHolder(Y, dtype, models, -1, shape.outputDim());
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    SDVariable in = x;
    int depth = shape.depth();
    for (int l = 1; l <= depth; l++) {
      String wName = first.weightNames().get(l - 1);
      views.put(wName, stack(members, wName, layout.weight(flat, l)));
      // The graph keeps its own copies; the SameDiff path refreshes them from the views before it runs.
      SDVariable w = sd.var(wName, views.get(wName).dup());
      weights.add(wName);
      SDVariable pre = sd.mmul(in, w);
      if (shape.bias()) {
        String bName = first.biasNames().get(l - 1);
        views.put(bName, stack(members, bName, layout.bias(flat, l)));
        SDVariable b = sd.var(bName, views.get(bName).dup());
        biases.add(bName);
        pre = pre.add(b);
      }
      in = l == depth ? pre : activate(pre);
    }
    SDVariable perSample = shape.crossEntropy()
        // logSoftmax over the last axis of a [K*B, o] view: M2.1's logSoftmax(x, dim) fails to differentiate.
        ? sd.nn().logSoftmax(in.reshape(-1, shape.outputDim())).reshape(models, -1, shape.outputDim()).mul(y).sum(2).neg()
        : sd.math().squaredDifference(in, y).sum(2).mul(0.5);
    SDVariable losses = sd.identity(LOSSES, perSample.sum(1).mul(scale));
    sd.setLossVariables(losses.sum("total"));
    this.kernel = MlpKernel.supports(shape) ? new MlpKernel(shape, dtype, models) : null;
    this.kernelGradients = kernel == null ? Map.of() : kernel.gradientsByName(weights, biases, g -> g);
    this.flatGradients = kernel != null ? kernel.gradients() : Nd4j.create(dtype, layout.size());
    for (int l = 1; l <= depth; l++) {
      gradientViews.put(weights.get(l - 1), layout.weight(flatGradients, l));
      if (shape.bias()) {
        gradientViews.put(biases.get(l - 1), layout.bias(flatGradients, l));
      }
    }
  }

  /** K members, member k initialised exactly as {@code Mlp.build(shape, dtype, seeds[k])}. */
  public static PackedMlp build(MlpShape shape, DataType dtype, long... seeds) {
    if (seeds.length < 1) {
      throw new IllegalArgumentException("a pack needs at least one model");
    }
    return new PackedMlp(shape, dtype, seeds);
  }

  private SDVariable activate(SDVariable pre) {
    return switch (shape.activation()) {
      case TANH -> sd.math().tanh(pre);
      case RELU -> sd.nn().relu(pre, 0.0);
      case GELU -> sd.nn().gelu(pre);
      case LINEAR -> pre;
    };
  }

  /** Fills {@code out} (a [K, ...] view) with every member's {@code name}. */
  private INDArray stack(List<Mlp> members, String name, INDArray out) {
    for (int k = 0; k < models; k++) {
      slice(out, k).assign(members.get(k).param(name));
    }
    return out;
  }

  private static INDArray slice(INDArray packed, int k) {
    return packed.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all());
  }

  public int models() {
    return models;
  }

  public MlpShape shape() {
    return shape;
  }

  public DataType dtype() {
    return dtype;
  }

  /** Stacked weight names, layer order (decayed). */
  public List<String> weightNames() {
    return List.copyOf(weights);
  }

  /** Stacked bias names, layer order (not decayed by default). */
  public List<String> biasNames() {
    return List.copyOf(biases);
  }

  /** The live stacked parameter, [K, ...]: a view of {@link #flatParams()}. */
  public INDArray param(String name) {
    INDArray v = views.get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown MLP parameter '" + name + "' (allowed: " + views.keySet() + ")");
    }
    return v;
  }

  /** Where each parameter lives in {@link #flatParams()} and {@link #flatGradients()}. */
  public MlpLayout layout() {
    return layout;
  }

  /** Every parameter of every member, flat in {@link #layout()}'s order (live: it is what {@link #param} views). */
  public INDArray flatParams() {
    return flat;
  }

  /**
   * The gradients of the last {@link #lossAndGradients} call in {@link #flatParams()}'s layout: the
   * arrays that call returns are views of it. Overwritten by the next call.
   */
  public INDArray flatGradients() {
    return flatGradients;
  }

  /**
   * Per-model batch-mean losses ({@link #LOSSES}, [K]) and the stacked gradients of {@code params}. For tanh,
   * relu and linear the {@link MlpKernel} computes them into arrays it reuses: they are valid until the next
   * call (PackedTrainer consumes them before that); other activations run the SameDiff graph.
   */
  public OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params) {
    if (kernel == null || x.dataType() != dtype || y.dataType() != dtype) {
      // The graph's fresh gradients, copied into the flat buffer so an update over it sees them.
      Map<String, INDArray> grads = MlpKernel.select(gradientViews, params);
      OutAndGrad og = lossAndGradientsSameDiff(x, y, params);
      grads.forEach((name, view) -> view.assign(og.getGradients().get(name)));
      return new OutAndGrad(og.getOutputs(), grads);
    }
    List<INDArray> w = new ArrayList<>(weights.size());
    for (String name : weights) {
      w.add(param(name));
    }
    List<INDArray> b = new ArrayList<>(biases.size());
    for (String name : biases) {
      b.add(param(name));
    }
    kernel.compute(x, y, w, b);
    return new OutAndGrad(Map.of(LOSSES, kernel.losses()), MlpKernel.select(kernelGradients, params));
  }

  /** The same losses and gradients from the SameDiff graph (the kernel's reference; fresh arrays per call). */
  public OutAndGrad lossAndGradientsSameDiff(INDArray x, INDArray y, List<String> params) {
    for (Map.Entry<String, INDArray> e : views.entrySet()) {
      sd.getArrForVarName(e.getKey()).assign(e.getValue());
    }
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(X, x);
    ph.put(Y, y);
    ph.put(SCALE, Nd4j.scalar(dtype, 1.0 / x.size(1)));
    return sd.calculateGradientsAndOutputs(ph, List.of(LOSSES), params);
  }

  /** Writes member k's parameters into {@code target}, an Mlp of the same shape (names match). */
  public void copyTo(int k, Mlp target) {
    for (String name : weights) {
      target.param(name).assign(slice(param(name), k));
    }
    for (String name : biases) {
      target.param(name).assign(slice(param(name), k));
    }
  }
}
