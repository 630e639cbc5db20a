package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PointTest {
  static final DatasetSpec DATASET =
      new DatasetSpec(DatasetKind.TEACHER_STUDENT, 16, 4, 4096, 0.1, 32, 3.0, 0);
  static final TrainingSpec TRAINING =
      new TrainingSpec(3000, 300, 0.0, Loss.MSE, false, DType.FLOAT32);
  static final MlpConfig ARCH = new MlpConfig(4, 32, Activation.TANH, true);
  static final Point POINT =
      new Point("quickstart", ARCH, DATASET, 0.01, 16, 0.001, 0, TRAINING, ProbeSpec.defaults());

  /** Computed once from the canonical JSON below; a change here changes every stored point id. */
  private static final String PINNED_ID = "a1f1228e7cf42711";

  @Test
  void idIsPinnedSha256PrefixOfCanonicalJson() {
    assertThat(POINT.canonicalJson())
        .isEqualTo(
            "{\"arch\":{\"activation\":\"tanh\",\"bias\":true,\"depth\":4,\"type\":\"mlp\",\"width\":32},"
                + "\"batch_size\":16,"
                + "\"dataset\":{\"input_dim\":16,\"kind\":\"teacher_student\",\"noise\":0.1,"
                + "\"output_dim\":4,\"seed\":0,\"teacher_width\":32,\"train_size\":4096},"
                + "\"learning_rate\":0.01,"
                + "\"probe\":{\"eigen_cutoff\":1.0E-6,\"null_rotations\":4,\"samples\":512,"
                + "\"stats\":[\"raw\",\"normalized\"]},"
                + "\"seed\":0,"
                + "\"training\":{\"decay_biases\":false,\"dtype\":\"float32\",\"loss\":\"mse\","
                + "\"momentum\":0.0,\"probe_every\":300,\"steps\":3000},"
                + "\"weight_decay\":0.001}");
    assertThat(POINT.id()).isEqualTo(PINNED_ID).matches("[0-9a-f]{16}");
  }

  @Test
  void sweepNameDoesNotChangeTheId() {
    Point elsewhere =
        new Point("other-sweep", ARCH, DATASET, 0.01, 16, 0.001, 0, TRAINING, ProbeSpec.defaults());

    assertThat(elsewhere.id()).isEqualTo(POINT.id());
    assertThat(elsewhere).isNotEqualTo(POINT);
  }

  static Stream<Point> oneFieldChanged() {
    DatasetSpec d = DATASET;
    TrainingSpec t = TRAINING;
    ProbeSpec p = ProbeSpec.defaults();
    String s = "quickstart";
    return Stream.of(
        new Point(s, new MlpConfig(3, 32, Activation.TANH, true), d, 0.01, 16, 0.001, 0, t, p),
        new Point(s, new MlpConfig(4, 33, Activation.TANH, true), d, 0.01, 16, 0.001, 0, t, p),
        new Point(s, new MlpConfig(4, 32, Activation.RELU, true), d, 0.01, 16, 0.001, 0, t, p),
        new Point(s, new MlpConfig(4, 32, Activation.TANH, false), d, 0.01, 16, 0.001, 0, t, p),
        new Point(s, ARCH, new DatasetSpec(DatasetKind.TEACHER_STUDENT, 16, 4, 4096, 0.1, 32, 3.0, 1),
            0.01, 16, 0.001, 0, t, p),
        new Point(s, ARCH, new DatasetSpec(DatasetKind.TEACHER_STUDENT, 16, 4, 4096, 0.2, 32, 3.0, 0),
            0.01, 16, 0.001, 0, t, p),
        new Point(s, ARCH, new DatasetSpec(DatasetKind.GAUSSIAN_MIXTURE, 16, 4, 4096, 0.1, 32, 3.0, 0),
            0.01, 16, 0.001, 0, t, p),
        new Point(s, ARCH, d, 0.02, 16, 0.001, 0, t, p),
        new Point(s, ARCH, d, 0.01, 32, 0.001, 0, t, p),
        new Point(s, ARCH, d, 0.01, 16, 0.0, 0, t, p),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 1, t, p),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0,
            new TrainingSpec(3001, 300, 0.0, Loss.MSE, false, DType.FLOAT32), p),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0,
            new TrainingSpec(3000, 300, 0.5, Loss.MSE, false, DType.FLOAT32), p),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0,
            new TrainingSpec(3000, 300, 0.0, Loss.MSE, true, DType.FLOAT32), p),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0,
            new TrainingSpec(3000, 300, 0.0, Loss.MSE, false, DType.FLOAT64), p),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0, t,
            new ProbeSpec(512, List.of("normalized", "raw"), 4, 1e-6)),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0, t, new ProbeSpec(512, List.of("raw"), 4, 1e-6)),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0, t, new ProbeSpec(256, p.stats(), 4, 1e-6)),
        new Point(s, ARCH, d, 0.01, 16, 0.001, 0, t, new ProbeSpec(512, p.stats(), 4, 1e-7)));
  }

  @ParameterizedTest
  @MethodSource("oneFieldChanged")
  void anyOtherFieldChangesTheId(Point changed) {
    assertThat(changed.id()).isNotEqualTo(POINT.id()).matches("[0-9a-f]{16}");
  }

  @Test
  void idIgnoresFieldsThatDoNotApplyToTheDatasetKind() {
    DatasetSpec otherSeparation =
        new DatasetSpec(DatasetKind.TEACHER_STUDENT, 16, 4, 4096, 0.1, 32, 9.0, 0);
    Point same =
        new Point("quickstart", ARCH, otherSeparation, 0.01, 16, 0.001, 0, TRAINING,
            ProbeSpec.defaults());

    assertThat(same).isEqualTo(POINT);
    assertThat(same.id()).isEqualTo(POINT.id());
  }

  @ParameterizedTest
  @MethodSource("oneFieldChanged")
  void jsonRoundTripGivesAnEqualPoint(Point point) {
    assertThat(Point.fromJson(point.toJson())).isEqualTo(point);
  }

  @Test
  void jsonHoldsTheSweepAndRoundTrips() {
    assertThat(POINT.toJson()).contains("\"sweep\":\"quickstart\"");
    assertThat(Point.fromJson(POINT.toJson())).isEqualTo(POINT);
  }

  @Test
  void gaussianMixturePointRoundTrips() {
    DatasetSpec mixture = new DatasetSpec(DatasetKind.GAUSSIAN_MIXTURE, 8, 3, 100, 0.5, 0, 2.5, 3);
    TrainingSpec crossEntropy = new TrainingSpec(10, 3, 0.9, Loss.CROSS_ENTROPY, true, DType.FLOAT64);
    Point point = new Point("gm", ARCH, mixture, 0.3, 100, 0.0, 7, crossEntropy, ProbeSpec.defaults());

    assertThat(point.toJson()).contains("\"separation\":2.5").doesNotContain("teacher_width");
    assertThat(Point.fromJson(point.toJson())).isEqualTo(point);
  }

  @Test
  void malformedJsonIsASpecException() {
    assertThatThrownBy(() -> Point.fromJson("{\"sweep\": \"x\""))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("spec field 'point': must be valid JSON: ");
    assertThatThrownBy(() -> Point.fromJson(POINT.toJson().replace("\"batch_size\":16", "\"batch_size\":\"16\"")))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec field 'batch_size': must be an integer, got '16'");
  }

  @Test
  void describeIsOneLineWithIdAndHyperParameters() {
    assertThat(POINT.describe())
        .isEqualTo(PINNED_ID + " mlp-d4-w32-tanh lr=0.01 bs=16 wd=0.001 seed=0");
  }

  @Test
  void pointIsJavaSerializable() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(POINT);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(POINT);
    }
  }

  @Test
  void constructorValidatesLikeTheParser() {
    ProbeSpec p = ProbeSpec.defaults();
    assertThatThrownBy(() -> new Point("q", ARCH, DATASET, 0.0, 16, 0.001, 0, TRAINING, p))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec field 'learning_rate': must be > 0, got 0");
    assertThatThrownBy(() -> new Point("q", ARCH, DATASET, 0.1, 5000, 0.001, 0, TRAINING, p))
        .hasMessage("spec field 'batch_size': must be <= dataset.train_size (4096), got 5000");
    assertThatThrownBy(() -> new Point("a/b", ARCH, DATASET, 0.1, 16, 0.001, 0, TRAINING, p))
        .hasMessageStartingWith("spec field 'sweep': must be a safe path segment");
    assertThatThrownBy(() -> new Point("q", ARCH, DATASET, Double.NaN, 16, 0, 0, TRAINING, p))
        .hasMessage("spec field 'learning_rate': must be > 0, got NaN");
  }
}
