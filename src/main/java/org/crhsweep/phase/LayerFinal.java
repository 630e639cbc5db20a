package org.crhsweep.phase;

import java.util.Objects;
import org.crhsweep.probe.RelationValues;

/**
 * One layer's end-of-run values under one statistic, per relation: alignments α, their chance levels,
 * and the fitted exponent p and R² of the same pair, all averaged over the final fraction of measurements.
 */
public record LayerFinal(RelationValues alignment, RelationValues nullAlignment, RelationValues p, RelationValues r2) {

  public LayerFinal {
    Objects.requireNonNull(alignment, "alignment");
    Objects.requireNonNull(nullAlignment, "nullAlignment");
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(r2, "r2");
  }
}
