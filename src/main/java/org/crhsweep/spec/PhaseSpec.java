package org.crhsweep.spec;

import java.io.Serializable;

/**
 * Thresholds of the phase classification (docs/science.md): alignment {@code threshold} and {@code
 * margin}, exponent {@code exponentTolerance} and {@code minR2}, the two-way fits' agreement {@code
 * reciprocalTolerance} (|p·q − 1| at most this), over the {@code finalFraction} of the probe steps. It does
 * not change a training, so it is not part of a point id.
 */
public record PhaseSpec(double threshold, double margin, double exponentTolerance, double minR2,
    double finalFraction, double reciprocalTolerance) implements Serializable {

  /**
   * Default agreement of the two fits. Least squares of y on x and of x on y over the same points have
   * slopes whose product is R², so with R² at the default min_r2 (0.9) even one shared basis puts p·q near
   * 0.9; 0.2 leaves as much again for the two eigenbases differing.
   */
  public static final double DEFAULT_RECIPROCAL_TOLERANCE = 0.2;

  public PhaseSpec {
    Check.inRange("phase.threshold", threshold, 0, false, 1, true);
    Check.inRange("phase.margin", margin, 0, true, 1, true);
    Check.positive("phase.exponent_tolerance", exponentTolerance);
    Check.inRange("phase.min_r2", minR2, 0, true, 1, true);
    Check.inRange("phase.final_fraction", finalFraction, 0, false, 1, true);
    Check.inRange("phase.reciprocal_tolerance", reciprocalTolerance, 0, false, 1, true);
  }

  /** The same with the default {@code reciprocal_tolerance}. */
  public PhaseSpec(double threshold, double margin, double exponentTolerance, double minR2, double finalFraction) {
    this(threshold, margin, exponentTolerance, minR2, finalFraction, DEFAULT_RECIPROCAL_TOLERANCE);
  }

  public static PhaseSpec defaults() {
    return new PhaseSpec(0.8, 0.1, 0.15, 0.9, 0.2, DEFAULT_RECIPROCAL_TOLERANCE);
  }

  /** The same spec with other alignment threshold, R² floor and exponent tolerance (a cell of a sensitivity grid). */
  public PhaseSpec withThresholds(double newThreshold, double newMinR2, double newExponentTolerance) {
    return new PhaseSpec(newThreshold, margin, newExponentTolerance, newMinR2, finalFraction, reciprocalTolerance);
  }
}
