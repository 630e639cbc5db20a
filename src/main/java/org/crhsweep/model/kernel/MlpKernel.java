package org.crhsweep.model.kernel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.crhsweep.linalg.HostMemory;
import org.crhsweep.spec.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward and backward pass of K stacked MLPs of one {@link MlpShape} (the math of {@code model.PackedMlp}'s
 * graph: {@code pre_l = in_l · w_l + b_l} per member, hidden layers activated, per-member batch-mean MSE or
 * cross-entropy) as explicit ND4J ops writing into arrays allocated once per batch size, the custom ops' native
 * contexts built once too, so a step allocates no work arrays; on the CPU backend the products are direct BLAS
 * gemm calls, one per member ({@link BatchedGemm}). {@link #compute} fills {@link #losses()} [K] and the
 * gradients (views of one flat array in {@link MlpLayout}'s order, {@link #gradients()}), which this kernel owns
 * and overwrites on every call: they are valid until the next call.
 * Activations: tanh, relu, linear ({@link #supports}); anything else stays on SameDiff. One kernel per model,
 * used by one thread at a time.
 */
public final class MlpKernel {

  // Package-private: each batch size's BatchBuffers is built from these.
  final MlpShape shape;
  final DataType dtype;
  final int models;
  /** dims[l] = width of layer l's output; dims[0] = input dim. */
  final int[] dims;
  private final INDArray losses;
  /** Every gradient of every member, flat in {@link MlpLayout}'s order; gradW and gradB are views of it. */
  private final INDArray gradients;
  final INDArray[] gradW;
  final INDArray[] gradB;
  /** Whether the matmuls call BLAS directly ({@link BatchedGemm#supports}). */
  final boolean blas;
  /** Whether the activations and their gradients run on the JDK's Vector API where they can ({@link VectorSteps}). */
  final boolean vector;
  /** ℓ per sample = lossFactor · (Σ (out − y)² for MSE, Σ y log softmax for cross-entropy). */
  final double lossFactor;

  /** Work arrays and prepared ops per batch size (training and probe batches alternate in unpacked training). */
  private final Map<Long, BatchBuffers> byBatch = new HashMap<>();
  /** The buffers of the last {@link #compute} (its activations and pre-activation gradients). */
  private BatchBuffers last;

  /** A kernel for K members of {@code shape} in {@code dtype}; {@code shape} must be {@link #supports supported}. */
  public MlpKernel(MlpShape shape, DataType dtype, int models) {
    this(shape, dtype, models, BatchedGemm.supports(dtype));
  }

  /** With {@code blas} false: ND4J's batched Mmul and reductions even where BLAS could be called (other backends). */
  MlpKernel(MlpShape shape, DataType dtype, int models, boolean blas) {
    this(shape, dtype, models, blas, blas && shape.activation() != Activation.LINEAR && VectorSteps.use());
  }

  /** With {@code vector} false: activations and their gradients as ND4J ops even where the Vector API could. */
  MlpKernel(MlpShape shape, DataType dtype, int models, boolean blas, boolean vector) {
    if (!supports(shape)) {
      throw new IllegalArgumentException("MlpKernel supports activation tanh, relu or linear, got "
          + shape.activation().label() + " (use the SameDiff graph)");
    }
    if (models < 1) {
      throw new IllegalArgumentException("MlpKernel needs models >= 1, got " + models);
    }
    this.shape = shape;
    this.dtype = dtype;
    this.models = models;
    int depth = shape.depth();
    this.dims = shape.dims();
    this.losses = Nd4j.create(dtype, models);
    MlpLayout layout = new MlpLayout(shape, models);
    this.gradients = Nd4j.create(dtype, layout.size());
    this.gradW = new INDArray[depth];
    this.gradB = new INDArray[shape.bias() ? depth : 0];
    for (int l = 1; l <= depth; l++) {
      gradW[l - 1] = layout.weight(gradients, l);
      if (shape.bias()) {
        gradB[l - 1] = layout.bias(gradients, l);
      }
    }
    this.lossFactor = shape.crossEntropy() ? -1 : 0.5;
    if (blas && !BatchedGemm.supports(dtype)) {
      throw new IllegalArgumentException("BLAS needs the CPU backend and float32 or float64, got " + dtype);
    }
    this.blas = blas;
    this.vector = vector;
  }

  /** Where this JVM's kernels compute tanh and relu: "Vector API", or "ND4J (why)" ({@link VectorSteps}). */
  public static String activationsOn() {
    return VectorSteps.enabled() ? "Vector API" : "ND4J (" + VectorSteps.OFF_BECAUSE + ")";
  }

  /** Whether the kernel computes this shape (its activation is tanh, relu or linear). */
  public static boolean supports(MlpShape shape) {
    Activation a = shape.activation();
    return a == Activation.TANH || a == Activation.RELU || a == Activation.LINEAR;
  }

  /**
   * Losses and gradients for x [K, B, d_in] and y [K, B, d_out] at the given parameters (w_l [K, d_in, d_out],
   * b_l [K, 1, d_out], layer order; no biases when the shape has none). Results land in {@link #losses()},
   * {@link #weightGradient} and {@link #biasGradient}, overwritten by the next call.
   */
  public void compute(INDArray x, INDArray y, List<INDArray> weights, List<INDArray> biases) {
    compute(x, y, weights, biases, true);
  }

  /**
   * The same; without {@code gradients} only the forward pass and the losses: the parameter and
   * pre-activation gradients are then not valid.
   */
  public void compute(INDArray x, INDArray y, List<INDArray> weights, List<INDArray> biases, boolean gradients) {
    check(x, y, weights, biases);
    if (blas) {
      x = contiguous(x);
    }
    long b = x.size(1);
    BatchBuffers u = byBatch.computeIfAbsent(b, size -> new BatchBuffers(this, size));
    last = u;
    int depth = shape.depth();
    INDArray[] pre = u.pre;
    INDArray[] act = u.act;
    INDArray[] delta = u.delta;
    // Forward: pre_l = in · w_l (+ b_l); hidden layers activated.
    for (int l = 1; l <= depth; l++) {
      KernelStep mm = u.forward[l - 1];
      if (l == 1) {
        mm.input(0, x);
      }
      mm.input(1, blas ? contiguous(weights.get(l - 1)) : weights.get(l - 1));
      mm.run();
      if (shape.bias()) {
        u.addBias[l - 1].input(1, biases.get(l - 1));
        u.addBias[l - 1].run();
      }
      if (l < depth && u.activate[l - 1] != null) {
        u.activate[l - 1].run();
      }
    }
    INDArray d = delta[depth - 1];
    if (shape.crossEntropy()) {
      // ℓ = −Σ_j y_j log softmax_j; ∂ℓ/∂out = softmax · Σ_j y_j − y (exact for targets that are not one-hot).
      u.logSoftmax.run();
      y.mul(d, u.lossScratch);
      for (int k = 0; k < models; k++) {
        losses.putScalar(k, Nd4j.getBlasWrapper().level1().dot(u.lossOnes.length(), 1.0, u.memberScratch[k], u.lossOnes));
      }
      Nd4j.exec(new Exp(d, d));
      y.sum(u.targetMass, true, 2);
      u.scaleByMass.run();
      d.subi(y);
    } else {
      // ℓ = ½‖out − y‖²; ∂ℓ/∂out = out − y.
      u.residual.input(1, y);
      u.residual.run();
      // Per member by BLAS on a view made once: ND4J's SquaredNorm over dims (1, 2) took up to ~1 ms for a
      // 1024 x 4 batch here (a third of a measurement's train-loss evaluation); nrm2 takes a few µs.
      for (int k = 0; k < models; k++) {
        double norm = Nd4j.getBlasWrapper().level1().nrm2(u.memberDelta[k]);
        losses.putScalar(k, norm * norm);
      }
    }
    u.scaleLosses.run();
    if (!gradients) {
      return;
    }
    u.scaleDelta.run();
    // Backward: ∂/∂w_l = in_lᵀ · δ_l, ∂/∂b_l = Σ_samples δ_l, δ_{l-1} = (δ_l · w_lᵀ) ⊙ act'(pre_{l-1}).
    for (int l = depth; l >= 1; l--) {
      if (l == 1) {
        u.weightGrad[0].input(0, x);
      }
      u.weightGrad[l - 1].run();
      if (shape.bias()) {
        if (blas) {
          u.biasGrad[l - 1].run();
        } else {
          delta[l - 1].sum(gradB[l - 1], true, 1);
        }
      }
      if (l > 1) {
        u.backward[l - 2].input(1, blas ? contiguous(weights.get(l - 1)) : weights.get(l - 1));
        u.backward[l - 2].run();
        u.activationGradient(l - 1);
      }
    }
  }

  /** {@code a} itself when BLAS can read it in place ({@link HostMemory#dense}), else a contiguous copy. */
  private static INDArray contiguous(INDArray a) {
    return HostMemory.dense(a) ? a : a.dup('c');
  }

  private void check(INDArray x, INDArray y, List<INDArray> weights, List<INDArray> biases) {
    if (x.rank() != 3 || x.size(0) != models || x.size(2) != dims[0]) {
      throw new IllegalArgumentException(String.format("x must be [%d, B, %d], got %s", models, dims[0],
          Arrays.toString(x.shape())));
    }
    if (y.rank() != 3 || y.size(0) != models || y.size(1) != x.size(1) || y.size(2) != shape.outputDim()) {
      throw new IllegalArgumentException(String.format("y must be [%d, %d, %d], got %s", models, x.size(1),
          shape.outputDim(), Arrays.toString(y.shape())));
    }
    if (x.dataType() != dtype || y.dataType() != dtype) {
      throw new IllegalArgumentException("x and y must be " + dtype + " like the parameters, got x " + x.dataType()
          + ", y " + y.dataType());
    }
    if (weights.size() != shape.depth() || biases.size() != gradB.length) {
      throw new IllegalArgumentException(String.format("expected %d weights and %d biases, got %d and %d",
          shape.depth(), gradB.length, weights.size(), biases.size()));
    }
  }

  /** Per-member batch-mean losses, [K]; valid until the next {@link #compute}. */
  public INDArray losses() {
    return losses;
  }

  /** Every gradient, flat in {@link MlpLayout}'s order (the per-layer ones are views of it); valid until the next
   * {@link #compute}. */
  public INDArray gradients() {
    return gradients;
  }

  /** ∂loss/∂w_l (l 1-based), [K, d_in, d_out]; valid until the next {@link #compute}. */
  public INDArray weightGradient(int layer) {
    return gradW[layer - 1];
  }

  /** ∂loss/∂b_l (l 1-based), [K, 1, d_out]; valid until the next {@link #compute}. */
  public INDArray biasGradient(int layer) {
    return gradB[layer - 1];
  }

  /**
   * Layer l's pre-activation (l 1-based; layer depth's is the network output), [K, B, d_l], from the last
   * {@link #compute}; valid until the next.
   */
  public INDArray preActivation(int layer) {
    return lastBuffers().pre[layer - 1];
  }

  /** Hidden layer l's activation (the next layer's input), [K, B, d_l], from the last {@link #compute}. */
  public INDArray activation(int layer) {
    if (layer < 1 || layer >= shape.depth()) {
      throw new IllegalArgumentException("activation of hidden layer 1.." + (shape.depth() - 1) + ", got " + layer);
    }
    return lastBuffers().act[layer - 1];
  }

  /** ∂loss/∂pre_l of the batch-mean loss (l 1-based), [K, B, d_l], from the last {@link #compute}. */
  public INDArray preActivationGradient(int layer) {
    return lastBuffers().delta[layer - 1];
  }

  private BatchBuffers lastBuffers() {
    if (last == null) {
      throw new IllegalStateException("no batch computed yet");
    }
    return last;
  }

  /**
   * Name → gradient array for a network that names its weights and biases in layer order, each array
   * seen through {@code view} (as is for a pack; [d_in, d_out] views for a single MLP). The arrays are this
   * kernel's own, so the map is built once and stays valid.
   */
  public Map<String, INDArray> gradientsByName(List<String> weightNames, List<String> biasNames,
      UnaryOperator<INDArray> view) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (int l = 1; l <= weightNames.size(); l++) {
      out.put(weightNames.get(l - 1), view.apply(weightGradient(l)));
    }
    for (int l = 1; l <= biasNames.size(); l++) {
      out.put(biasNames.get(l - 1), view.apply(biasGradient(l)));
    }
    return out;
  }

  /** The entries of {@code byName} that {@code params} asks for; a name the network lacks is an error. */
  public static Map<String, INDArray> select(Map<String, INDArray> byName, List<String> params) {
    Map<String, INDArray> grads = new HashMap<>();
    for (String name : params) {
      INDArray g = byName.get(name);
      if (g == null) {
        throw new IllegalArgumentException("unknown MLP parameter '" + name + "' (allowed: " + byName.keySet() + ")");
      }
      grads.put(name, g);
    }
    return grads;
  }
}
