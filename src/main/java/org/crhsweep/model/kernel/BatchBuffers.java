package org.crhsweep.model.kernel;

import java.util.function.Supplier;
import org.crhsweep.spec.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The work arrays and prepared ops of one {@link MlpKernel} for one batch size B: allocated once, then every
 * step of that size re-points the inputs that change (x, y, the parameters) and runs the prepared steps. The
 * products and the gradients' targets are the kernel's own arrays, so a step allocates nothing.
 */
final class BatchBuffers {

  private final MlpShape shape;
  private final DataType dtype;
  private final int models;
  /** Whether the matmuls call BLAS directly, and the activations run on the Vector API where they can. */
  private final boolean blas;
  private final boolean vector;

  /** pre[l-1] = pre-activation of layer l, [K, B, d_l]; the last one is the network output. */
  final INDArray[] pre;
  /** act[l-1] = activation of hidden layer l (the same array as pre for linear). */
  final INDArray[] act;
  /** delta[l-1] = ∂loss/∂pre_l, [K, B, d_l]. */
  final INDArray[] delta;
  /** [K, B, d_out] scratch for the loss; [K, B, 1] Σ_j y_j (cross-entropy); [K, B, width] for tanh'. */
  INDArray lossScratch;
  /** Per member k: its slice of the output-layer δ and of lossScratch, flat; a vector of B·d_out ones. */
  INDArray[] memberDelta;
  INDArray[] memberScratch;
  INDArray lossOnes;
  INDArray targetMass;
  INDArray hiddenScratch;
  /** Per layer l (index l-1): pre_l = in·w_l, pre_l += b_l, ∂w_l = inᵀ·δ_l. */
  final KernelStep[] forward;
  final KernelStep[] addBias;
  final KernelStep[] weightGrad;
  /** Per hidden layer l (index l-1): δ_l = δ_{l+1}·w_{l+1}ᵀ, δ_l ⊙= relu'(pre_l). */
  final KernelStep[] backward;
  final KernelStep[] reluGrad;
  /** Per hidden layer: act = f(pre) (null for linear). */
  final KernelStep[] activate;
  KernelStep logSoftmax;
  KernelStep scaleByMass;
  /** Per layer (BLAS only, else null): ∂b_l = 1ᵀ·δ_l with {@code ones} [K, B, 1]. */
  final KernelStep[] biasGrad;
  /**
   * Per hidden layer (tanh): δ ⊙= 1 − a² in one Vector API pass ({@link VectorSteps}), else as ND4J ops: s = a²,
   * s = 1 − s (legacy ops: with two tasks in one JVM a custom op's registry and shape work took 1.3-1.4x as long
   * as alone, these 1.2x), δ ⊙= s (s is hiddenScratch); the same bits either way.
   */
  final KernelStep[] tanhGrad;
  /** MSE: δ = out − y (input 1 is y); losses and δ scaled by their constant factors. */
  KernelStep residual;
  KernelStep scaleLosses;
  KernelStep scaleDelta;

