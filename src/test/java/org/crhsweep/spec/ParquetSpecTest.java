package org.crhsweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * dataset.kind parquet: defaults, what enters a point's id, and the pre-flight checks against a {@link DatasetShape}
 * (given here directly; ParquetSweepTest and ParquetCliTest read real files).
 */
class ParquetSpecTest {
  private static final String SPEC = String.join("\n",
      "name: mine",
      "dataset:",
      "  kind: parquet",
      "  path: hdfs://nn:8020/data/mixture",
      "grid:",
      "  architecture:",
      "    - {depth: 2, width: 8, activation: tanh}",
      "  learning_rate: [0.05]",
      "  batch_size: [16, 32]",
      "  weight_decay: [0]",
      "training:",
      "  steps: 100",
      "  probe_every: 50",
      "probe:",
      "  samples: 64",
      "");
  private static final DatasetShape CLASSES = new DatasetShape(200, 6, true);
  private static final DatasetShape VALUES = new DatasetShape(200, 6, false);

  private static SweepSpec parse(String yaml, DatasetShape shape) {
    return SpecParser.parseString(yaml, "mine.yaml", dataset -> shape);
  }

  private static SpecException error(String yaml, DatasetShape shape) {
    return catchThrowableOfType(SpecException.class, () -> parse(yaml, shape));
  }

  @Test
  void defaultsAndTheLossComeFromTheData() {
    SweepSpec spec = parse(SPEC, CLASSES);
    assertThat(spec.dataset()).isEqualTo(DatasetSpec.parquet(
        new ParquetSpec("hdfs://nn:8020/data/mixture", "features", "label", java.util.List.of()), 0, 0));
    assertThat(spec.training().loss()).isEqualTo(Loss.CROSS_ENTROPY);
    assertThat(parse(SPEC, VALUES).training().loss()).isEqualTo(Loss.MSE);
    assertThat(spec.dataset().label()).isEqualTo("parquet-mixture-nall");
    assertThat(spec.dataset().imageShape()).isNull();
    Point p = spec.points().get(0);
    assertThat(Point.fromJson(p.toJson())).isEqualTo(p);
    assertThat(p.canonicalJson()).contains("\"dataset\":{\"features\":\"features\",\"kind\":\"parquet\","
        + "\"label\":\"label\",\"path\":\"hdfs://nn:8020/data/mixture\",\"seed\":0,\"train_size\":0}");
  }

  @Test
  void pathAndColumnsArePartOfThePointId() {
    String id = parse(SPEC, CLASSES).points().get(0).id();
    assertThat(parse(SPEC.replace("/data/mixture", "/data/other"), CLASSES).points().get(0).id()).isNotEqualTo(id);
    assertThat(parse(SPEC.replace("/data/mixture", "/data/mixture\n  label: cls"), CLASSES).points().get(0).id())
        .isNotEqualTo(id);
    assertThat(parse(SPEC.replace("/data/mixture", "/data/mixture\n  features: features"), CLASSES).points().get(0)
        .id()).isEqualTo(id);
  }

  @Test
  void anImageShapeFeedsTheConvNetsAndMustMatchTheFeatureLength() {
    String cnn = SPEC.replace("/data/mixture", "/data/mixture\n  image: [1, 2, 3]")
        .replace("{depth: 2, width: 8, activation: tanh}", "{type: cnn, channels: [2], activation: relu}");
    assertThat(parse(cnn, CLASSES).dataset().imageShape()).containsExactly(1, 2, 3);
    // executors read points back from JSON; a CNN without pooling must survive that (pool_size is stored as 0)
    Point unpooled = parse(cnn.replace("activation: relu}", "pooling: none, activation: relu}"), CLASSES).points()
        .get(0);
    assertThat(Point.fromJson(unpooled.toJson())).isEqualTo(unpooled);
    assertThat(error(cnn.replace("[1, 2, 3]", "[1, 2, 2]"), CLASSES).getMessage())
        .isEqualTo("spec field 'dataset.image': must multiply to the feature length 6 of column 'features', got "
            + "[1, 2, 2]");
    assertThat(error(cnn.replace("\n  image: [1, 2, 3]", ""), CLASSES).getMessage())
        .isEqualTo("spec field 'dataset.image': is required by cnn: give [channels, height, width] of a features row,"
            + " or use type mlp");
  }

  @Test
  void preflightErrorsNameTheFieldToChange() {
    assertThat(error(SPEC.replace("probe_every: 50", "probe_every: 50\n  loss: mse"), CLASSES).getMessage())
        .isEqualTo("spec field 'training.loss': must be cross_entropy for dataset.path hdfs://nn:8020/data/mixture"
            + " (column 'label' holds integer classes), got 'mse'");
    assertThat(error(SPEC.replace("probe_every: 50", "probe_every: 50\n  loss: cross_entropy"), VALUES).getMessage())
        .isEqualTo("spec field 'training.loss': must be mse for dataset.path hdfs://nn:8020/data/mixture"
            + " (column 'label' holds numbers, not integer classes), got 'cross_entropy'");
    assertThat(error(SPEC.replace("/data/mixture", "/data/mixture\n  train_size: 150"), CLASSES).getMessage())
        .isEqualTo("spec field 'dataset.train_size': must be <= 136 (the 200 rows of dataset.path"
            + " hdfs://nn:8020/data/mixture minus probe.samples 64), got 150");
    assertThat(error(SPEC.replace("[16, 32]", "[16, 137]"), CLASSES).getMessage())
        .isEqualTo("spec field 'grid.batch_size[1]': must be <= the 136 training rows of dataset.path"
            + " hdfs://nn:8020/data/mixture, got 137");
    assertThat(error(SPEC, new DatasetShape(64, 6, true)).field()).isEqualTo("probe.samples");
    assertThat(parse(SPEC.replace("[16, 32]", "[16, 136]"), CLASSES).points()).hasSize(2);
  }

  @Test
  void withoutAnInspectorTheLossIsAsWritten() {
    assertThat(SpecParser.parseString(SPEC, "mine.yaml").training().loss()).isEqualTo(Loss.CROSS_ENTROPY);
    assertThat(SpecParser.parseString(SPEC.replace("probe_every: 50", "probe_every: 50\n  loss: mse"), "mine.yaml")
        .training().loss()).isEqualTo(Loss.MSE);
  }
}
