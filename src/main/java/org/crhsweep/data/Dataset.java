package org.crhsweep.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training split and a held-out probe split (samples as rows). For classification the targets
 * are one-hot rows over {@code classes} classes; for regression {@code classes} is 0.
 */
public record Dataset(String name, INDArray trainX, INDArray trainY, INDArray probeX, INDArray probeY, int classes) {

  public Dataset {
    if (trainX.rows() != trainY.rows() || probeX.rows() != probeY.rows()) {
      throw new IllegalArgumentException("dataset " + name + ": inputs and targets differ in sample count");
    }
  }

  public boolean classification() {
    return classes > 0;
  }

  public int inputDim() {
    return (int) trainX.columns();
  }

  public int outputDim() {
    return (int) trainY.columns();
  }

  public int trainSize() {
    return (int) trainX.rows();
  }
}
