package org.crhsweep.spec;

import java.util.Locale;

/**
 * Zero padding of a convolution: {@code valid} none, {@code same} (k − 1)/2 on each side (odd
 * kernels), which keeps the size at stride 1; {@link #label()} is the spelling in specs.
 */
public enum Padding implements Labeled {
  VALID, SAME;

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
