package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecParserTest {

  static Path resource(String name) {
    try {
      return Path.of(SpecParserTest.class.getResource("/specs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static SweepSpec parseGrid(String grid) {
    return SpecParser.parseString(
        "name: axes\ndataset: {kind: teacher_student}\ngrid:\n"
            + "  architecture: [{depth: 2, width: 8, activation: tanh}]\n" + grid,
        "axes.yaml");
  }

  @Test
  void fullExampleExpandsEveryAxis() {
    SweepSpec spec = SpecParser.parse(resource("full.yaml"));

    assertThat(spec.name()).isEqualTo("full-example");
    assertThat(spec.architectures())
        .containsExactly(
            new MlpConfig(4, 32, Activation.TANH, true),
            new MlpConfig(2, 64, Activation.RELU, false));
    assertThat(spec.learningRates()).containsExactly(0.01, 0.1, 1.0);
    assertThat(spec.batchSizes()).containsExactly(16, 32, 64, 128, 256);
    assertThat(spec.weightDecays()).containsExactly(0.0, 0.0005, 0.001);
    assertThat(spec.seeds()).containsExactly(0L, 1L);
    assertThat(spec.points()).hasSize(2 * 5 * 3 * 3 * 2);

    assertThat(spec.dataset())
        .isEqualTo(new DatasetSpec(DatasetKind.TEACHER_STUDENT, 8, 2, 1024, 0.05, 16, 0, 7));
    assertThat(spec.training())
        .isEqualTo(new TrainingSpec(1000, 300, 0.9, Loss.MSE, true, DType.FLOAT64));
    assertThat(spec.probe()).isEqualTo(new ProbeSpec(256, List.of("normalized"), 2, 1e-5));
    assertThat(spec.phase()).isEqualTo(new PhaseSpec(0.7, 0.05, 0.2, 0.8, 0.25));
  }

  @Test
  void pointsVarySeedFastestThenWeightDecayLearningRateBatchArchitecture() {
    List<Point> points = SpecParser.parse(resource("full.yaml")).points();

    Point first = points.get(0);
    assertThat(first.arch().label()).isEqualTo("mlp-d4-w32-tanh");
    assertThat(List.of(first.batchSize(), first.learningRate(), first.weightDecay(), first.seed()))
        .containsExactly(16, 0.01, 0.0, 0L);
    assertThat(points.get(1).seed()).isEqualTo(1L);
    assertThat(points.get(2).weightDecay()).isEqualTo(0.0005);
    assertThat(points.get(6).learningRate()).isEqualTo(0.1);
    assertThat(points.get(18).batchSize()).isEqualTo(32);
    assertThat(points.get(90).arch().label()).isEqualTo("mlp-d2-w64-relu-nobias");
    assertThat(points).allSatisfy(p -> assertThat(p.sweep()).isEqualTo("full-example"));
    assertThat(points.stream().map(Point::id).distinct()).hasSize(points.size());
  }

  @Test
  void minimalExampleGetsTheDefaultsOfItsDatasetKind() {
    SweepSpec spec = SpecParser.parse(resource("minimal.yaml"));

    assertThat(spec.architectures()).containsExactly(new MlpConfig(2, 8, Activation.RELU, true));
    assertThat(spec.learningRates()).containsExactly(0.1);
    assertThat(spec.batchSizes()).containsExactly(32);
    assertThat(spec.weightDecays()).containsExactly(0.0);
    assertThat(spec.seeds()).containsExactly(0L);
    assertThat(spec.dataset())
        .isEqualTo(new DatasetSpec(DatasetKind.GAUSSIAN_MIXTURE, 16, 4, 4096, 1.0, 0, 3.0, 0));
    assertThat(spec.training())
        .isEqualTo(new TrainingSpec(3000, 300, 0.0, Loss.CROSS_ENTROPY, false, DType.FLOAT32));
    assertThat(spec.probe()).isEqualTo(new ProbeSpec(512, List.of("raw", "normalized"), 4, 1e-6));
    assertThat(spec.phase()).isEqualTo(PhaseSpec.defaults());
    assertThat(spec.points()).hasSize(1);
  }

  @Test
  void teacherStudentDefaultsToMseAndLabelNoise() {
    SweepSpec spec = parseGrid("  learning_rate: 0.1\n  batch_size: 8\n  weight_decay: 0\n");

    assertThat(spec.dataset().noise()).isEqualTo(0.1);
    assertThat(spec.dataset().teacherWidth()).isEqualTo(32);
    assertThat(spec.dataset().separation()).isEqualTo(0.0);
    assertThat(spec.training().loss()).isEqualTo(Loss.MSE);
  }

  @Test
  void generatedAxesIncludeBothEndsAndRoundToTenDigits() {
    SweepSpec spec =
        parseGrid(
            "  learning_rate: {linear: [0.01, 0.1], points: 4}\n"
                + "  batch_size: {linear: [8, 20], points: 3}\n"
                + "  weight_decay: {log: [0.0001, 0.01], points: 1}\n"
                + "  seed: {linear: [0, 9], points: 4}\n");

    assertThat(spec.learningRates()).containsExactly(0.01, 0.04, 0.07, 0.1);
    assertThat(spec.batchSizes()).containsExactly(8, 14, 20);
    assertThat(spec.weightDecays()).containsExactly(0.0001);
    assertThat(spec.seeds()).containsExactly(0L, 3L, 6L, 9L);
  }

  @Test
  void logAxesAreGeometricAndIntegerAxesRoundToNearest() {
    SweepSpec spec =
        parseGrid(
            "  learning_rate: {log: [0.001, 0.1], points: 5}\n"
                + "  batch_size: {log: [10, 100], points: 3}\n"
                + "  weight_decay: [0.0, 1e-4]\n");

    assertThat(spec.learningRates()).containsExactly(0.001, 0.003162277660, 0.01, 0.03162277660, 0.1);
    assertThat(spec.batchSizes()).containsExactly(10, 32, 100);
    assertThat(spec.weightDecays()).containsExactly(0.0, 0.0001);
  }

  @Test
  void canonicalJsonIsItselfAValidSpecWithTheSameHash() {
    SweepSpec spec = SpecParser.parse(resource("full.yaml"));

    SweepSpec again = SpecParser.parseString(spec.canonicalJson(), "canonical.json");

    assertThat(again).isEqualTo(spec);
    assertThat(again.hash()).isEqualTo(spec.hash()).matches("[0-9a-f]{16}");
    assertThat(spec.canonicalJson())
        .startsWith("{\"dataset\":{\"input_dim\":8,\"kind\":\"teacher_student\"")
        .doesNotContain(" ", "\n");
  }

  @Test
  void hashChangesWithPhaseSettingsButPointIdsDoNot() {
    SweepSpec spec = SpecParser.parse(resource("minimal.yaml"));
    SweepSpec stricter =
        new SweepSpec(
            spec.name(), spec.architectures(), spec.learningRates(), spec.batchSizes(),
            spec.weightDecays(), spec.seeds(), spec.dataset(), spec.training(), spec.probe(),
            new PhaseSpec(0.9, 0.1, 0.15, 0.9, 0.2));

    assertThat(stricter.hash()).isNotEqualTo(spec.hash());
    assertThat(stricter.points().get(0).id()).isEqualTo(spec.points().get(0).id());
  }

  @Test
  void reciprocalToleranceIsReadAndChangesTheHashOnlyWhenSet() {
    SweepSpec spec = SpecParser.parse(resource("minimal.yaml"));
    assertThat(spec.phase().reciprocalTolerance()).isEqualTo(PhaseSpec.DEFAULT_RECIPROCAL_TOLERANCE);
    // The default is not written, so specs from before the key keep their canonical JSON and hash.
    assertThat(spec.canonicalJson()).doesNotContain("reciprocal_tolerance");
    SweepSpec looser = SpecParser.parseString(spec.canonicalJson().replace("\"threshold\"",
        "\"reciprocal_tolerance\":0.3,\"threshold\""), "looser.json");
    assertThat(looser.phase().reciprocalTolerance()).isEqualTo(0.3);
    assertThat(looser.hash()).isNotEqualTo(spec.hash());
    assertThat(SpecParser.parseString(looser.canonicalJson(), "again.json").phase()).isEqualTo(looser.phase());
  }

  @Test
  void missingFileIsOneLineNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> SpecParser.parse(missing))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec file '" + missing + "' not found");
  }

  @Test
  void fileOnDiskIsParsedLikeAString(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("copy.yaml");
    Files.writeString(file, Files.readString(resource("minimal.yaml")));

    assertThat(SpecParser.parse(file)).isEqualTo(SpecParser.parse(resource("minimal.yaml")));
  }

  @Test
  void emptyFileIsAnError() {
    assertThatThrownBy(() -> SpecParser.parseString("# nothing\n", "empty.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("spec file 'empty.yaml': is empty");
  }

  @Test
  void secondYamlDocumentIsAnErrorNotIgnored() throws Exception {
    String twice = Files.readString(resource("minimal.yaml")) + "---\nname: other\n";

    assertThatThrownBy(() -> SpecParser.parseString(twice, "two.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec file 'two.yaml': must hold one YAML document, found another at line 12");
  }

  @Test
  void topLevelListIsAnError() {
    assertThatThrownBy(() -> SpecParser.parseString("- name: x\n", "list.yaml"))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "spec file 'list.yaml': must be a map with keys name, dataset, grid, training, probe,"
                + " phase, execution, got [{\"name\":\"x\"}]");
  }
}
