package org.crhsweep.spec;

import java.util.Locale;

/** Nonlinearity of an MLP's hidden layers. */
public enum Activation {
  TANH, RELU, LINEAR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Activation fromLabel(String label) {
    for (Activation a : values()) {
      if (a.label().equals(label)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + label + "' (allowed: tanh, relu, linear)");
  }
}
