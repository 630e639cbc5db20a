package org.crhsweep.spec;

import java.util.Locale;

/** {@code training.optimizer}: plain SGD (the default) or AdamW with decoupled weight decay. */
public enum OptimizerKind implements Labeled {
  SGD, ADAMW;

  @Override
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
