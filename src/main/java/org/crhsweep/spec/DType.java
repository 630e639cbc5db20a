package org.crhsweep.spec;

import java.util.Locale;

/**
 * The floating-point type of weights and activations; {@link #label()} is its spelling in specs.
 */
public enum DType implements Labeled {
  FLOAT32, FLOAT64;

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose {@link #label()} is {@code label}. */
  public static DType fromLabel(String label) {
    for (DType value : values()) {
      if (value.label().equals(label)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "Unknown dtype '" + label + "' (allowed: " + Check.labels(values()) + ")");
  }
}
