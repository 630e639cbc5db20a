package org.crhsweep.spec;

/**
 * What a user's Parquet dataset holds, read from its files before any training: the number of rows, the length of
 * a features row and whether the labels are integer classes (classification, cross-entropy) or numbers
 * (regression, mse).
 */
public record DatasetShape(long rows, int featureLength, boolean classes) {

  public DatasetShape {
    Check.atLeast("dataset rows", rows, 0);
    Check.atLeast("dataset feature length", featureLength, 0);
  }

  /** The loss the data calls for: cross_entropy for classes, mse for numeric targets. */
  public Loss loss() {
    return classes ? Loss.CROSS_ENTROPY : Loss.MSE;
  }
}
