package org.crhsweep.spec;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The validation rules shared by the record constructors and the parser, each throwing a {@link
 * SpecException} that names the field, the rule and the value. Non-finite numbers fail every rule.
 */
final class Check {
  static final String SAFE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  /** The largest batch a point may take (also bounded by the training set). */
  static final int MAX_BATCH_SIZE = 1 << 20;
  private static final Pattern SAFE_NAME_PATTERN = Pattern.compile(SAFE_NAME);

  private Check() {}

  static <T> T notNull(String field, T value) {
    if (value == null) {
      throw SpecException.field(field, "is required, got null");
    }
    return value;
  }

  static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw SpecException.field(field, "must be >= " + min + ", got " + value);
    }
  }

  /** {@code value >= min} with the usual words, then {@code value <= max}: a bound that only catches typos. */
  static void atLeastAtMost(String field, long value, long min, long max) {
    atLeast(field, value, min);
    if (value > max) {
      throw SpecException.field(field, "must be <= " + max + ", got " + value);
    }
  }

  static void between(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw SpecException.field(
          field, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  static void positive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw SpecException.field(field, "must be > 0, got " + num(value));
    }
  }

  static void nonNegative(String field, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw SpecException.field(field, "must be >= 0, got " + num(value));
    }
  }

  /** {@code lo < value < hi} with each end open or closed, e.g. {@code in [0, 1)}. */
  static void inRange(
      String field, double value, double lo, boolean loClosed, double hi, boolean hiClosed) {
    boolean aboveLo = loClosed ? value >= lo : value > lo;
    boolean belowHi = hiClosed ? value <= hi : value < hi;
    if (!aboveLo || !belowHi) {
      String range =
          (loClosed ? "[" : "(") + num(lo) + ", " + num(hi) + (hiClosed ? "]" : ")");
      throw SpecException.field(field, "must be in " + range + ", got " + num(value));
    }
  }

  static void safeName(String field, String name) {
    notNull(field, name);
    if (!SAFE_NAME_PATTERN.matcher(name).matches()) {
      throw SpecException.field(
          field, "must be a safe path segment matching " + SAFE_NAME + ", got " + quote(name));
    }
  }

  /** A non-empty list without nulls or duplicates; returns an immutable copy. */
  static <T> List<T> distinctList(String field, List<T> values) {
    notNull(field, values);
    if (values.isEmpty()) {
      throw SpecException.field(field, "must be a non-empty list, got []");
    }
    Set<T> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      T value = notNull(field + "[" + i + "]", values.get(i));
      if (!seen.add(value)) {
        throw SpecException.field(
            field + "[" + i + "]",
            "duplicate value " + show(value) + " (each value must appear once)");
      }
    }
    return List.copyOf(values);
  }

  /** Numbers as a person writes them: 0.001, 16, 1.0E-7. */
  static String num(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    double abs = Math.abs(value);
    if (abs >= 1e-4 && abs < 1e7) {
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
    return Double.toString(value);
  }

  static String show(Object value) {
    if (value instanceof Double d) {
      return num(d);
    }
    if (value instanceof String s) {
      return quote(s);
    }
    return String.valueOf(value);
  }

  /** A user string in single quotes, shortened and kept on one line. */
  static String quote(String text) {
    String flat = text.replace("\r", "\\r").replace("\n", "\\n");
    if (flat.length() > 80) {
      flat = flat.substring(0, 77) + "...";
    }
    return "'" + flat + "'";
  }

  /** A batch size of at least 1 that fits in the training set (Parquet's "all rows": the pre-flight checks it). */
  static void batchSize(String field, int batchSize, DatasetSpec dataset) {
    atLeastAtMost(field, batchSize, 1, MAX_BATCH_SIZE);
    if (batchSize > dataset.trainSize() && !(dataset.kind() == DatasetKind.PARQUET && dataset.trainSize() == 0)) {
      throw SpecException.field(
          field,
          "must be <= dataset.train_size (" + dataset.trainSize() + "), got " + batchSize);
    }
  }

  /** Cross-entropy needs classes, which a Gaussian mixture and Fashion-MNIST have. */
  static void lossFits(Loss loss, DatasetSpec dataset) {
    if (loss == Loss.MSE && dataset.kind().tokens()) {
      throw SpecException.field("training.loss", "must be cross_entropy for dataset.kind "
          + dataset.kind().label() + " (next-token prediction), got 'mse'");
    }
    if (loss == Loss.CROSS_ENTROPY && !dataset.hasClasses()) {
      throw SpecException.field(
          "training.loss",
          "must be mse for dataset.kind " + dataset.kind().label()
              + " (cross_entropy needs classes), got 'cross_entropy'");
    }
  }

  /** Fashion-MNIST's probe set comes from its 10000 test images. */
  static void probeFits(ProbeSpec probe, DatasetSpec dataset) {
    if (dataset.kind() == DatasetKind.FASHION_MNIST
        && probe.samples() > DatasetSpec.FASHION_MNIST_TEST_IMAGES) {
      throw SpecException.field(
          "probe.samples",
          "must be <= " + DatasetSpec.FASHION_MNIST_TEST_IMAGES
              + " for dataset.kind fashion_mnist (held-out test images), got " + probe.samples());
    }
  }

  /** An architecture on images needs an image dataset, whose feature map must not vanish. */
  static void archFits(String field, ArchConfig arch, DatasetSpec dataset) {
    if (arch.needsTokens() != dataset.kind().tokens()) {
      throw SpecException.field(field + ".type", arch.needsTokens()
          ? arch.type() + " needs token data (dataset.kind modular_addition or markov), got dataset.kind "
              + dataset.kind().label()
          : arch.type() + " cannot read token windows (use type transformer), got dataset.kind "
              + dataset.kind().label());
    }
    if (!arch.needsImages()) {
      return;
    }
    int[] image = dataset.imageShape();
    if (image == null && dataset.kind() == DatasetKind.PARQUET) {
      throw SpecException.field("dataset.image", "is required by " + arch.type()
          + ": give [channels, height, width] of a features row, or use type mlp");
    }
    if (image == null) {
      throw SpecException.field(
          field + ".type",
          arch.type() + " needs image data (dataset.kind fashion_mnist), got dataset.kind "
              + dataset.kind().label());
    }
    if (arch instanceof CnnConfig cnn) {
      try {
        cnn.featureShape(image[0], image[1], image[2]);
      } catch (SpecException e) {
        throw e.under(field);
      }
    }
  }

  /** Data-parallel training has DL4J twins of SGD-trained MLPs and CNNs only (no momentum: DL4J has no plain one). */
  static void executionFits(String field, Execution execution, ArchConfig arch, TrainingSpec training) {
    if (!execution.dataParallel()) {
      return;
    }
    if (!(arch instanceof MlpConfig) && !(arch instanceof CnnConfig)) {
      throw SpecException.field(field, "data_parallel trains type mlp and cnn only, got type " + arch.type()
          + ": run it with execution.mode: task");
    }
    if (arch.activation() == Activation.GELU) {
      throw SpecException.field(field, "data_parallel has no exact DL4J twin of activation gelu (DL4J "
          + "approximates it differently): use tanh, relu or linear, or execution.mode: task");
    }
    if (training.optimizer() != OptimizerKind.SGD) {
      throw SpecException.field(field, "data_parallel trains with plain sgd only, got training.optimizer "
          + training.optimizer().label() + ": use optimizer sgd or execution.mode: task");
    }
    if (training.momentum() != 0) {
      throw SpecException.field(field, "data_parallel needs training.momentum 0 (DL4J has no update equal to "
          + "ours with momentum), got " + num(training.momentum()));
    }
  }

  static String labels(Labeled[] values) {
    return Arrays.stream(values).map(Labeled::label).collect(Collectors.joining(", "));
  }
}
