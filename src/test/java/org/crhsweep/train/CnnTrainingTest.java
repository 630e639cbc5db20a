package org.crhsweep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.FashionMnist;
import org.crhsweep.model.Cnn;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.SiteKind;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Padding;
import org.crhsweep.spec.Pooling;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class CnnTrainingTest {

  @Test
  void aSmallCnnLearnsFashionMnist() {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "apt-get install dataset-fashion-mnist");
    Dataset data = FashionMnist.load(FashionMnist.DEFAULT_DIR, 512, 128, 1, DataType.FLOAT);
    // 1x28x28 -> conv (stride 2) 4x14x14 -> max pool 4x7x7 -> 196 -> 16 -> 10: small enough for 2 busy cores.
    CnnConfig arch = new CnnConfig(List.of(4), 3, 2, Padding.SAME, Pooling.MAX, 2, Activation.RELU, List.of(16),
        true);
    Cnn cnn = Cnn.build(arch, new int[] {1, 28, 28}, 10, true, 512, DataType.FLOAT, 2);
    List<TrainingStats> stats = new ArrayList<>();
    List<List<LayerProbe>> probes = new ArrayList<>();
    Prober prober = new Prober(List.of(Stat.NORMALIZED), 0, 1e-6, 1);
    TrainResult result = new Trainer(cnn, data, new TrainConfig(0.05, 32, 1e-4, 0, 100, false,
        new long[] {0, 100}, 3), prober, (s, l) -> {
          stats.add(s);
          probes.add(l);
        }).run();
    assertThat(result.diverged()).isFalse();
    TrainingStats first = stats.get(0);
    TrainingStats last = stats.get(1);
    // Ten classes: chance is a loss of ln 10 ≈ 2.3 and an accuracy of 0.1.
    assertThat(last.trainLoss()).isLessThan(0.6 * first.trainLoss());
    assertThat(last.probeLoss()).isLessThan(first.probeLoss());
    assertThat(last.accuracy()).isGreaterThan(0.4);
    // NC1 need not fall this early (small between-class directions of Σ_B weigh most), but it is measured.
    assertThat(first.nc1()).isPositive().isFinite();
    assertThat(last.nc1()).isPositive().isFinite();
    assertThat(last.gradNorm()).isPositive();
    assertThat(probes.get(1)).extracting(LayerProbe::name).containsExactly("conv1", "fc1", "fc2");
    assertThat(probes.get(1)).extracting(LayerProbe::kind)
        .containsExactly(SiteKind.CONV, SiteKind.DENSE, SiteKind.DENSE);
  }
}
