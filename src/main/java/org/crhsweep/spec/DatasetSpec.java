package org.crhsweep.spec;

import java.io.Serializable;

/**
 * The synthetic dataset shared by every point of a sweep. A field that does not apply to the
 * kind ({@code teacherWidth} for a Gaussian mixture, {@code separation} for teacher-student) is
 * stored as 0, so that it can neither change a point id nor be read by mistake.
 */
public record DatasetSpec(
    DatasetKind kind,
    int inputDim,
    int outputDim,
    int trainSize,
    double noise,
    int teacherWidth,
    double separation,
    long seed)
    implements Serializable {
  public static final int DEFAULT_INPUT_DIM = 16;
  public static final int DEFAULT_OUTPUT_DIM = 4;
  public static final int DEFAULT_TRAIN_SIZE = 4096;
  public static final int DEFAULT_TEACHER_WIDTH = 32;
  public static final double DEFAULT_SEPARATION = 3.0;

  public DatasetSpec {
    Check.notNull("dataset.kind", kind);
    Check.atLeast("dataset.input_dim", inputDim, 1);
    Check.atLeast("dataset.train_size", trainSize, 1);
    if (kind == DatasetKind.TEACHER_STUDENT) {
      Check.atLeast("dataset.output_dim", outputDim, 1);
      Check.nonNegative("dataset.noise", noise);
      Check.atLeast("dataset.teacher_width", teacherWidth, 1);
      separation = 0;
    } else {
      if (outputDim < 2) {
        throw SpecException.field(
            "dataset.output_dim",
            "must be >= 2 for kind gaussian_mixture (it is the number of classes), got "
                + outputDim);
      }
      Check.positive("dataset.noise", noise);
      Check.positive("dataset.separation", separation);
      teacherWidth = 0;
    }
  }

  /** The defaults of {@code kind} with the given seed: what {@code dataset: {kind: K}} means. */
  public static DatasetSpec defaults(DatasetKind kind) {
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
    return kind == DatasetKind.TEACHER_STUDENT ? Loss.MSE : Loss.CROSS_ENTROPY;
  }

  /** A short name for tables and plots, e.g. {@code teacher_student-d16-o4-n4096}. */
  public String label() {
    return kind.label() + "-d" + inputDim + "-o" + outputDim + "-n" + trainSize;
  }
}
