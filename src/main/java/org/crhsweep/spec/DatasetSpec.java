package org.crhsweep.spec;

import java.io.Serializable;

/**
 * The dataset shared by every point of a sweep. A field that does not apply to the kind ({@code
 * teacherWidth} for a Gaussian mixture, {@code separation} for teacher-student, noise and sizes for
 * Fashion-MNIST, whose images are 1x28x28 with 10 classes) is stored as 0 (an enum as its neutral
 * value, {@code dir} as ""), so that it can neither change a point id nor be read by mistake. For
 * Fashion-MNIST {@code trainSize} is a seeded subset of the 60000 training images and {@code dir}
 * the directory of the IDX files. For the token kinds (modular_addition, markov) {@code tokens} holds the
 * language, {@code trainSize} counts training windows and the size fields are 0; it is null for the other kinds.
 * For a user's Parquet data (kind parquet) {@code parquet} says where and which columns ({@code trainSize} 0 means
 * every row but the probe set) and the size fields are 0: sizes and classes come from the data on the executor,
 * and the driver's pre-flight ({@link DatasetInspector}) checks the loss against them; {@code parquet} is null for
 * the other kinds.
 */
public record DatasetSpec(
    DatasetKind kind,
    int inputDim,
    int outputDim,
    int trainSize,
    double noise,
    int teacherWidth,
    double separation,
    long seed,
    Normalization normalize,
    String dir,
    TokenSpec tokens,
    ParquetSpec parquet)
    implements Serializable {
  public static final int DEFAULT_INPUT_DIM = 16;
  public static final int DEFAULT_OUTPUT_DIM = 4;
  public static final int DEFAULT_TRAIN_SIZE = 4096;
  public static final int DEFAULT_TEACHER_WIDTH = 32;
  public static final double DEFAULT_SEPARATION = 3.0;
  public static final String DEFAULT_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
  public static final int FASHION_MNIST_TRAIN_IMAGES = 60000;
  public static final int FASHION_MNIST_TEST_IMAGES = 10000;
  private static final int[] FASHION_MNIST_IMAGE = {1, 28, 28};
  /** Sizes past these are typos, not plans (a point holds its whole training set in memory). */
  public static final int MAX_INPUT_DIM = 65536;
  public static final int MAX_OUTPUT_DIM = 65536;
  public static final int MAX_TRAIN_SIZE = 1 << 24;
  public static final int MAX_TEACHER_WIDTH = 65536;

  public DatasetSpec {
    Check.notNull("dataset.kind", kind);
    if (kind != DatasetKind.PARQUET) {
      parquet = null;
    }
    if (kind == DatasetKind.PARQUET) {
      Check.notNull("dataset (parquet parameters)", parquet);
      Check.atLeastAtMost("dataset.train_size", trainSize, 0, MAX_TRAIN_SIZE);
      tokens = null;
      normalize = Normalization.NONE;
      dir = "";
      inputDim = 0;
      outputDim = 0;
      noise = 0;
      teacherWidth = 0;
      separation = 0;
    } else if (kind.tokens()) {
      Check.notNull("dataset (token parameters)", tokens);
      if (tokens.kind() != kind) {
        throw SpecException.field("dataset.kind", "must match the token parameters' kind "
            + tokens.kind().label() + ", got " + kind.label());
      }
      Check.atLeastAtMost("dataset.train_size", trainSize, 1, MAX_TRAIN_SIZE);
      normalize = Normalization.NONE;
      dir = "";
      inputDim = 0;
      outputDim = 0;
      noise = 0;
      teacherWidth = 0;
      separation = 0;
    } else if (kind == DatasetKind.FASHION_MNIST) {
      tokens = null;
      Check.between("dataset.train_size", trainSize, 1, FASHION_MNIST_TRAIN_IMAGES);
      Check.notNull("dataset.normalize", normalize);
      if (normalize == Normalization.NONE) {
        throw SpecException.field("dataset.normalize", "must be unit or standardize, got 'none'");
      }
      Check.notNull("dataset.dir", dir);
      if (dir.isBlank()) {
        throw SpecException.field("dataset.dir", "must be a directory path, got ''");
      }
      inputDim = FASHION_MNIST_IMAGE[0] * FASHION_MNIST_IMAGE[1] * FASHION_MNIST_IMAGE[2];
      outputDim = 10;
      noise = 0;
      teacherWidth = 0;
      separation = 0;
    } else {
      tokens = null;
      normalize = Normalization.NONE;
      dir = "";
      Check.atLeastAtMost("dataset.input_dim", inputDim, 1, MAX_INPUT_DIM);
      Check.atLeastAtMost("dataset.train_size", trainSize, 1, MAX_TRAIN_SIZE);
      if (kind == DatasetKind.TEACHER_STUDENT) {
        Check.atLeastAtMost("dataset.output_dim", outputDim, 1, MAX_OUTPUT_DIM);
        Check.nonNegative("dataset.noise", noise);
        Check.atLeastAtMost("dataset.teacher_width", teacherWidth, 1, MAX_TEACHER_WIDTH);
        separation = 0;
      } else {
        if (outputDim < 2) {
          throw SpecException.field(
              "dataset.output_dim",
              "must be >= 2 for kind gaussian_mixture (it is the number of classes), got "
                  + outputDim);
        }
        Check.atLeastAtMost("dataset.output_dim", outputDim, 2, MAX_OUTPUT_DIM);
        Check.positive("dataset.noise", noise);
        Check.positive("dataset.separation", separation);
        teacherWidth = 0;
      }
    }
  }

  /** Any kind but parquet. */
  public DatasetSpec(DatasetKind kind, int inputDim, int outputDim, int trainSize, double noise, int teacherWidth,
      double separation, long seed, Normalization normalize, String dir, TokenSpec tokens) {
    this(kind, inputDim, outputDim, trainSize, noise, teacherWidth, separation, seed, normalize, dir, tokens, null);
  }

  /** A user's Parquet data: {@code trainSize} rows for training (0: all but the probe set). */
  public static DatasetSpec parquet(ParquetSpec parquet, int trainSize, long seed) {
    Check.notNull("dataset", parquet);
    return new DatasetSpec(DatasetKind.PARQUET, 0, 0, trainSize, 0, 0, 0, seed, Normalization.NONE, "", null,
        parquet);
  }

  /** A synthetic dataset (no normalization, no directory). */
  public DatasetSpec(DatasetKind kind, int inputDim, int outputDim, int trainSize, double noise,
      int teacherWidth, double separation, long seed) {
    this(kind, inputDim, outputDim, trainSize, noise, teacherWidth, separation, seed, Normalization.NONE, "", null);
  }

  /** Image or synthetic data (no token language). */
  public DatasetSpec(DatasetKind kind, int inputDim, int outputDim, int trainSize, double noise, int teacherWidth,
      double separation, long seed, Normalization normalize, String dir) {
    this(kind, inputDim, outputDim, trainSize, noise, teacherWidth, separation, seed, normalize, dir, null);
  }

  /** A token language: {@code trainSize} training windows of {@code tokens.context()} tokens. */
  public static DatasetSpec tokens(TokenSpec tokens, int trainSize, long seed) {
    Check.notNull("dataset", tokens);
    return new DatasetSpec(tokens.kind(), 0, 0, trainSize, 0, 0, 0, seed, Normalization.NONE, "", tokens);
  }

  /** Fashion-MNIST: a seeded subset of {@code trainSize} training images. */
  public static DatasetSpec fashionMnist(int trainSize, long seed, Normalization normalize, String dir) {
    return new DatasetSpec(DatasetKind.FASHION_MNIST, 0, 0, trainSize, 0, 0, 0, seed, normalize, dir);
  }

  /** {channels, height, width} of image data (Parquet data with dataset.image); null for flat data. */
  public int[] imageShape() {
    if (kind == DatasetKind.PARQUET) {
      return parquet.imageShape();
    }
    return kind == DatasetKind.FASHION_MNIST ? FASHION_MNIST_IMAGE.clone() : null;
  }

  /** Whether targets are (or, for Parquet data, may be: the pre-flight decides) classes, so cross-entropy applies. */
  public boolean hasClasses() {
    return kind != DatasetKind.TEACHER_STUDENT;
  }

  /** The defaults of {@code kind} with the given seed: what {@code dataset: {kind: K}} means (parquet needs a path). */
  public static DatasetSpec defaults(DatasetKind kind) {
    if (kind.tokens()) {
      return tokens(new TokenSpec(kind, TokenSpec.DEFAULT_CONTEXT, TokenSpec.DEFAULT_MODULUS,
          TokenSpec.DEFAULT_TRAIN_FRACTION, TokenSpec.DEFAULT_VOCAB, TokenSpec.DEFAULT_ORDER,
          TokenSpec.DEFAULT_BRANCHING), DEFAULT_TRAIN_SIZE, 0);
    }
    if (kind == DatasetKind.FASHION_MNIST) {
      return fashionMnist(DEFAULT_TRAIN_SIZE, 0, Normalization.STANDARDIZE, DEFAULT_FASHION_MNIST_DIR);
    }
    return new DatasetSpec(
        kind,
        DEFAULT_INPUT_DIM,
        DEFAULT_OUTPUT_DIM,
        DEFAULT_TRAIN_SIZE,
        defaultNoise(kind),
        DEFAULT_TEACHER_WIDTH,
        DEFAULT_SEPARATION,
        0);
  }

  /** Label noise std for teacher-student (0.1), within-class std for a Gaussian mixture (1.0). */
  public static double defaultNoise(DatasetKind kind) {
    return kind == DatasetKind.TEACHER_STUDENT ? 0.1 : 1.0;
  }

  /** The loss a spec gets when it names none: mse for regression, cross_entropy for classes. */
  public Loss defaultLoss() {
    return hasClasses() ? Loss.CROSS_ENTROPY : Loss.MSE;
  }

  /** A short name for tables and plots, e.g. {@code teacher_student-d16-o4-n4096}, {@code fashion_mnist-n1000}. */
  public String label() {
    if (kind == DatasetKind.FASHION_MNIST) {
      return kind.label() + "-n" + trainSize;
    }
    if (kind.tokens()) {
      return kind.label() + "-" + tokens.label() + "-n" + trainSize;
    }
    if (kind == DatasetKind.PARQUET) {
      return kind.label() + "-" + parquet.name() + "-n" + (trainSize == 0 ? "all" : trainSize);
    }
    return kind.label() + "-d" + inputDim + "-o" + outputDim + "-n" + trainSize;
  }
}