  BatchBuffers(MlpKernel kernel, long b) {
    this.shape = kernel.shape;
    this.dtype = kernel.dtype;
    this.models = kernel.models;
    this.blas = kernel.blas;
    this.vector = kernel.vector;
    int[] dims = kernel.dims;
    INDArray[] gradW = kernel.gradW;
    INDArray[] gradB = kernel.gradB;
    INDArray losses = kernel.losses();
    double lossFactor = kernel.lossFactor;
    int depth = shape.depth();
    boolean bias = shape.bias();
    pre = new INDArray[depth];
    act = new INDArray[depth];
    delta = new INDArray[depth];
    forward = new KernelStep[depth];
    addBias = new KernelStep[bias ? depth : 0];
    weightGrad = new KernelStep[depth];
    backward = new KernelStep[depth - 1];
    reluGrad = new KernelStep[depth - 1];
    activate = new KernelStep[depth - 1];
    biasGrad = new KernelStep[bias ? depth : 0];
    tanhGrad = new KernelStep[depth - 1];
    for (int l = 1; l <= depth; l++) {
      pre[l - 1] = Nd4j.create(dtype, models, b, dims[l]);
      delta[l - 1] = Nd4j.create(dtype, models, b, dims[l]);
      boolean hidden = l < depth;
      act[l - 1] = hidden && shape.activation() != Activation.LINEAR
          ? Nd4j.create(dtype, models, b, dims[l]) : pre[l - 1];
      if (hidden) {
        activate[l - 1] = activation(pre[l - 1], act[l - 1]);
      }
    }
    lossScratch = Nd4j.create(dtype, models, b, dims[depth]);
    targetMass = Nd4j.create(dtype, models, b, 1);
    hiddenScratch = depth > 1 ? Nd4j.create(dtype, models, b, shape.width()) : null;
    // Inputs that change per call (x, parameters) start as stand-ins of the right shape and are re-pointed.
    INDArray x0 = Nd4j.create(dtype, models, b, dims[0]);
    for (int l = 1; l <= depth; l++) {
      INDArray in = l == 1 ? x0 : act[l - 2];
      INDArray w = gradW[l - 1];
      forward[l - 1] = matmul(in, w, pre[l - 1], false, false, (int) b, dims[l], dims[l - 1]);
      if (shape.bias()) {
        INDArray p = pre[l - 1];
        addBias[l - 1] = blas ? BlasSteps.addRow(p, gradB[l - 1])
            : KernelStep.custom(new AddOp(new INDArray[] {p, gradB[l - 1]}, new INDArray[] {p}));
      }
      weightGrad[l - 1] = matmul(in, delta[l - 1], gradW[l - 1], true, false, dims[l - 1], dims[l], (int) b);
      if (l > 1) {
        backward[l - 2] = matmul(delta[l - 1], w, delta[l - 2], false, true, (int) b, dims[l - 1], dims[l]);
        INDArray p = pre[l - 2];
        INDArray e = delta[l - 2];
        reluGrad[l - 2] = vectorOr(() -> VectorSteps.reluGradient(p, e),
            () -> KernelStep.custom(new ThresholdReluBp(p, e, e, 0.0)));
      }
    }
    INDArray d = delta[depth - 1];
    // Each member's output-layer δ and loss scratch as flat [B·d_out] views (a member's rows are contiguous).
    long entries = b * dims[depth];
    memberDelta = new INDArray[models];
    memberScratch = new INDArray[models];
    for (int k = 0; k < models; k++) {
      memberDelta[k] = d.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all()).reshape(entries);
      memberScratch[k] = lossScratch.get(NDArrayIndex.point(k), NDArrayIndex.all(), NDArrayIndex.all())
          .reshape(entries);
    }
    lossOnes = Nd4j.ones(dtype, entries);
    logSoftmax = KernelStep.custom(new LogSoftMax(pre[depth - 1], d));
    scaleByMass = KernelStep.custom(new MulOp(new INDArray[] {d, targetMass}, new INDArray[] {d}));
    INDArray y0 = Nd4j.create(dtype, models, b, dims[depth]);
    if (blas) {
      // The same arithmetic as the ops below, as BLAS calls (BlasSteps: no ND4J op per call).
      residual = BlasSteps.difference(pre[depth - 1], y0, d);
      scaleLosses = BlasSteps.scale(losses, lossFactor * (1.0 / b));
      scaleDelta = BlasSteps.scale(d, 1.0 / b);
    } else {
      residual = KernelStep.custom(new SubOp(new INDArray[] {pre[depth - 1], y0}, new INDArray[] {d}));
      scaleLosses = KernelStep.custom(new MulOp(new INDArray[] {losses, Nd4j.scalar(dtype, lossFactor * (1.0 / b))},
          new INDArray[] {losses}));
      scaleDelta = KernelStep.custom(new MulOp(new INDArray[] {d, Nd4j.scalar(dtype, 1.0 / b)},
          new INDArray[] {d}));
    }
    if (blas && shape.bias()) {
      INDArray ones = Nd4j.ones(dtype, models, b, 1);
      for (int l = 1; l <= depth; l++) {
        biasGrad[l - 1] = matmul(ones, delta[l - 1], gradB[l - 1], true, false, 1, dims[l], (int) b);
      }
    }
    if (shape.activation() == Activation.TANH && depth > 1) {
      INDArray s = hiddenScratch;
      for (int l = 1; l < depth; l++) {
        INDArray a = act[l - 1];
        INDArray eps = delta[l - 1];
        tanhGrad[l - 1] = vectorOr(() -> VectorSteps.tanhGradient(a, eps), () -> {
          KernelStep square = KernelStep.legacy(new org.nd4j.linalg.api.ops.impl.transforms.same.Square(a, s));
          KernelStep oneMinus = KernelStep.legacy(new org.nd4j.linalg.api.ops.impl.transforms.same.OneMinus(s, s));
          KernelStep times = KernelStep.custom(new MulOp(new INDArray[] {eps, s}, new INDArray[] {eps}));
          return () -> {
            square.run();
            oneMinus.run();
            times.run();
          };
        });
      }
    }
  }

  /** δ_l ← δ_l ⊙ act'(pre_l), in place (hidden layer l). */
  void activationGradient(int l) {
    switch (shape.activation()) {
      case TANH -> {
        // 1 − tanh² from the stored activation: M2.1's tanh_bp recomputes tanh and costs more than these three.
        tanhGrad[l - 1].run();
      }
      case RELU -> reluGrad[l - 1].run();
      case LINEAR -> { }
      default -> throw new IllegalStateException("unsupported activation " + shape.activation());
    }
  }

  /** The Vector API's step where this kernel uses it and it applies ({@link VectorSteps}), else ND4J's. */
  private KernelStep vectorOr(Supplier<KernelStep> onVectors, Supplier<KernelStep> onNd4j) {
    KernelStep v = vector ? onVectors.get() : null;
    return v != null ? v : onNd4j.get();
  }

  /** act = f(pre) for a hidden layer, prepared once; null for linear (act is pre). */
  private KernelStep activation(INDArray p, INDArray a) {
    return switch (shape.activation()) {
      case TANH -> vectorOr(() -> VectorSteps.tanh(p, a), () -> KernelStep.legacy(new Tanh(p, a)));
      case RELU -> vectorOr(() -> VectorSteps.relu(p, a), () -> KernelStep.legacy(new RectifiedLinear(p, a, 0.0)));
      case LINEAR -> null;
      default -> throw new IllegalStateException("unsupported activation " + shape.activation());
    };
  }

  /**
   * {@code c = op(a) · op(b)} per member (op(a) is m x k, op(b) k x n): direct BLAS calls on the CPU backend
   * ({@link BatchedGemm}), ND4J's batched Mmul elsewhere.
   */
  private KernelStep matmul(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, int m, int n, int k) {
    if (!blas) {
      return KernelStep.custom(new Mmul(a, b, c, 1.0, 0.0,
          MMulTranspose.builder().transposeA(transA).transposeB(transB).build()));
    }
    BatchedGemm g = new BatchedGemm(dtype, models, transA, transB, m, n, k);
    g.operand(0, a);
    g.operand(1, b);
    g.operand(2, c);
    return KernelStep.gemm(g);
  }
}
