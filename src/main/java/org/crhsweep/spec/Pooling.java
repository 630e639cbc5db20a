package org.crhsweep.spec;

import java.util.Locale;

/**
 * How a CNN layer pools after its activation (a size x size window, stride size); {@link #label()}
 * is the spelling in specs.
 */
public enum Pooling implements Labeled {
  NONE, MAX, AVG;

  /** The lower-case name used in specs, JSON and tables. */
  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
