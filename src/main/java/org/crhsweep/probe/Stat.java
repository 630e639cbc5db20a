package org.crhsweep.probe;

import java.util.Locale;

/** Which second-moment statistic a measurement uses (docs/science.md, "Two statistics"). */
public enum Stat {
  /** Uncentred second moments E[h h^T], what the theory is about. */
  RAW,
  /** Per-sample vectors scaled to unit norm, then the mean-subtracted covariance (the paper's plots). */
  NORMALIZED;

  /** Name used in specs and in the {@code stat} column. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Stat fromLabel(String label) {
    for (Stat s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown stat '" + label + "' (allowed: raw, normalized)");
  }
}
