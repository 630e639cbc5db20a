package org.crhsweep.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fashion-MNIST from the IDX files of Debian's {@code dataset-fashion-mnist} package. The training
 * split is a seeded subset of the 60000 training images, the probe split a seeded subset of the
 * 10000 test images (held out). Pixels are scaled to [0, 1], then (by default) standardised with the
 * mean and standard deviation of the chosen training pixels; images are flattened to 784 inputs (row
 * major, so a row reshapes to 1x28x28); labels are one-hot over 10 classes.
 */
public final class FashionMnist {

  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  private FashionMnist() {}

  public static Dataset load(Path dir, int trainSize, int probeSize, long seed, DataType dtype) {
    return load(dir, trainSize, probeSize, seed, true, dtype);
  }

  /** As {@link #load(Path, int, int, long, DataType)}; without {@code standardize} pixels stay in [0, 1]. */
  public static Dataset load(Path dir, int trainSize, int probeSize, long seed, boolean standardize,
      DataType dtype) {
    for (String f : new String[] {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalArgumentException("Fashion-MNIST not found: " + dir.resolve(f)
            + " is missing (install Debian's package: apt-get install dataset-fashion-mnist)");
      }
    }
    try {
      Idx.Array trainImages = Idx.read(dir.resolve(TRAIN_IMAGES));
      Idx.Array trainLabels = Idx.read(dir.resolve(TRAIN_LABELS));
      Idx.Array testImages = Idx.read(dir.resolve(TEST_IMAGES));
      Idx.Array testLabels = Idx.read(dir.resolve(TEST_LABELS));
      Random rng = new Random(seed);
      int[] trainPick = subset(trainImages.count(), trainSize, rng, "train");
      int[] probePick = subset(testImages.count(), probeSize, rng, "probe");
      double[] trainX = pixels(trainImages, trainPick);
      double[] probeX = pixels(testImages, probePick);
      // Standardise by the training pixels only, so the probe set stays held out.
      double mean = 0;
      for (double v : trainX) {
        mean += v;
      }
      mean /= trainX.length;
      double var = 0;
      for (double v : trainX) {
        var += (v - mean) * (v - mean);
      }
      double std = Math.sqrt(var / trainX.length);
      if (!standardize) {
        mean = 0;
        std = 1;
      }
      for (double[] xs : new double[][] {trainX, probeX}) {
        for (int i = 0; i < xs.length; i++) {
          xs[i] = (xs[i] - mean) / std;
        }
      }
      int d = trainImages.itemSize();
      return new Dataset("fashion_mnist",
          Nd4j.create(trainX, new long[] {trainPick.length, d}, DataType.DOUBLE).castTo(dtype),
          oneHot(trainLabels, trainPick).castTo(dtype),
          Nd4j.create(probeX, new long[] {probePick.length, d}, DataType.DOUBLE).castTo(dtype),
          oneHot(testLabels, probePick).castTo(dtype), CLASSES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Fashion-MNIST under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The first n of a seeded permutation of 0..available-1. */
  static int[] subset(int available, int n, Random rng, String what) {
    if (n < 1 || n > available) {
      throw new IllegalArgumentException("Fashion-MNIST " + what + " size must be in [1, " + available + "], got " + n);
    }
    int[] p = new int[available];
    for (int i = 0; i < available; i++) {
      p[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(available - i);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return java.util.Arrays.copyOf(p, n);
  }

  private static double[] pixels(Idx.Array images, int[] pick) {
    int d = images.itemSize();
    double[] x = new double[pick.length * d];
    for (int i = 0; i < pick.length; i++) {
      for (int k = 0; k < d; k++) {
        x[i * d + k] = images.unsigned(pick[i], k) / 255.0;
      }
    }
    return x;
  }

  private static INDArray oneHot(Idx.Array labels, int[] pick) {
    double[] y = new double[pick.length * CLASSES];
    for (int i = 0; i < pick.length; i++) {
      int c = labels.unsigned(pick[i], 0);
      if (c >= CLASSES) {
        throw new IllegalArgumentException("Fashion-MNIST label " + c + " out of range 0..9");
      }
      y[i * CLASSES + c] = 1.0;
    }
    return Nd4j.create(y, new long[] {pick.length, CLASSES}, DataType.DOUBLE);
  }
}
