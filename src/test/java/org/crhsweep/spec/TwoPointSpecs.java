package org.crhsweep.spec;

/** The sweep the store and CLI tests run when any two quick points will do: a 2-layer tanh MLP, batch 8 and 16. */
public final class TwoPointSpecs {

  private TwoPointSpecs() {}

  /** The spec's YAML, named {@code name}, with {@code nullRotations} rotations for the chance level. */
  public static String yaml(String name, int nullRotations) {
    return """
        name: %s
        dataset: {kind: teacher_student, input_dim: 6, output_dim: 2, train_size: 64, teacher_width: 8}
        grid:
          architecture: [{type: mlp, depth: 2, width: 8, activation: tanh}]
          learning_rate: [0.05]
          batch_size: [8, 16]
          weight_decay: [0]
        training: {steps: 10, probe_every: 5}
        probe: {samples: 32, null_rotations: %d}
        """.formatted(name, nullRotations);
  }
}
