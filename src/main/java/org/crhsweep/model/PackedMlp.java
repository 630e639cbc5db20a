package org.crhsweep.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    SDVariable x = sd.placeHolder(X, dtype, models, -1, shape.inputDim());
    SDVariable y = sd.placeHolder(Y, dtype, models, -1, shape.outputDim());
    SDVariable scale = sd.placeHolder(SCALE, dtype);
    SDVariable in = x;
    int depth = shape.depth();
    for (int l = 1; l <= depth; l++) {
      String wName = first.weightNames().get(l - 1);
      SDVariable w = sd.var(wName, stack(members, wName));
      weights.add(wName);
      SDVariable pre = sd.mmul(in, w);
      if (shape.bias()) {
        String bName = first.biasNames().get(l - 1);
        SDVariable b = sd.var(bName, stack(members, bName));
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

  private INDArray stack(List<Mlp> members, String name) {
    INDArray one = members.get(0).param(name);
    INDArray out = Nd4j.create(dtype, models, one.rows(), one.columns());
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

  /** The live stacked parameter, [K, ...]. */
  public INDArray param(String name) {
    return sd.getArrForVarName(name);
  }

  /**
   * Per-model batch-mean losses ({@link #LOSSES}, [K]) and the stacked gradients of {@code params}. For tanh,
   * relu and linear the {@link MlpKernel} computes them into arrays it reuses: they are valid until the next
   * call (PackedTrainer consumes them before that); other activations run the SameDiff graph.
   */
  public OutAndGrad lossAndGradients(INDArray x, INDArray y, List<String> params) {
    if (kernel == null || x.dataType() != dtype || y.dataType() != dtype) {
      return lossAndGradientsSameDiff(x, y, params);
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
  OutAndGrad lossAndGradientsSameDiff(INDArray x, INDArray y, List<String> params) {
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
