package org.crhsweep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.SyntheticData;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.model.PackedMlp;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** In float32 too (the losses read straight from host memory), a pack stops a diverging member when Trainer would. */
class PackedTrainerFloatTest {

  @Test
  void float32DivergenceIsSeenAtTrainersStep() {
    MlpShape shape = new MlpShape(6, 3, 3, 8, Activation.TANH, true, false);
    Dataset data = SyntheticData.teacherStudent(6, 3, 10, 0.1, 96, 48, 2, DataType.FLOAT);
    double[] lrs = {0.05, 1e5};
    List<PackedTrainer.Member> members = new ArrayList<>();
    for (int i = 0; i < lrs.length; i++) {
      members.add(new PackedTrainer.Member(cfg(lrs[i], i), new Prober(List.of(Stat.RAW), 0, 1e-6, i), (s, l) -> { }));
    }
    List<TrainResult> packed = new PackedTrainer(PackedMlp.build(shape, DataType.FLOAT, 0, 1), data, members).run();
    for (int i = 0; i < lrs.length; i++) {
      TrainResult alone = new Trainer(Mlp.build(shape, DataType.FLOAT, i), data, cfg(lrs[i], i),
          new Prober(List.of(Stat.RAW), 0, 1e-6, i), (s, l) -> { }).run();
      assertThat(packed.get(i).diverged()).as("member %d diverged", i).isEqualTo(alone.diverged()).isEqualTo(i == 1);
      assertThat(packed.get(i).stepsDone()).as("member %d steps", i).isEqualTo(alone.stepsDone());
      assertThat(packed.get(i).last().trainLoss()).as("member %d last train loss", i)
          .isCloseTo(alone.last().trainLoss(), within(1e-5 * Math.abs(alone.last().trainLoss())));
    }
  }

  private static TrainConfig cfg(double lr, long seed) {
    return new TrainConfig(lr, 16, 0, 0, 30, false, new long[] {0, 30}, seed + 100);
  }
}
