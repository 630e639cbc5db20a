package org.crhsweep.probe;

import java.util.Objects;

/**
 * The size of one of a layer's six matrices at one measurement: its Frobenius norm and its trace,
 * under one statistic (Z_a and Z_b do not depend on it and repeat under each). They carry the scale
 * that alignments discard, e.g. for the weight-decay scaling G_b ∝ γ² H_b (docs/science.md).
 */
public record MatrixMoment(Relation.Matrix matrix, Stat stat, double norm, double trace) {

  public MatrixMoment {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(stat, "stat");
  }
}
