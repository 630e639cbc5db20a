package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cnn architecture type and the fashion_mnist dataset kind in specs. */
class CnnSpecTest {
  private static final String VALID =
      String.join(
          "\n",
          "name: conv",
          "dataset:",
          "  kind: fashion_mnist",
          "  train_size: 1000",
          "grid:",
          "  architecture:",
          "    - {type: cnn, channels: [8, 16], activation: relu, dense: [32]}",
          "    - {type: mlp, depth: 2, width: 16, activation: tanh}",
          "  learning_rate: [0.05]",
          "  batch_size: [32]",
          "  weight_decay: [0, 0.001]",
          "training:",
          "  steps: 100",
          "  probe_every: 50",
          "probe:",
          "  samples: 256",
          "");

  @Test
  void parsesCnnWithDefaultsOnFashionMnist() {
    SweepSpec spec = SpecParser.parseString(VALID, "conv.yaml");
    CnnConfig cnn = (CnnConfig) spec.architectures().get(0);
    assertThat(cnn).isEqualTo(new CnnConfig(List.of(8, 16), 3, 1, Padding.SAME, Pooling.MAX, 2, Activation.RELU,
        List.of(32), true));
    assertThat(cnn.label()).isEqualTo("cnn-c8-16-k3s1same-max2-d32-relu");
    assertThat(cnn.depth()).isEqualTo(4);
    assertThat(cnn.width()).isEqualTo(32);
    assertThat(cnn.featureShape(1, 28, 28)).containsExactly(16, 7, 7);
    assertThat(spec.dataset())
        .isEqualTo(DatasetSpec.fashionMnist(1000, 0, Normalization.STANDARDIZE, "/usr/share/datasets/fashion-mnist"));
    assertThat(spec.dataset().label()).isEqualTo("fashion_mnist-n1000");
    assertThat(spec.dataset().inputDim()).isEqualTo(784);
    assertThat(spec.training().loss()).isEqualTo(Loss.CROSS_ENTROPY);
    assertThat(spec.points()).hasSize(4);
    assertThat(spec.probe().convObservations()).isEqualTo(ProbeSpec.DEFAULT_CONV_OBSERVATIONS);
  }

  @Test
  void pointsRoundTripAndTheDataDirectoryIsNotPartOfTheId() {
    SweepSpec spec = SpecParser.parseString(VALID, "conv.yaml");
    for (Point p : spec.points()) {
      assertThat(Point.fromJson(p.toJson())).isEqualTo(p);
    }
    Point cnn = spec.points().get(0);
    assertThat(cnn.canonicalJson())
        .contains("\"arch\":{\"activation\":\"relu\",\"bias\":true,\"channels\":[8,16],\"dense\":[32],"
            + "\"kernel\":3,\"padding\":\"same\",\"pool_size\":2,\"pooling\":\"max\",\"stride\":1,\"type\":\"cnn\"}")
        .contains("\"dataset\":{\"kind\":\"fashion_mnist\",\"normalize\":\"standardize\",\"seed\":0,"
            + "\"train_size\":1000}")
        .contains("\"conv_observations\":4096");
    assertThat(cnn.toJson()).contains("\"dir\":\"/usr/share/datasets/fashion-mnist\"");
    SweepSpec moved = SpecParser.parseString(VALID.replace("train_size: 1000", "train_size: 1000\n  dir: /data/fm"),
        "moved.yaml");
    assertThat(moved.points().get(0).id()).isEqualTo(cnn.id());
    assertThat(moved.points().get(0).dataset().dir()).isEqualTo("/data/fm");
    // The observation cap is part of a cnn point, not of an mlp point.
    SweepSpec capped = SpecParser.parseString(VALID.replace("samples: 256", "samples: 256\n  conv_observations: 64"),
        "capped.yaml");
    assertThat(capped.points().get(0).id()).isNotEqualTo(cnn.id());
    assertThat(capped.points().get(2).id()).isEqualTo(spec.points().get(2).id());
    assertThat(spec.points().get(2).canonicalJson()).doesNotContain("conv_observations");
  }

