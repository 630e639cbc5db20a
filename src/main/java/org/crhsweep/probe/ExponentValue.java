package org.crhsweep.probe;

import java.util.Objects;

/**
 * The power-law fits of one relation's matrix pair under one statistic, both ways: {@code fit} is A ∝ B^p
 * in B's eigenbasis, {@code reverse} is B ∝ A^q in A's. A true power law A = c·B^p passes both, with
 * q = 1/p; a pair that passes one way only is a property of the basis, not a law (docs/science.md).
 */
public record ExponentValue(Relation relation, Stat stat, ExponentFit fit, ExponentFit reverse) {

  public ExponentValue {
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(stat, "stat");
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(reverse, "reverse");
  }

  /** The pair label of the exponents table, e.g. {@code Z_b~H_b}. */
  public String pair() {
    return relation.pair();
  }
}
