package org.crhsweep.spec;

import java.util.Locale;

/**
 * What a point keeps besides its tables ({@code training.checkpoint}): nothing, or its final parameters
 * and probe set, from which {@code crh dump} rebuilds the raw matrices of its last measurement.
 */
public enum Checkpoint implements Labeled {
  NONE, FINAL;

  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
