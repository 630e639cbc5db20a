package org.crhsweep.probe;

import java.util.Locale;

/**
 * What kind of linear map a probe site is (docs/science.md): a dense layer (one observation per
 * sample), a convolution on im2col patches (one per sample and position), an attention projection
 * or a transformer MLP projection (one per token). {@link #label()} is the {@code site_kind} column.
 */
public enum SiteKind {
  DENSE, CONV, ATTENTION, MLP;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
