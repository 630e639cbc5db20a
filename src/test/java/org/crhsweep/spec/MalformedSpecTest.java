package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case edits one line of a valid spec and pins the field and the words of the error. */
class MalformedSpecTest {
  private static final String SOURCE = "bad.yaml";
  private static final String VALID =
      String.join(
          "\n",
          "name: base",
          "dataset:",
          "  kind: teacher_student",
          "  train_size: 512",
          "grid:",
          "  architecture:",
          "    - {depth: 2, width: 8, activation: tanh}",
          "  learning_rate: [0.01, 0.1]",
          "  batch_size: [16, 64]",
          "  weight_decay: [0, 0.001]",
          "  seed: [0, 1]",
          "training:",
          "  steps: 1000",
          "  probe_every: 100",
          "");
  private static final String GAUSSIAN = "kind: gaussian_mixture";
  private static final String PARQUET = "kind: parquet\n  path: /data/d.parquet";

  static Stream<Arguments> cases() {
    return Stream.of(
        // wrong types
        edit("steps: 1000", "steps: many", "training.steps", "must be an integer, got 'many'"),
        edit("steps: 1000", "steps: 10.5", "training.steps", "must be an integer, got 10.5"),
        edit("    - {depth: 2, width: 8, activation: tanh}", "    {depth: 2, width: 8, activation: tanh}",
            "grid.architecture", "must be a non-empty list of maps, got {\"depth\":2"),
        edit("[0, 0.001]", "[0, true]", "grid.weight_decay[1]", "must be a number, got true"),
        edit("activation: tanh}", "activation: tanh, bias: maybe}",
            "grid.architecture[0].bias", "must be a boolean (true or false), got 'maybe'"),
        edit("[16, 64]", "[16.5]", "grid.batch_size[0]", "must be an integer, got 16.5"),
        edit("learning_rate: [0.01, 0.1]", "learning_rate: fast", "grid.learning_rate",
            "must be a non-empty list, {log: [lo, hi], points: n} or {linear: [lo, hi], points: n}, got 'fast'"),
        edit("name: base", "name: 42", "name", "must be a string (quote it), got 42"),
        edit("training:\n  steps: 1000\n  probe_every: 100\n", "training: [1000]\n",
            "training", "must be a map with keys steps, probe_every"),
        // unknown keys
        edit("training:", "trainig:\n  steps: 5\ntraining:", "trainig",
            "unknown key (allowed: name, dataset, grid, training, probe, phase, execution)"),
        edit("steps: 1000", "stpes: 1000", "training.stpes",
            "unknown key (allowed: steps, probe_every, momentum, loss, decay_biases, dtype, optimizer, adam_beta1,"
                + " adam_beta2, adam_eps, pack, checkpoint)"),
        edit("activation: tanh}", "activation: tanh, dropout: 0.5}", "grid.architecture[0].dropout",
            "unknown key (allowed: type, depth, width, activation, bias)"),
        edit("seed: [0, 1]", "seed: {log: [1, 8], points: 4, base: 2}", "grid.seed.base",
            "unknown key (allowed: log, linear, points)"),
        // values out of range
        edit("[0.01, 0.1]", "[0.01, 0]", "grid.learning_rate[1]", "must be > 0, got 0"),
        edit("[0.01, 0.1]", "[0.01, -0.1]", "grid.learning_rate[1]", "must be > 0, got -0.1"),
        edit("[16, 64]", "[0, 64]", "grid.batch_size[0]", "must be >= 1, got 0"),
        edit("[0, 0.001]", "[0, -0.001]", "grid.weight_decay[1]", "must be >= 0, got -0.001"),
        edit("seed: [0, 1]", "seed: [0, -1]", "grid.seed[1]", "must be >= 0, got -1"),
        edit("[16, 64]", "[16, 1024]", "grid.batch_size[1]",
            "must be <= dataset.train_size (512), got 1024"),
        edit("activation: tanh", "activation: sigmoid", "grid.architecture[0].activation",
            "must be one of tanh, relu, linear, gelu, got 'sigmoid'"),
        edit("depth: 2", "depth: 0", "grid.architecture[0].depth", "must be between 1 and 64, got 0"),
        edit("probe_every: 100", "probe_every: 5000", "training.probe_every",
            "must be <= training.steps (1000), got 5000"),
        edit("probe_every: 100", "momentum: 1", "training.momentum", "must be in [0, 1), got 1"),
        // non-finite numbers (valid YAML floats) name the field
        edit("[0.01, 0.1]", "[0.01, .nan]", "grid.learning_rate[1]", "must be a finite number, got .nan"),
        edit("[0.01, 0.1]", "[.inf]", "grid.learning_rate[0]", "must be a finite number, got .inf"),
        edit("[0.01, 0.1]", "[.NaN]", "grid.learning_rate[0]", "must be a finite number, got .nan"),
        edit("learning_rate: [0.01, 0.1]", "learning_rate: .nan", "grid.learning_rate",
            "must be a finite number, got .nan"),
        edit("[0, 0.001]", "[0, -.inf]", "grid.weight_decay[1]", "must be a finite number, got -.inf"),
        edit("[0.01, 0.1]", "{log: [0.01, .inf], points: 3}", "grid.learning_rate.log[1]",
            "must be a finite number, got .inf"),
        edit("probe_every: 100", "probe_every: 100\n  momentum: .nan", "training.momentum",
            "must be a finite number, got .nan"),
        edit("train_size: 512", "train_size: 512\n  noise: .inf", "dataset.noise", "must be a finite number, got .inf"),
        edit("steps: 1000", "steps: .inf", "training.steps", "must be an integer, got .inf"),
        // sizes have an upper bound
        edit("train_size: 512", "train_size: 512\n  input_dim: 1000000000", "dataset.input_dim",
            "must be <= 65536, got 1000000000"),
        edit("train_size: 512", "train_size: 512\n  output_dim: 100000", "dataset.output_dim",
            "must be <= 65536, got 100000"),
        edit("train_size: 512", "train_size: 512\n  teacher_width: 100000", "dataset.teacher_width",
            "must be <= 65536, got 100000"),
        edit("train_size: 512", "train_size: 100000000", "dataset.train_size",
            "must be <= 16777216, got 100000000"),
        edit("width: 8", "width: 100000", "grid.architecture[0].width", "must be between 1 and 65536, got 100000"),
        edit("depth: 2", "depth: 1000", "grid.architecture[0].depth", "must be between 1 and 64, got 1000"),
        edit("steps: 1000", "steps: 2000000000", "training.steps", "must be <= 10000000, got 2000000000"),
        edit("steps: 1000\n  probe_every: 100", "steps: 10000000\n  probe_every: 10", "training.probe_every",
            "must give at most 100000 probe steps (training.steps / probe_every, training.steps 10000000), got 10"),
        edit("[16, 64]", "[16, 2000000]", "grid.batch_size[1]", "must be <= 1048576, got 2000000"),
        edit("probe_every: 100", "probe_every: 100\nprobe: {samples: 100000}", "probe.samples",
            "must be <= 65536, got 100000"),
        edit("probe_every: 100", "probe_every: 100\nprobe: {null_rotations: 1000}", "probe.null_rotations",
            "must be <= 64, got 1000"),
        edit("probe_every: 100", "probe_every: 100\nprobe: {conv_observations: 100000000}", "probe.conv_observations",
            "must be <= 1048576, got 100000000"),
        edit("kind: teacher_student", PARQUET + "\n  image: [1, 100000, 28]", "dataset.image[1]",
            "must be <= 4096, got 100000"),
        edit("kind: teacher_student", GAUSSIAN + "\n  output_dim: 1000000", "dataset.output_dim",
            "must be <= 65536, got 1000000"),
        // axis forms
        edit("[16, 64]", "[]", "grid.batch_size",
            "must be a non-empty list, {log: [lo, hi], points: n} or {linear: [lo, hi], points: n}, got []"),
        edit("[0.01, 0.1]", "[0.01, 0.01]", "grid.learning_rate[1]",
            "duplicate value 0.01 (each value must appear once)"),
        edit("[0.01, 0.1]", "{log: [0, 0.1], points: 3}", "grid.learning_rate.log[0]",
            "must be > 0 for a log axis, got 0"),
        edit("[0.01, 0.1]", "{log: [0.01, 0.1], points: 0}", "grid.learning_rate.points",
            "must be between 1 and 10000, got 0"),
        edit("[0.01, 0.1]", "{linear: [0.1, 0.01], points: 3}", "grid.learning_rate.linear",
            "must be finite with lo <= hi, got [0.1, 0.01]"),
        edit("seed: [0, 1]", "seed: {linear: [0, 1e30], points: 2}", "grid.seed.linear",
            "must stay within +-9007199254740992 for an integer axis, got [0, 1.0E30]"),
        edit("[16, 64]", "{linear: [1, 2], points: 4}", "grid.batch_size",
            "generates the value 1 twice after rounding to integers"),
        // names
        edit("name: base", "name: ../x", "name",
            "must be a safe path segment matching [A-Za-z0-9][A-Za-z0-9._-]{0,63}, got '../x'"),
        edit("name: base", "name: a/b", "name", "must be a safe path segment matching"),
        edit("name: base", "name: ''", "name", "got ''"),
        edit("name: base\n", "", "name", "is required"),
        // cross-field rules
        edit("probe_every: 100", "probe_every: 100\n  loss: cross_entropy", "training.loss",
            "must be mse for dataset.kind teacher_student (cross_entropy needs classes), got 'cross_entropy'"),
        edit("kind: teacher_student", GAUSSIAN + "\n  output_dim: 1", "dataset.output_dim",
            "must be >= 2 for kind gaussian_mixture (it is the number of classes), got 1"),
        edit("kind: teacher_student", GAUSSIAN + "\n  teacher_width: 8", "dataset.teacher_width",
            "does not apply to kind gaussian_mixture (remove it)"),
        edit("kind: teacher_student", GAUSSIAN + "\n  noise: 0", "dataset.noise", "must be > 0, got 0"),
        edit("kind: teacher_student", "kind: mnist", "dataset.kind",
            "must be one of teacher_student, gaussian_mixture, fashion_mnist, modular_addition, markov, parquet, got 'mnist'"),
        // user Parquet data (kind parquet)
        edit("kind: teacher_student", PARQUET.replace("\n  path: /data/d.parquet", ""), "dataset.path", "is required"),
        edit("kind: teacher_student", PARQUET.replace("/data/d.parquet", "''"), "dataset.path",
            "must be a Parquet file or directory (path or hdfs://, s3a://, file:// URI), got ''"),
        edit("kind: teacher_student", PARQUET + "\n  noise: 0.1", "dataset.noise",
            "does not apply to kind parquet (remove it)"),
        edit("kind: teacher_student", "kind: teacher_student\n  label: y", "dataset.label",
            "does not apply to kind teacher_student (remove it)"),
        edit("kind: teacher_student", PARQUET + "\n  features: x\n  label: x", "dataset.label",
            "must differ from dataset.features, got 'x'"),
        edit("kind: teacher_student", PARQUET + "\n  image: [28, 28]", "dataset.image",
            "must be [channels, height, width], got [28, 28]"),
        edit("kind: teacher_student", PARQUET + "\n  image: [1, 0, 28]", "dataset.image[1]", "must be >= 1, got 0"),
        edit("train_size: 512", "train_size: -1", "dataset.train_size", "must be >= 1, got -1"),
        edit("kind: teacher_student\n  train_size: 512", PARQUET + "\n  train_size: -1", "dataset.train_size",
            "must be >= 0, got -1"),
        edit("kind: teacher_student", PARQUET + "\n  image: [1, 2, 2]\n  features: [f]", "dataset.features",
            "must be a string, got [\"f\"]"),
        edit("probe_every: 100", "probe_every: 100\nprobe: {stats: [raw, raw]}", "probe.stats[1]",
            "duplicate value 'raw'"),
        edit("probe_every: 100", "probe_every: 100\nprobe: {stats: [mean]}", "probe.stats[0]",
            "must be one of raw, normalized, got 'mean'"),
        // missing sections and broken YAML (file-level errors have an empty field)
        edit("grid:\n  architecture:\n    - {depth: 2, width: 8, activation: tanh}\n"
                + "  learning_rate: [0.01, 0.1]\n  batch_size: [16, 64]\n"
                + "  weight_decay: [0, 0.001]\n  seed: [0, 1]\n", "", "grid", "is required"),
        edit("  learning_rate: [0.01, 0.1]\n", "", "grid.learning_rate", "is required"),
        edit("seed: [0, 1]", "seed: [0, 1", "", "YAML syntax error at line"),
        edit("probe_every: 100", "probe_every: 100\n  steps: 10", "",
            "YAML syntax error at line 15, column 8: Duplicate field 'steps'"));
  }