  static Stream<Arguments> cases() {
    String arch = "- {type: cnn, channels: [8, 16], activation: relu, dense: [32]}";
    return Stream.of(
        edit(arch, "- {type: vit, channels: [8]}", "grid.architecture[0].type",
            "must be one of mlp, cnn, resnet, transformer, got 'vit'"),
        edit(arch, "- {type: resnet, stem: 8, widths: [8, 16], blocks: [1]}", "grid.architecture[0].blocks",
            "must have one entry per stage (widths has 2), got 1"),
        edit(arch, "- {type: resnet, preset: resnet50}", "grid.architecture[0].preset", "must be resnet18, got 'resnet50'"),
        edit(arch, "- {type: resnet, preset: resnet18, widths: [8]}", "grid.architecture[0].widths",
            "does not apply with a preset (remove it or the preset)"),
        edit(arch, "- {type: resnet, widths: [8], blocks: [1]}", "grid.architecture[0].stem", "is required"),
        edit(arch, "- {type: resnet, stem: 8, widths: [8, 0], blocks: [1, 1]}", "grid.architecture[0].widths[1]",
            "must be between 1 and 4096, got 0"),
        edit(arch, "- {type: resnet, stem: 8, widths: [8], blocks: [1], kernel: 3}", "grid.architecture[0].kernel",
            "unknown key (allowed: type, preset, stem, widths, blocks, activation, bias, batch_norm)"),
        edit(arch, "- {type: resnet, stem: 8, widths: [8], blocks: [1], batch_norm: 2}",
            "grid.architecture[0].batch_norm", "must be a boolean (true or false), got 2"),
        edit(arch, "- {type: cnn, channels: [], activation: relu}", "grid.architecture[0].channels",
            "must be a non-empty list of channel counts, got []"),
        edit(arch, "- {type: cnn, channels: [8, 0], activation: relu}", "grid.architecture[0].channels[1]",
            "must be between 1 and 4096, got 0"),
        edit(arch, "- {type: cnn, channels: [8], kernel: 4, activation: relu}", "grid.architecture[0].padding",
            "same needs an odd kernel (pads (k - 1)/2 each side), got kernel 4"),
        edit(arch, "- {type: cnn, channels: [8], pooling: none, pool_size: 2, activation: relu}",
            "grid.architecture[0].pool_size", "does not apply to pooling none (remove it)"),
        edit(arch, "- {type: cnn, channels: [8], pooling: mean, activation: relu}", "grid.architecture[0].pooling",
            "must be one of none, max, avg, got 'mean'"),
        edit(arch, "- {type: cnn, channels: [8], kernel: 0, activation: relu}", "grid.architecture[0].kernel",
            "must be between 1 and 11, got 0"),
        edit(arch, "- {type: cnn, channels: [8], depth: 2, activation: relu}", "grid.architecture[0].depth",
            "unknown key (allowed: type, channels, kernel, stride, padding, pooling, pool_size, activation, dense,"
                + " bias)"),
        edit(arch, "- {type: cnn, channels: [4, 4, 4, 4, 4], padding: valid, activation: relu}",
            "grid.architecture[0].channels",
            "too many conv layers for a 1x28x28 input: the feature map is empty after conv layer 4"),
        edit("kind: fashion_mnist\n  train_size: 1000", "kind: gaussian_mixture", "grid.architecture[0].type",
            "cnn needs image data (dataset.kind fashion_mnist), got dataset.kind gaussian_mixture"),
        edit("train_size: 1000", "train_size: 1000\n  input_dim: 10", "dataset.input_dim",
            "does not apply to kind fashion_mnist (remove it)"),
        edit("train_size: 1000", "train_size: 70000", "dataset.train_size", "must be between 1 and 60000, got 70000"),
        edit("train_size: 1000", "train_size: 1000\n  normalize: none", "dataset.normalize",
            "must be unit or standardize, got 'none'"),
        edit("samples: 256", "samples: 20000", "probe.samples",
            "must be <= 10000 for dataset.kind fashion_mnist (held-out test images), got 20000"),
        edit("samples: 256", "samples: 256\n  conv_observations: 1", "probe.conv_observations",
            "must be >= 2, got 1"));
  }

