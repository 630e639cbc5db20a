package org.crhsweep.spec;

import java.util.Locale;

/**
 * How image pixels are scaled: {@code unit} to [0, 1], {@code standardize} to zero mean and unit
 * variance over the training pixels; {@code none} is what synthetic data sets carry (they are
 * generated at scale).
 */
public enum Normalization implements Labeled {
  NONE, UNIT, STANDARDIZE;

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
