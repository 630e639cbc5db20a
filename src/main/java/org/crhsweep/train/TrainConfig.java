package org.crhsweep.train;

import java.util.Arrays;

/**
 * How one point trains: plain minibatch SGD with optional momentum and weight decay applied as
 * {@code W ← W − lr·(∇W + wd·W)} (to biases only when {@code decayBiases}), or AdamW with decoupled
 * decay ({@link Optimizer}); momentum is SGD's only.
 *
 * @param probeSteps the steps at which to probe, ascending, from 0 up to {@code steps}
 * @param seed seeds the minibatch order (the model's init has its own seed)
 */
public record TrainConfig(double learningRate, int batchSize, double weightDecay, double momentum, int steps,
    boolean decayBiases, long[] probeSteps, long seed, Optimizer optimizer) {

  /** Plain SGD. */
  public TrainConfig(double learningRate, int batchSize, double weightDecay, double momentum, int steps,
      boolean decayBiases, long[] probeSteps, long seed) {
    this(learningRate, batchSize, weightDecay, momentum, steps, decayBiases, probeSteps, seed, Optimizer.sgd());
  }

  public TrainConfig {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning_rate must be > 0, got " + learningRate);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight_decay must be >= 0, got " + weightDecay);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be given (Optimizer.sgd() for plain SGD)");
    }
    if (optimizer.adamw() && momentum != 0) {
      throw new IllegalArgumentException("momentum is for sgd only, got " + momentum + " with adamw (use beta1)");
    }
    probeSteps = probeSteps.clone();
    for (int i = 1; i < probeSteps.length; i++) {
      if (probeSteps[i] <= probeSteps[i - 1]) {
        throw new IllegalArgumentException("probe steps must increase: " + Arrays.toString(probeSteps));
      }
    }
  }

  @Override
  public long[] probeSteps() {
    return probeSteps.clone();
  }
}
