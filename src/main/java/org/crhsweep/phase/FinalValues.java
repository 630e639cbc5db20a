package org.crhsweep.phase;

import java.util.Objects;
import org.crhsweep.probe.RelationValues;

/**
 * One layer's end-of-run values under one statistic, per relation: alignments α, their chance levels,
 * the forward fit A ∝ B^p (exponent and R²) and the reverse fit B ∝ A^q of the same pair, all averaged
 * over the final fraction of measurements. A store written before the reverse fit existed has q and its
 * R² missing (NaN).
 */
public record FinalValues(RelationValues alignment, RelationValues nullAlignment, RelationValues p, RelationValues r2,
    RelationValues q, RelationValues qR2) {

  public FinalValues {
    Objects.requireNonNull(alignment, "alignment");
    Objects.requireNonNull(nullAlignment, "nullAlignment");
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(r2, "r2");
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(qR2, "qR2");
  }
}
