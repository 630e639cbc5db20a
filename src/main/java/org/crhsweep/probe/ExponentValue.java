package org.crhsweep.probe;

/** The power-law fit of one relation's matrix pair (A ∝ B^p) under one statistic. */
public record ExponentValue(Relation relation, Stat stat, ExponentFit fit) {

  /** The pair label of the exponents table, e.g. {@code Z_b~H_b}. */
  public String pair() {
    return relation.pair();
  }
}
