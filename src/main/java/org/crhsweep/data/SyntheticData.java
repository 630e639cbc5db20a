package org.crhsweep.data;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Seeded synthetic tasks. Random numbers come from {@link java.util.Random}, not the backend, so a
 * seed gives the same data on every backend and machine.
 */
public final class SyntheticData {

  private SyntheticData() {}

  /**
   * Teacher-student regression: x ~ N(0, I_d), y = W2 tanh(W1 x) + noise·ε with a random 2-layer
   * teacher (W1 entries N(0, 1/d), W2 entries N(0, 1/width)).
   */
  public static Dataset teacherStudent(int inputDim, int outputDim, int teacherWidth, double noise,
      int trainSize, int probeSize, long seed, DataType dtype) {
    Random rng = new Random(seed);
    INDArray w1 = gaussian(rng, inputDim, teacherWidth, 1.0 / Math.sqrt(inputDim));
    INDArray w2 = gaussian(rng, teacherWidth, outputDim, 1.0 / Math.sqrt(teacherWidth));
    int n = trainSize + probeSize;
    INDArray x = gaussian(rng, n, inputDim, 1.0);
    INDArray y = Transforms.tanh(x.mmul(w1), false).mmul(w2);
    y.addi(gaussian(rng, n, outputDim, noise));
    return split("teacher_student", x, y, trainSize, 0, dtype);
  }

  /**
   * Gaussian-mixture classification: class means μ_c ~ N(0, separation²/d · I) (so ‖μ_c‖ ≈
   * separation), x = μ_c + noise·ε; classes balanced and in random order; targets one-hot.
   */
  public static Dataset gaussianMixture(int inputDim, int classes, double separation, double noise,
      int trainSize, int probeSize, long seed, DataType dtype) {
    Random rng = new Random(seed);
    double[][] means = gaussian(rng, classes, inputDim, separation / Math.sqrt(inputDim)).toDoubleMatrix();
    int n = trainSize + probeSize;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    double[] x = new double[n * inputDim];
    double[] y = new double[n * classes];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < inputDim; k++) {
        x[i * inputDim + k] = means[labels[i]][k] + noise * rng.nextGaussian();
      }
      y[i * classes + labels[i]] = 1.0;
    }
    INDArray xs = Nd4j.create(x, new long[] {n, inputDim}, DataType.DOUBLE);
    INDArray ys = Nd4j.create(y, new long[] {n, classes}, DataType.DOUBLE);
    return split("gaussian_mixture", xs, ys, trainSize, classes, dtype);
  }

  private static Dataset split(String name, INDArray x, INDArray y, int trainSize, int classes, DataType dtype) {
    long n = x.rows();
    INDArray trainX = x.get(NDArrayIndex.interval(0, trainSize)).castTo(dtype).dup();
    INDArray trainY = y.get(NDArrayIndex.interval(0, trainSize)).castTo(dtype).dup();
    INDArray probeX = x.get(NDArrayIndex.interval(trainSize, n)).castTo(dtype).dup();
    INDArray probeY = y.get(NDArrayIndex.interval(trainSize, n)).castTo(dtype).dup();
    return new Dataset(name, trainX, trainY, probeX, probeY, classes);
  }

  static INDArray gaussian(Random rng, int rows, int cols, double scale) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }
}
