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
import org.crhsweep.probe.AlignmentValue;
import org.crhsweep.probe.LayerProbe;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Packed training gives every member what training it alone gives: losses, norms, alignments, divergence. */
class PackedTrainerTest {

  private static final MlpShape SHAPE = new MlpShape(6, 3, 3, 8, Activation.TANH, true, false);
  private final Dataset data = SyntheticData.teacherStudent(6, 3, 10, 0.1, 96, 48, 2, DataType.DOUBLE);

  /** Everything a run reports, in order. */
  private static final class Log implements ProbeListener {
    final List<TrainingStats> stats = new ArrayList<>();
    final List<List<LayerProbe>> layers = new ArrayList<>();

    @Override
    public void onProbe(TrainingStats s, List<LayerProbe> l) {
      stats.add(s);
      layers.add(l);
    }
  }

  private static Prober prober(long seed) {
    return new Prober(List.of(Stat.RAW), 2, 1e-6, seed);
  }

  private TrainConfig cfg(double lr, double wd, double momentum, long seed) {
    return new TrainConfig(lr, 16, wd, momentum, 40, false, new long[] {0, 20, 40}, seed);
  }

  private List<TrainResult> assertPackedEqualsAlone(double[] lrs, double[] wds, long[] seeds, double momentum, double tol) {
    List<PackedTrainer.Member> members = new ArrayList<>();
    List<Log> packedLogs = new ArrayList<>();
    for (int i = 0; i < seeds.length; i++) {
      Log log = new Log();
      packedLogs.add(log);
      members.add(new PackedTrainer.Member(cfg(lrs[i], wds[i], momentum, seeds[i] + 100), prober(seeds[i]), log));
    }
    List<TrainResult> packed = new PackedTrainer(PackedMlp.build(SHAPE, DataType.DOUBLE, seeds), data, members).run();
    for (int i = 0; i < seeds.length; i++) {
      Log alone = new Log();
      TrainResult single = new Trainer(Mlp.build(SHAPE, DataType.DOUBLE, seeds[i]), data,
          cfg(lrs[i], wds[i], momentum, seeds[i] + 100), prober(seeds[i]), alone).run();
      assertThat(packed.get(i).diverged()).as("member %d diverged", i).isEqualTo(single.diverged());
      assertThat(packed.get(i).stepsDone()).isEqualTo(single.stepsDone());
      Log log = packedLogs.get(i);
      assertThat(log.stats).hasSameSizeAs(alone.stats);
      for (int m = 0; m < alone.stats.size(); m++) {
        TrainingStats a = alone.stats.get(m);
        TrainingStats p = log.stats.get(m);
        assertThat(p.step()).isEqualTo(a.step());
        if (Double.isFinite(a.trainLoss())) {
          assertThat(p.trainLoss()).as("member %d train loss at %d", i, a.step())
              .isCloseTo(a.trainLoss(), within(tol * Math.max(1, Math.abs(a.trainLoss()))));
          assertThat(p.probeLoss()).isCloseTo(a.probeLoss(), within(tol * Math.max(1, Math.abs(a.probeLoss()))));
          assertThat(p.weightNorm()).isCloseTo(a.weightNorm(), within(tol * Math.max(1, a.weightNorm())));
          assertThat(p.gradNorm()).isCloseTo(a.gradNorm(), within(tol * Math.max(1, a.gradNorm())));
        } else {
          assertThat(p.trainLoss()).as("non-finite like alone").isEqualTo(a.trainLoss());
        }
        List<LayerProbe> al = alone.layers.get(m);
        List<LayerProbe> pl = log.layers.get(m);
        assertThat(pl).hasSameSizeAs(al);
        for (int l = 0; l < al.size(); l++) {
          List<AlignmentValue> av = al.get(l).alignments();
          List<AlignmentValue> pv = pl.get(l).alignments();
          for (int r = 0; r < av.size(); r++) {
            assertThat(pv.get(r).alignment()).as("member %d step %d layer %d %s", i, a.step(), l, av.get(r).relation())
                .isCloseTo(av.get(r).alignment(), within(tol));
            assertThat(pv.get(r).nullAlignment()).isCloseTo(av.get(r).nullAlignment(), within(tol));
          }
        }
      }
    }
    return packed;
  }

  @Test
  void sgdMembersMatchTrainingAlone() {
    assertPackedEqualsAlone(new double[] {0.05, 0.1, 0.2}, new double[] {0, 0.01, 0.05}, new long[] {1, 2, 3}, 0,
        1e-9);
  }

  @Test
  void momentumMembersMatchTrainingAlone() {
    assertPackedEqualsAlone(new double[] {0.02, 0.05}, new double[] {0.001, 0.1}, new long[] {4, 5}, 0.9, 1e-9);
  }

  @Test
  void aDivergingMemberStopsAloneAndTheOthersGoOn() {
    // lr 1e5 blows up within a few steps; the other two must be untouched by its NaNs.
    List<TrainResult> r = assertPackedEqualsAlone(new double[] {0.05, 1e5, 0.1}, new double[] {0.01, 0, 0},
        new long[] {6, 7, 8}, 0, 1e-9);
    assertThat(r).extracting(TrainResult::diverged).containsExactly(false, true, false);
    assertThat(r.get(1).stepsDone()).isLessThan(40);
  }
}