  private static Arguments edit(String from, String to, String field, String fragment) {
    if (!VALID.contains(from)) {
      throw new IllegalArgumentException("test case edits text not in the valid spec: " + from);
    }
    return arguments(VALID.replace(from, to), field, fragment);
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("cases")
  void malformedCnnSpecNamesFieldAndProblemOnOneLine(String yaml, String field, String fragment) {
    SpecException error = catchThrowableOfType(SpecException.class, () -> SpecParser.parseString(yaml, "bad.yaml"));
    assertThat(error).as("no error for:%n%s", yaml).isNotNull();
    assertThat(error.getMessage()).startsWith("spec field '" + field + "': ").contains(fragment)
        .doesNotContain("\n");
  }

  @Test
  void resnetParsesWithItsPresetExpanded() {
    SweepSpec spec = SpecParser.parseString(VALID.replace(
        "- {type: cnn, channels: [8, 16], activation: relu, dense: [32]}",
        "- {type: resnet, stem: 8, widths: [8, 16], blocks: [2, 1]}\n    - {type: resnet, preset: resnet18}"),
        "res.yaml");
    ResNetConfig small = (ResNetConfig) spec.architectures().get(0);
    assertThat(small).isEqualTo(new ResNetConfig(8, List.of(8, 16), List.of(2, 1), Activation.RELU, true));
    assertThat(small.label()).isEqualTo("resnet-s8-w8-16-b2-1-relu");
    // stem + 2·3 convs + one projection (stage 2) + fc
    assertThat(small.depth()).isEqualTo(9);
    assertThat(spec.architectures().get(1)).isEqualTo(ResNetConfig.RESNET18);
    assertThat(ResNetConfig.RESNET18.depth()).isEqualTo(1 + 16 + 3 + 1);
    Point p = spec.points().get(0);
    assertThat(Point.fromJson(p.toJson())).isEqualTo(p);
    assertThat(p.canonicalJson()).contains("\"arch\":{\"activation\":\"relu\",\"bias\":true,\"blocks\":[2,1],"
        + "\"stem\":8,\"type\":\"resnet\",\"widths\":[8,16]}");
  }

  @Test
  void batchNormIsOffByDefaultAndOnlyWhenOnInTheCanonicalJson() {
    SweepSpec spec = SpecParser.parseString(VALID.replace(
        "- {type: cnn, channels: [8, 16], activation: relu, dense: [32]}",
        "- {type: resnet, stem: 8, widths: [8, 16], blocks: [2, 1], batch_norm: false}\n"
            + "    - {type: resnet, stem: 8, widths: [8, 16], blocks: [2, 1], batch_norm: true}\n"
            + "    - {type: resnet, preset: resnet18, batch_norm: true}"),
        "bn.yaml");
    ResNetConfig off = (ResNetConfig) spec.architectures().get(0);
    ResNetConfig on = (ResNetConfig) spec.architectures().get(1);
    assertThat(off).isEqualTo(new ResNetConfig(8, List.of(8, 16), List.of(2, 1), Activation.RELU, true));
    assertThat(on).isEqualTo(off.withBatchNorm(true));
    assertThat(spec.architectures().get(2)).isEqualTo(ResNetConfig.RESNET18.withBatchNorm(true));
    assertThat(on.label()).isEqualTo("resnet-s8-w8-16-b2-1-relu-bn");
    assertThat(on.depth()).isEqualTo(off.depth());
    Point pOff = spec.points().stream().filter(p -> p.arch().equals(off)).findFirst().orElseThrow();
    Point pOn = spec.points().stream().filter(p -> p.arch().equals(on)).findFirst().orElseThrow();
    // Off writes no key: the canonical JSON (and the id) of a point from before the key existed.
    assertThat(pOff.canonicalJson()).contains("\"arch\":{\"activation\":\"relu\",\"bias\":true,"
        + "\"blocks\":[2,1],\"stem\":8,\"type\":\"resnet\",\"widths\":[8,16]}");
    assertThat(pOn.canonicalJson()).contains("\"arch\":{\"activation\":\"relu\",\"batch_norm\":true,"
        + "\"bias\":true,\"blocks\":[2,1],\"stem\":8,\"type\":\"resnet\",\"widths\":[8,16]}");
    assertThat(pOn.id()).isNotEqualTo(pOff.id());
    assertThat(Point.fromJson(pOn.toJson())).isEqualTo(pOn);
  }

  @Test
  void normalizeDoesNotApplyToSyntheticData() {
    String yaml = VALID.replace("kind: fashion_mnist\n  train_size: 1000",
            "kind: gaussian_mixture\n  train_size: 1000\n  normalize: unit")
        .replace("- {type: cnn, channels: [8, 16], activation: relu, dense: [32]}\n    ", "");
    SpecException error = catchThrowableOfType(SpecException.class, () -> SpecParser.parseString(yaml, "bad.yaml"));
    assertThat(error.getMessage())
        .isEqualTo("spec field 'dataset.normalize': does not apply to kind gaussian_mixture (remove it)");
  }
}
