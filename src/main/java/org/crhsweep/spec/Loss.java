package org.crhsweep.spec;

import java.util.Locale;

/** The training loss; {@link #label()} is the spelling in specs and tables. */
public enum Loss implements Labeled {
  MSE, CROSS_ENTROPY;

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose {@link #label()} is {@code label}. */
  public static Loss fromLabel(String label) {
    for (Loss value : values()) {
      if (value.label().equals(label)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "Unknown loss '" + label + "' (allowed: " + Check.labels(values()) + ")");
  }
}
