package org.crhsweep.spec;

import java.util.Locale;

/**
 * The kind of dataset: two synthetic ones and Fashion-MNIST (images); {@link #label()} is the
 * spelling in specs and tables.
 */
public enum DatasetKind implements Labeled {
  TEACHER_STUDENT, GAUSSIAN_MIXTURE, FASHION_MNIST;

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
