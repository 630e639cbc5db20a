package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crhsweep.probe.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecRecordsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1000 | 300  | 0,300,600,900,1000",
        "900  | 300  | 0,300,600,900",
        "1    | 1    | 0,1",
        "5    | 5    | 0,5",
        "7    | 3    | 0,3,6,7",
      })
  void probeStepsStartAtZeroAndEndAtSteps(int steps, int every, String expected) {
    TrainingSpec training = new TrainingSpec(steps, every, 0.0, Loss.MSE, false, DType.FLOAT32);

    long[] want = Arrays.stream(expected.split(",")).mapToLong(Long::parseLong).toArray();
    assertThat(training.probeSteps()).containsExactly(want);
  }

  @Test
  void labelsNameArchitectureAndDataset() {
    assertThat(new MlpConfig(4, 32, Activation.TANH, true).label()).isEqualTo("mlp-d4-w32-tanh");
    assertThat(new MlpConfig(2, 8, Activation.LINEAR, false).label())
        .isEqualTo("mlp-d2-w8-linear-nobias");
    assertThat(DatasetSpec.defaults(DatasetKind.TEACHER_STUDENT).label())
        .isEqualTo("teacher_student-d16-o4-n4096");
    assertThat(new DatasetSpec(DatasetKind.GAUSSIAN_MIXTURE, 2, 3, 100, 1.0, 0, 3.0, 0).label())
        .isEqualTo("gaussian_mixture-d2-o3-n100");
  }

  @Test
  void architectureJsonUsesTheSpecKeys() {
    assertThat(new MlpConfig(2, 8, Activation.RELU, false).toJson())
        .isEqualTo(
            "{\"activation\":\"relu\",\"bias\":false,\"depth\":2,\"type\":\"mlp\",\"width\":8}");
  }

  @Test
  void enumLabelsAreTheSpecSpellings() {
    assertThat(Activation.fromLabel("relu")).isEqualTo(Activation.RELU);
    assertThat(Loss.CROSS_ENTROPY.label()).isEqualTo("cross_entropy");
    assertThat(DatasetKind.GAUSSIAN_MIXTURE.label()).isEqualTo("gaussian_mixture");
    assertThat(DType.FLOAT64.label()).isEqualTo("float64");
    assertThatThrownBy(() -> Activation.fromLabel("Tanh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown activation 'Tanh' (allowed: tanh, relu, linear, gelu)");
  }

  @Test
  void probeStatLabelsAreTheProbePackageStats() {
    assertThat(ProbeSpec.STAT_LABELS)
        .containsExactly(Arrays.stream(Stat.values()).map(Stat::label).toArray(String[]::new));
  }

  @Test
  void datasetStoresZeroForFieldsOfTheOtherKind() {
    DatasetSpec teacher = new DatasetSpec(DatasetKind.TEACHER_STUDENT, 4, 1, 10, 0.0, 8, 3.0, 0);
    DatasetSpec mixture = new DatasetSpec(DatasetKind.GAUSSIAN_MIXTURE, 4, 2, 10, 0.5, 8, 3.0, 0);

    assertThat(teacher.separation()).isZero();
    assertThat(teacher.teacherWidth()).isEqualTo(8);
    assertThat(mixture.teacherWidth()).isZero();
    assertThat(mixture.separation()).isEqualTo(3.0);
  }

  @Test
  void recordsBuiltInCodeAreValidated() {
    assertThatThrownBy(() -> new MlpConfig(65, 8, Activation.TANH, true))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec field 'depth': must be between 1 and 64, got 65");
    assertThatThrownBy(() -> new MlpConfig(2, 8, null, true))
        .hasMessage("spec field 'activation': is required, got null");
    assertThatThrownBy(() -> new TrainingSpec(100, 300, 0.0, Loss.MSE, false, DType.FLOAT32))
        .hasMessage("spec field 'training.probe_every': must be <= training.steps (100), got 300");
    assertThatThrownBy(() -> new ProbeSpec(1, List.of("raw"), 0, 1e-6))
        .hasMessage("spec field 'probe.samples': must be >= 2, got 1");
    assertThatThrownBy(() -> new ProbeSpec(8, List.of(), 0, 1e-6))
        .hasMessage("spec field 'probe.stats': must be a non-empty list, got []");
    assertThatThrownBy(() -> new ProbeSpec(8, List.of("raw"), 0, 1.0))
        .hasMessage("spec field 'probe.eigen_cutoff': must be in (0, 1), got 1");
    assertThatThrownBy(() -> new PhaseSpec(0.0, 0.1, 0.15, 0.9, 0.2))
        .hasMessage("spec field 'phase.threshold': must be in (0, 1], got 0");
    assertThatThrownBy(() -> new PhaseSpec(0.8, 0.1, 0.15, 1.5, 0.2))
        .hasMessage("spec field 'phase.min_r2': must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new PhaseSpec(0.8, 0.1, 0.15, 0.9, 0.2, 0))
        .hasMessage("spec field 'phase.reciprocal_tolerance': must be in (0, 1], got 0");
    assertThatThrownBy(
            () -> new DatasetSpec(DatasetKind.TEACHER_STUDENT, 0, 1, 10, 0.1, 8, 0.0, 0))
        .hasMessage("spec field 'dataset.input_dim': must be >= 1, got 0");
  }

  @Test
  void sweepSpecChecksItsAxesAndTheirProduct() {
    SweepSpec spec = SpecParser.parse(SpecParserTest.resource("minimal.yaml"));
    List<Long> manySeeds = new ArrayList<>();
    for (long s = 0; s < 1_000_001; s++) {
      manySeeds.add(s);
    }

    assertThatThrownBy(() -> withSeeds(spec, manySeeds))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec field 'grid': must expand to at most 1000000 points, got 1000001");
    assertThatThrownBy(() -> withSeeds(spec, List.of(3L, 3L)))
        .hasMessage("spec field 'grid.seed[1]': duplicate value 3 (each value must appear once)");
  }

  @Test
  void listsAreCopiedAndImmutable() {
    List<String> stats = new ArrayList<>(List.of("raw"));
    ProbeSpec probe = new ProbeSpec(8, stats, 0, 1e-6);
    stats.add("normalized");

    assertThat(probe.stats()).containsExactly("raw");
    assertThatThrownBy(() -> probe.stats().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void underPlacesARelativeFieldInItsSection() {
    SpecException error = SpecException.field("depth", "must be between 1 and 64, got 0");

    SpecException moved = error.under("grid.architecture[2]");

    assertThat(moved.field()).isEqualTo("grid.architecture[2].depth");
    assertThat(moved).hasMessage("spec field 'grid.architecture[2].depth': must be between 1 and 64, got 0");
  }

  private static SweepSpec withSeeds(SweepSpec s, List<Long> seeds) {
    return new SweepSpec(
        s.name(), s.architectures(), s.learningRates(), s.batchSizes(), s.weightDecays(), seeds,
        s.dataset(), s.training(), s.probe(), s.phase());
  }
}
