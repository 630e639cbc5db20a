package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** training.checkpoint: parsed, carried by the point's JSON to executors, kept out of ids and the spec hash. */
class CheckpointSpecTest {

  private static final String SPEC = """
      name: ck
      dataset: {kind: teacher_student, input_dim: 4, output_dim: 2, train_size: 64}
      grid:
        architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
        learning_rate: [0.05]
        batch_size: [8]
        weight_decay: [0, 0.01]
      training: {steps: 10, probe_every: 5%s}
      """;

  @Test
  void checkpointChangesNeitherIdsNorTheSpecHashAndTravelsWithThePoint() {
    SweepSpec plain = SpecParser.parseString(SPEC.formatted(""), "a.yaml");
    SweepSpec kept = SpecParser.parseString(SPEC.formatted(", checkpoint: final"), "b.yaml");
    assertThat(plain.training().checkpoint()).isEqualTo(Checkpoint.NONE);
    assertThat(kept.training().checkpoint()).isEqualTo(Checkpoint.FINAL);
    assertThat(kept.points()).extracting(Point::id).isEqualTo(plain.points().stream().map(Point::id).toList());
    assertThat(kept.hash()).isEqualTo(plain.hash());
    Point p = kept.points().get(0);
    assertThat(p.toJson()).contains("\"checkpoint\":\"final\"");
    assertThat(p.canonicalJson()).doesNotContain("checkpoint");
    assertThat(Point.fromJson(p.toJson())).isEqualTo(p);
    assertThat(plain.points().get(0).toJson()).doesNotContain("checkpoint");
  }

  @Test
  void anUnknownCheckpointIsAOneLineSpecError() {
    assertThatThrownBy(() -> SpecParser.parseString(SPEC.formatted(", checkpoint: all"), "c.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("training.checkpoint")
        .hasMessageContaining("none, final");
  }
}
