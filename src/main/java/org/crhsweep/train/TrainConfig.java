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

  /** Plain SGD. The {@link #builder()} names every argument; prefer it where values of one type sit side by side. */
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

  /**
   * A config by name, DJL's way: {@code setLearningRate}, {@code setBatchSize} and {@code setSteps} are required,
   * the rest optional ({@code opt...}) with the defaults of plain SGD: no weight decay, no momentum, biases not
   * decayed, no probe steps, seed 0.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects a {@link TrainConfig} by name; {@link #build} checks it as the record does. */
  public static final class Builder {
    private Double learningRate;
    private Integer batchSize;
    private Integer steps;
    private double weightDecay;
    private double momentum;
    private boolean decayBiases;
    private long[] probeSteps = {};
    private long seed;
    private Optimizer optimizer = Optimizer.sgd();

    private Builder() {}

    public Builder setLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder setSteps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder optMomentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder optDecayBiases(boolean decayBiases) {
      this.decayBiases = decayBiases;
      return this;
    }

    /** The steps at which to probe, ascending, from 0 up to the steps. */
    public Builder optProbeSteps(long... probeSteps) {
      this.probeSteps = probeSteps.clone();
      return this;
    }

    /** Seeds the minibatch order (the model's init has its own seed). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder optOptimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public TrainConfig build() {
      if (learningRate == null || batchSize == null || steps == null) {
        throw new IllegalArgumentException("a training config needs setLearningRate, setBatchSize and setSteps, got "
            + "learning_rate " + learningRate + ", batch_size " + batchSize + ", steps " + steps);
      }
      return new TrainConfig(learningRate, batchSize, weightDecay, momentum, steps, decayBiases, probeSteps, seed,
          optimizer);
    }
  }
}