  private static Arguments edit(String from, String to, String field, String fragment) {
    if (!VALID.contains(from)) {
      throw new IllegalArgumentException("test case edits text not in the valid spec: " + from);
    }
    return arguments(VALID.replace(from, to), field, fragment);
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("cases")
  void malformedSpecNamesFieldAndProblemOnOneLine(String yaml, String field, String fragment) {
    SpecException error =
        catchThrowableOfType(SpecException.class, () -> SpecParser.parseString(yaml, SOURCE));

    assertThat(error).as("no error for:%n%s", yaml).isNotNull();
    assertThat(error.field()).isEqualTo(field);
    assertThat(error.getMessage()).contains(fragment).doesNotContain("\n", "\r");
    if (field.isEmpty()) {
      assertThat(error.getMessage()).startsWith("spec file '" + SOURCE + "': ");
    } else {
      assertThat(error.getMessage()).startsWith("spec field '" + field + "': ");
    }
  }

  @Test
  void validBaseSpecParses() {
    assertThat(SpecParser.parseString(VALID, SOURCE).points()).hasSize(2 * 2 * 2 * 2);
  }

  @Test
  void messagesReadExactlyAsDocumented() {
    assertThat(message(VALID.replace("[0.01, 0.1]", "[0.01, -0.1]")))
        .isEqualTo("spec field 'grid.learning_rate[1]': must be > 0, got -0.1");
    assertThat(message(VALID.replace("steps: 1000", "stpes: 1000")))
        .isEqualTo(
            "spec field 'training.stpes': unknown key (allowed: steps, probe_every, momentum, loss,"
                + " decay_biases, dtype, optimizer, adam_beta1, adam_beta2, adam_eps, pack, checkpoint)");
    assertThat(message(VALID.replace("[16, 64]", "[]")))
        .isEqualTo(
            "spec field 'grid.batch_size': must be a non-empty list, {log: [lo, hi], points: n} or"
                + " {linear: [lo, hi], points: n}, got []");
    assertThat(message(VALID.replace("seed: [0, 1]", "seed: [0, 1")))
        .isEqualTo(
            "spec file 'bad.yaml': YAML syntax error at line 12, column 9: expected ',' or ']', but"
                + " got : (while parsing a flow sequence)");
  }

  private static String message(String yaml) {
    return catchThrowableOfType(SpecException.class, () -> SpecParser.parseString(yaml, SOURCE))
        .getMessage();
  }
}
