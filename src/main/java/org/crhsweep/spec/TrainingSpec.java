package org.crhsweep.spec;

import java.io.Serializable;

/**
 * How every point of a sweep trains for a fixed step count: plain SGD (with optional momentum, the
 * default) or AdamW ({@code optimizer}) with {@code adamBeta1}, {@code adamBeta2}, {@code adamEps}
 * (kept at their defaults under SGD, so they cannot change an SGD point's id). {@code pack} is how the
 * points execute, not what they compute: up to {@code pack} SGD MLP points that differ only in learning
 * rate, weight decay and seed train as one packed computation. It is left out of the canonical JSON, so
 * it changes neither point ids nor the spec hash. {@code checkpoint} is likewise what a point stores, not
 * what it computes ({@code final}: its last parameters and probe set, for {@code crh dump}); it travels
 * with the point's JSON but stays out of ids and the spec hash.
 */
public record TrainingSpec(
    int steps, int probeEvery, double momentum, Loss loss, boolean decayBiases, DType dtype,
    OptimizerKind optimizer, double adamBeta1, double adamBeta2, double adamEps, int pack, Checkpoint checkpoint)
    implements Serializable {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;

  public static final int DEFAULT_STEPS = 3000;
  public static final int DEFAULT_PROBE_EVERY = 300;
  public static final int MAX_PACK = 256;
  public static final int MAX_STEPS = 10_000_000;
  /** Probe steps per point: each writes rows for every layer, relation and statistic. */
  public static final int MAX_PROBES = 100_000;

  public TrainingSpec {
    Check.atLeastAtMost("training.steps", steps, 1, MAX_STEPS);
    Check.atLeast("training.probe_every", probeEvery, 1);
    if (probeEvery > steps) {
      throw SpecException.field(
          "training.probe_every", "must be <= training.steps (" + steps + "), got " + probeEvery);
    }
    if (steps / probeEvery > MAX_PROBES) {
      throw SpecException.field("training.probe_every", "must give at most " + MAX_PROBES
          + " probe steps (training.steps / probe_every, training.steps " + steps + "), got " + probeEvery);
    }
    Check.inRange("training.momentum", momentum, 0, true, 1, false);
    Check.notNull("training.loss", loss);
    Check.notNull("training.dtype", dtype);
    Check.notNull("training.optimizer", optimizer);
    if (optimizer == OptimizerKind.ADAMW) {
      if (momentum != 0) {
        throw SpecException.field("training.momentum", "is for sgd only (adamw has adam_beta1), got "
            + Check.num(momentum));
      }
      Check.inRange("training.adam_beta1", adamBeta1, 0, true, 1, false);
      Check.inRange("training.adam_beta2", adamBeta2, 0, true, 1, false);
      Check.positive("training.adam_eps", adamEps);
    } else {
      adamBeta1 = DEFAULT_BETA1;
      adamBeta2 = DEFAULT_BETA2;
      adamEps = DEFAULT_EPS;
    }
    if (pack < 1 || pack > MAX_PACK) {
      throw SpecException.field("training.pack", "must be in [1, " + MAX_PACK + "] (1 = off), got " + pack);
    }
    Check.notNull("training.checkpoint", checkpoint);
  }

  /** Without a checkpoint. */
  public TrainingSpec(int steps, int probeEvery, double momentum, Loss loss, boolean decayBiases, DType dtype,
      OptimizerKind optimizer, double adamBeta1, double adamBeta2, double adamEps, int pack) {
    this(steps, probeEvery, momentum, loss, decayBiases, dtype, optimizer, adamBeta1, adamBeta2, adamEps, pack,
        Checkpoint.NONE);
  }

  /** Unpacked (pack 1). */
  public TrainingSpec(int steps, int probeEvery, double momentum, Loss loss, boolean decayBiases, DType dtype,
      OptimizerKind optimizer, double adamBeta1, double adamBeta2, double adamEps) {
    this(steps, probeEvery, momentum, loss, decayBiases, dtype, optimizer, adamBeta1, adamBeta2, adamEps, 1);
  }

  /** Plain SGD. */
  public TrainingSpec(int steps, int probeEvery, double momentum, Loss loss, boolean decayBiases, DType dtype) {
    this(steps, probeEvery, momentum, loss, decayBiases, dtype, OptimizerKind.SGD, DEFAULT_BETA1, DEFAULT_BETA2,
        DEFAULT_EPS);
  }

  /** The defaults with the given loss (which depends on the dataset kind). */
  public static TrainingSpec defaults(Loss loss) {
    return new TrainingSpec(DEFAULT_STEPS, DEFAULT_PROBE_EVERY, 0.0, loss, false, DType.FLOAT32);
  }

  /**
   * The probe steps: 0, probeEvery, 2*probeEvery, ..., and steps (always included, no duplicate).
   */
  public long[] probeSteps() {
    int regular = steps / probeEvery + 1;
    boolean lastIsRegular = steps % probeEvery == 0;
    long[] result = new long[lastIsRegular ? regular : regular + 1];
    for (int i = 0; i < regular; i++) {
      result[i] = (long) i * probeEvery;
    }
    result[result.length - 1] = steps;
    return result;
  }
}
