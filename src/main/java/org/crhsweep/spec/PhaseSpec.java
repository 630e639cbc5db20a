package org.crhsweep.spec;

import java.io.Serializable;

/**
 * Thresholds of the phase classification (docs/science.md): alignment {@code threshold} and {@code
 * margin}, exponent {@code exponentTolerance} and {@code minR2}, over the {@code finalFraction} of
 * the probe steps. It does not change a training, so it is not part of a point id.
 */
public record PhaseSpec(
    double threshold, double margin, double exponentTolerance, double minR2, double finalFraction)
    implements Serializable {

  public PhaseSpec {
    Check.inRange("phase.threshold", threshold, 0, false, 1, true);
    Check.inRange("phase.margin", margin, 0, true, 1, true);
    Check.positive("phase.exponent_tolerance", exponentTolerance);
    Check.inRange("phase.min_r2", minR2, 0, true, 1, true);
    Check.inRange("phase.final_fraction", finalFraction, 0, false, 1, true);
  }

  public static PhaseSpec defaults() {
    return new PhaseSpec(0.8, 0.1, 0.15, 0.9, 0.2);
  }
}
