package org.crhsweep.train;

/**
 * Scalars of one measurement. {@code trainLoss}: mean loss on a fixed subset of the training set
 * (up to 1024 samples); {@code probeLoss} and {@code accuracy} (NaN for regression) on the probe set;
 * {@code weightNorm}: √Σ‖W_l‖²_F over weight matrices; {@code gradNorm}: norm of the probe-set
 * mean-loss gradient over the same weights; {@code nc1}: neural collapse tr(Σ_W Σ_B⁺)/C of the
 * penultimate features on the probe set (NaN for regression).
 */
public record TrainingStats(long step, double trainLoss, double probeLoss, double accuracy, double weightNorm,
    double gradNorm, double nc1) {

  /** False once training has diverged: the loss or the weights are no longer finite. */
  public boolean finite() {
    return Double.isFinite(trainLoss) && Double.isFinite(weightNorm);
  }
}
