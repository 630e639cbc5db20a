package org.crhsweep.spec;

import java.util.Locale;

/** The activation function of a layer (GELU: tanh form); {@link #label()} is its spelling in specs. */
public enum Activation implements Labeled {
  TANH, RELU, LINEAR, GELU;

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose {@link #label()} is {@code label}. */
  public static Activation fromLabel(String label) {
    for (Activation value : values()) {
      if (value.label().equals(label)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "Unknown activation '" + label + "' (allowed: " + Check.labels(values()) + ")");
  }
}
