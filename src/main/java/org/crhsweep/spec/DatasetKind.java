package org.crhsweep.spec;

import java.util.Locale;

/**
 * The kind of dataset: two synthetic ones, Fashion-MNIST (images), two token languages and a user's Parquet data;
 * {@link #label()} is the spelling in specs and tables.
 */
public enum DatasetKind implements Labeled {
  TEACHER_STUDENT, GAUSSIAN_MIXTURE, FASHION_MNIST, MODULAR_ADDITION, MARKOV, PARQUET;

  /** Whether samples are token windows (next-token targets) for a transformer. */
  public boolean tokens() {
    return this == MODULAR_ADDITION || this == MARKOV;
  }

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose {@link #label()} is {@code label}. */
  public static DatasetKind fromLabel(String label) {
    for (DatasetKind value : values()) {
      if (value.label().equals(label)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "Unknown dataset kind '" + label + "' (allowed: " + Check.labels(values()) + ")");
  }
}
