package org.crhsweep.train;

import org.crhsweep.spec.OptimizerKind;

/**
 * The update rule of a point. {@code SGD} (the default everywhere, docs/science.md):
 * {@code W ← W − lr·(∇W + wd·W)}, with optional momentum. {@code ADAMW} (the paper's transformer setting), with
 * decoupled weight decay:
 * {@code m ← β1·m + (1−β1)·∇W}, {@code v ← β2·v + (1−β2)·∇W²}, {@code m̂ = m/(1−β1^t)}, {@code v̂ = v/(1−β2^t)},
 * {@code W ← W − lr·(m̂/(√v̂ + eps) + wd·W)}, the decay term only on decayed parameters.
 */
public record Optimizer(OptimizerKind kind, double beta1, double beta2, double eps) {

  public Optimizer {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer must be sgd or adamw, got null");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("adamw betas must be in [0, 1), got beta1 " + beta1 + ", beta2 " + beta2);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("adamw eps must be > 0, got " + eps);
    }
  }

  /** Plain SGD (the betas and eps are unused and kept at AdamW's defaults). */
  public static Optimizer sgd() {
    return new Optimizer(OptimizerKind.SGD, 0.9, 0.999, 1e-8);
  }

  public static Optimizer adamw(double beta1, double beta2, double eps) {
    return new Optimizer(OptimizerKind.ADAMW, beta1, beta2, eps);
  }

  public boolean adamw() {
    return kind == OptimizerKind.ADAMW;
  }
}
