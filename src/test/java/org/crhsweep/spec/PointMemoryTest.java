package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A point that could never fit the memory a run gives it is refused with the field, the estimate and the budget. */
class PointMemoryTest {
  private static final long GIB = 1L << 30;
  private static final String BASE = String.join("\n",
      "name: mem",
      "dataset: {kind: teacher_student, input_dim: 16, output_dim: 4, train_size: 512}",
      "grid:",
      "  architecture: [{depth: 2, width: 8, activation: tanh}]",
      "  learning_rate: [0.01]",
      "  batch_size: [16]",
      "  weight_decay: [0]",
      "");

  private static SweepSpec spec(String from, String to) {
    return SpecParser.parseString(BASE.replace(from, to), "mem.yaml");
  }

  private static SpecException refused(SweepSpec spec, long budget) {
    return catchThrowableOfType(SpecException.class, () -> PointMemory.check(spec, budget, "the JVM's max heap, -Xmx"));
  }

  @Test
  void parametersAreCountedPerLayerWithBiases() {
    SweepSpec s = spec("x", "x");
    PointMemory m = PointMemory.of(s.architectures().get(0), s.dataset(), s.training(), s.probe(), 16);
    assertThat(m.parameters()).isEqualTo(16 * 8 + 8 + 8 * 4 + 4);
    assertThat(m.widest()).isEqualTo(16);
    assertThat(m.total()).isLessThan(GIB / 64);
  }

  @Test
  void everyShippedSpecFitsTheTwoGibibytesJobsCrhGives() throws Exception {
    try (var files = Files.list(Path.of("conf/sweeps"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        SweepSpec s = SpecParser.parse(f);
        PointMemory.check(s, 2 * GIB, "test");
      }
    }
  }

  @Test
  void aHugeInputWidthIsRefusedNamingTheInputDimAndTheEstimate() {
    SpecException e = refused(spec("input_dim: 16", "input_dim: 60000"), 2 * GIB);
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("dataset.input_dim");
    assertThat(e.getMessage()).isEqualTo("spec field 'dataset.input_dim': a point of mlp-d2-w8-tanh at batch_size 16 "
        + "needs about 859.9 GiB: parameters 4 MiB (480,044 of them, with gradients and optimizer state), probe "
        + "859.7 GiB (12 + 5 x probe.null_rotations 4 matrices of 60000 x 60000 doubles at the widest site, 512 "
        + "observations), data 234 MiB, activations <1 MiB, more than the 2.0 GiB a point is given (the JVM's max "
        + "heap, -Xmx; set it with -Dcrh.point.memory=SIZE)");
  }

  @Test
  void aHugeWidthIsRefusedNamingTheArchitecture() {
    SpecException e = refused(spec("width: 8", "width: 65536"), 2 * GIB);
    assertThat(e.field()).isEqualTo("grid.architecture[0]");
    assertThat(e.getMessage()).contains("a point of mlp-d2-w65536-tanh at batch_size 16 needs about ")
        .contains("matrices of 65536 x 65536 doubles").contains("more than the 2.0 GiB a point is given");
  }

  @Test
  void aHugeTrainingSetIsRefusedNamingTheTrainSize() {
    SpecException e = refused(spec("input_dim: 16, output_dim: 4, train_size: 512",
        "input_dim: 2048, output_dim: 4, train_size: 16000000"), 2 * GIB);
    assertThat(e.field()).isEqualTo("dataset.train_size");
    assertThat(e.getMessage()).contains("data 122.3 GiB");
  }

  @Test
  void theSameSpecPassesWithALargerBudget() {
    PointMemory.check(spec("input_dim: 16", "input_dim: 4096"), 64 * GIB, "test");
    assertThat(refused(spec("input_dim: 16", "input_dim: 4096"), GIB / 2)).isNotNull();
  }
}
