package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transformer architecture type, the token dataset kinds and the optimizer in specs. */
class TransformerSpecTest {
  private static final String VALID =
      String.join(
          "\n",
          "name: lm",
          "dataset:",
          "  kind: markov",
          "  vocab: 16",
          "  context: 8",
          "  train_size: 512",
          "grid:",
          "  architecture:",
          "    - {type: transformer, layers: 2, d_model: 32, heads: 4}",
          "  learning_rate: [0.001]",
          "  batch_size: [16]",
          "  weight_decay: [0, 0.1]",
          "training:",
          "  steps: 100",
          "  probe_every: 50",
          "  optimizer: adamw",
          "  adam_beta2: 0.98",
          "");

  @Test
  void parsesTransformerMarkovAndAdamw() {
    SweepSpec spec = SpecParser.parseString(VALID, "lm.yaml");
    TransformerConfig t = (TransformerConfig) spec.architectures().get(0);
    assertThat(t).isEqualTo(new TransformerConfig(2, 32, 4, 4, true));
    assertThat(t.label()).isEqualTo("transformer-l2-d32-h4-r4");
    assertThat(t.depth()).isEqualTo(13);
    assertThat(spec.dataset().tokens()).isEqualTo(new TokenSpec(DatasetKind.MARKOV, 8, 0, 0, 16, 1, 3));
    assertThat(spec.dataset().label()).isEqualTo("markov-v16-k1-b3-t8-n512");
    assertThat(spec.training().loss()).isEqualTo(Loss.CROSS_ENTROPY);
    assertThat(spec.training().optimizer()).isEqualTo(OptimizerKind.ADAMW);
    assertThat(spec.training().adamBeta1()).isEqualTo(0.9);
    assertThat(spec.training().adamBeta2()).isEqualTo(0.98);
    for (Point p : spec.points()) {
      assertThat(Point.fromJson(p.toJson())).isEqualTo(p);
    }
    assertThat(spec.points().get(0).canonicalJson())
        .contains("\"arch\":{\"bias\":true,\"d_model\":32,\"heads\":4,\"layers\":2,\"mlp_ratio\":4,"
            + "\"type\":\"transformer\"}")
        .contains("\"dataset\":{\"branching\":3,\"context\":8,\"kind\":\"markov\",\"order\":1,\"seed\":0,"
            + "\"train_size\":512,\"vocab\":16}")
        .contains("\"optimizer\":\"adamw\"")
        .contains("\"conv_observations\":4096");
  }

  @Test
  void modularAdditionAndSgdKeepTheirOwnKeys() {
    String yaml = VALID.replace("kind: markov\n  vocab: 16", "kind: modular_addition\n  p: 7\n  train_fraction: 0.6")
        .replace("  optimizer: adamw\n  adam_beta2: 0.98\n", "");
    SweepSpec spec = SpecParser.parseString(yaml, "mod.yaml");
    assertThat(spec.dataset().tokens().vocabulary()).isEqualTo(10);
    assertThat(spec.dataset().label()).isEqualTo("modular_addition-p7-f0.6-t8-n512");
    assertThat(spec.training().optimizer()).isEqualTo(OptimizerKind.SGD);
    // SGD points carry no optimizer keys: ids of existing sweeps stay as they were.
    assertThat(spec.points().get(0).canonicalJson()).doesNotContain("optimizer").doesNotContain("adam_");
    assertThat(Point.fromJson(spec.points().get(0).toJson())).isEqualTo(spec.points().get(0));
  }

  static Stream<Arguments> cases() {
    String arch = "- {type: transformer, layers: 2, d_model: 32, heads: 4}";
    return Stream.of(
        edit(arch, "- {type: transformer, layers: 2, d_model: 32, heads: 5}", "grid.architecture[0].heads",
            "must divide d_model (32), got 5"),
        edit(arch, "- {type: transformer, layers: 0, d_model: 32, heads: 4}", "grid.architecture[0].layers",
            "must be between 1 and 48, got 0"),
        edit(arch, "- {type: transformer, d_model: 32, heads: 4}", "grid.architecture[0].layers", "required"),
        edit(arch, "- {type: transformer, layers: 2, d_model: 32, heads: 4, width: 3}",
            "grid.architecture[0].width", "unknown key"),
        edit(arch, "- {type: mlp, depth: 2, width: 8, activation: tanh}", "grid.architecture[0].type",
            "mlp cannot read token windows (use type transformer), got dataset.kind markov"),
        edit("kind: markov\n  vocab: 16\n  context: 8", "kind: gaussian_mixture", "grid.architecture[0].type",
            "transformer needs token data (dataset.kind modular_addition or markov), got dataset.kind"),
        edit("vocab: 16", "vocab: 16\n  p: 7", "dataset.p", "does not apply to kind markov (remove it)"),
        edit("vocab: 16", "vocab: 16\n  branching: 17", "dataset.branching", "must be between 1 and 16, got 17"),
        edit("context: 8", "context: 0", "dataset.context", "must be between 1 and 1024, got 0"),
        edit("kind: markov\n  vocab: 16", "kind: modular_addition\n  p: 3\n  train_fraction: 1.0",
            "dataset.train_fraction", "must be in (0, 1)"),
        edit("optimizer: adamw", "optimizer: adam", "training.optimizer", "must be one of sgd, adamw, got 'adam'"),
        edit("optimizer: adamw", "optimizer: sgd", "training.adam_beta2",
            "applies to optimizer adamw only (remove it or set optimizer: adamw)"),
        edit("adam_beta2: 0.98", "adam_beta2: 1.0", "training.adam_beta2", "must be in [0, 1)"),
        edit("adam_beta2: 0.98", "adam_beta2: 0.98\n  momentum: 0.9", "training.momentum",
            "is for sgd only (adamw has adam_beta1), got 0.9"),
        edit("adam_beta2: 0.98", "adam_beta2: 0.98\n  loss: mse", "training.loss",
            "must be cross_entropy for dataset.kind markov (next-token prediction), got 'mse'"));
  }

  private static Arguments edit(String from, String to, String field, String fragment) {
    if (!VALID.contains(from)) {
      throw new IllegalArgumentException("test case edits text not in the valid spec: " + from);
    }
    return arguments(VALID.replace(from, to), field, fragment);
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("cases")
  void malformedTransformerSpecNamesFieldAndProblemOnOneLine(String yaml, String field, String fragment) {
    SpecException error = catchThrowableOfType(SpecException.class, () -> SpecParser.parseString(yaml, "bad.yaml"));
    assertThat(error).as("no error for:%n%s", yaml).isNotNull();
    assertThat(error.getMessage()).startsWith("spec field '" + field + "': ").contains(fragment)
        .doesNotContain("\n");
  }
}
