package org.crhsweep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crhsweep.data.Dataset;
import org.crhsweep.data.SyntheticData;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {

  private static final MlpShape SHAPE = new MlpShape(4, 2, 2, 5, Activation.TANH, true, false);
  private final Dataset data = SyntheticData.teacherStudent(4, 2, 6, 0.1, 32, 16, 3, DataType.DOUBLE);
  private final Prober prober = new Prober(List.of(Stat.RAW), 0, 1e-6, 1);

  private Map<String, INDArray> snapshot(Mlp m) {
    Map<String, INDArray> s = new HashMap<>();
    List<String> names = new ArrayList<>(m.weightNames());
    names.addAll(m.biasNames());
    for (String n : names) {
      s.put(n, m.param(n).dup());
    }
    return s;
  }

  private Map<String, INDArray> fullBatchGradients(Mlp m) {
    List<String> names = new ArrayList<>(m.weightNames());
    names.addAll(m.biasNames());
    Map<String, INDArray> g = new HashMap<>();
    m.lossAndGradients(data.trainX(), data.trainY(), names).getGradients().forEach((k, v) -> g.put(k, v.dup()));
    return g;
  }

  @Test
  void gradientNormFromTheProbeSitesEqualsTheBackwardPass() {
    Mlp m = Mlp.build(new MlpShape(4, 2, 3, 5, Activation.TANH, true, false), DataType.DOUBLE, 7);
    double sq = 0;
    for (INDArray g : m.lossAndGradients(data.probeX(), data.probeY(), m.decayedParams()).getGradients().values()) {
      sq += g.norm2Number().doubleValue() * g.norm2Number().doubleValue();
    }
    double[] seen = new double[1];
    new Trainer(m, data, new TrainConfig(0.1, 8, 0, 0, 0, false, new long[] {0}, 0), prober,
        (stats, layers) -> seen[0] = stats.gradNorm()).measure(0);
    assertThat(m.probeSitesHoldWeightGradients()).isTrue();
    assertThat(seen[0]).isPositive().isCloseTo(Math.sqrt(sq), within(1e-12 * Math.sqrt(sq)));
  }

  @Test
  void frobeniusNormMatchesNd4jOnEveryLayout() {
    INDArray d = Nd4j.create(new double[] {3, -4, 12, 0, 1, 2}, new long[] {2, 3}, DataType.DOUBLE);
    double expected = Math.sqrt(9 + 16 + 144 + 1 + 4);
    assertThat(Trainer.frobenius(d)).isCloseTo(expected, within(1e-12));
    assertThat(Trainer.frobenius(d.dup('f'))).isCloseTo(expected, within(1e-12));
    assertThat(Trainer.frobenius(d.castTo(DataType.FLOAT))).isCloseTo(expected, within(1e-5));
    assertThat(Trainer.frobenius(d.transpose())).isCloseTo(expected, within(1e-12));
    // A view (one row) and a stacked [K, 1, d] parameter.
    assertThat(Trainer.frobenius(d.getRow(0))).isCloseTo(13.0, within(1e-12));
    assertThat(Trainer.frobenius(d.reshape(2, 1, 3))).isCloseTo(expected, within(1e-12));
    INDArray r = Nd4j.rand(DataType.FLOAT, 64, 64);
    assertThat(Trainer.frobenius(r)).isCloseTo(r.norm2Number().doubleValue(), within(1e-4));
  }

  @Test
  void sgdStepDecaysWeightsButNotBiases() {
    Mlp m = Mlp.build(SHAPE, DataType.DOUBLE, 5);
    Map<String, INDArray> w0 = snapshot(m);
    Map<String, INDArray> g = fullBatchGradients(m);
    double lr = 0.1;
    double wd = 0.05;
    // Full batch: the minibatch order does not matter, so one step is deterministic.
    new Trainer(m, data, new TrainConfig(lr, 32, wd, 0, 1, false, new long[] {0, 1}, 0), prober, (s, l) -> {}).run();
    for (String w : m.weightNames()) {
      INDArray expected = w0.get(w).sub(g.get(w).add(w0.get(w).mul(wd)).mul(lr));
      assertThat(m.param(w).sub(expected).amaxNumber().doubleValue()).as(w).isLessThan(1e-12);
    }
    for (String b : m.biasNames()) {
      INDArray expected = w0.get(b).sub(g.get(b).mul(lr));
      assertThat(m.param(b).sub(expected).amaxNumber().doubleValue()).as(b).isLessThan(1e-12);
    }
  }

  @Test
  void momentumAccumulatesTheDecayedGradient() {
    Mlp m = Mlp.build(SHAPE, DataType.DOUBLE, 6);
    Mlp twin = Mlp.build(SHAPE, DataType.DOUBLE, 6);
    double lr = 0.05;
    double wd = 0.01;
    double mu = 0.9;
    new Trainer(m, data, new TrainConfig(lr, 32, wd, mu, 2, true, new long[] {0, 2}, 0), prober, (s, l) -> {}).run();
    // By hand on the twin: v1 = g0 + γW0, W1 = W0 − ηv1, v2 = μv1 + g1 + γW1, W2 = W1 − ηv2.
    Map<String, INDArray> v = new HashMap<>();
    for (int step = 0; step < 2; step++) {
      Map<String, INDArray> g = fullBatchGradients(twin);
      for (Map.Entry<String, INDArray> e : g.entrySet()) {
        INDArray w = twin.param(e.getKey());
        INDArray vi = v.getOrDefault(e.getKey(), w.mul(0)).mul(mu).add(e.getValue()).add(w.mul(wd));
        v.put(e.getKey(), vi);
        w.subi(vi.mul(lr));
      }
    }
    for (String name : snapshot(m).keySet()) {
      assertThat(m.param(name).sub(twin.param(name)).amaxNumber().doubleValue()).as(name).isLessThan(1e-12);
    }
  }

  @Test
  void probesAtTheScheduledStepsAndStopsOnDivergence() {
    Mlp m = Mlp.build(SHAPE, DataType.DOUBLE, 7);
    List<Long> steps = new ArrayList<>();
    TrainResult ok = new Trainer(m, data, new TrainConfig(0.05, 8, 0.001, 0, 25, false, new long[] {0, 10, 20, 25}, 1),
        prober, (s, l) -> {
          steps.add(s.step());
          assertThat(l).hasSize(2);
          assertThat(s.weightNorm()).isPositive();
        }).run();
    assertThat(ok.diverged()).isFalse();
    assertThat(ok.stepsDone()).isEqualTo(25);
    assertThat(steps).containsExactly(0L, 10L, 20L, 25L);

    Mlp big = Mlp.build(new MlpShape(4, 2, 3, 16, Activation.RELU, true, false), DataType.DOUBLE, 8);
    List<TrainingStats> seen = new ArrayList<>();
    TrainResult bad = new Trainer(big, data, new TrainConfig(50.0, 8, 0, 0, 500, false, new long[] {0, 250, 500}, 1),
        prober, (s, l) -> seen.add(s)).run();
    assertThat(bad.diverged()).isTrue();
    assertThat(bad.stepsDone()).isLessThan(250);
    // The divergence itself is recorded: a measurement at the step that blew up, with a non-finite loss.
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).step()).isEqualTo(bad.stepsDone());
    assertThat(Double.isFinite(seen.get(1).trainLoss()) && Double.isFinite(seen.get(1).weightNorm())).isFalse();
  }

  @Test
  void adamwStepsMatchAHandComputation() {
    Mlp m = Mlp.build(SHAPE, DataType.DOUBLE, 9);
    Mlp twin = Mlp.build(SHAPE, DataType.DOUBLE, 9);
    double lr = 0.01;
    double wd = 0.1;
    double b1 = 0.8;
    double b2 = 0.95;
    double eps = 1e-3;
    new Trainer(m, data, new TrainConfig(lr, 32, wd, 0, 2, false, new long[] {0, 2}, 0,
        Optimizer.adamw(b1, b2, eps)), prober, (s, l) -> {}).run();
    // By hand, entry by entry on the twin: t = 1, 2; decay only on weights, decoupled from the moments.
    Map<String, double[]> mom = new HashMap<>();
    Map<String, double[]> vel = new HashMap<>();
    for (int t = 1; t <= 2; t++) {
      Map<String, INDArray> g = fullBatchGradients(twin);
      for (Map.Entry<String, INDArray> e : g.entrySet()) {
        double[] gv = e.getValue().dup().data().asDouble();
        INDArray w = twin.param(e.getKey());
        double[] wv = w.dup().data().asDouble();
        double[] mv = mom.computeIfAbsent(e.getKey(), k -> new double[gv.length]);
        double[] vv = vel.computeIfAbsent(e.getKey(), k -> new double[gv.length]);
        boolean decayed = twin.weightNames().contains(e.getKey());
        for (int i = 0; i < gv.length; i++) {
          mv[i] = b1 * mv[i] + (1 - b1) * gv[i];
          vv[i] = b2 * vv[i] + (1 - b2) * gv[i] * gv[i];
          double mHat = mv[i] / (1 - Math.pow(b1, t));
          double vHat = vv[i] / (1 - Math.pow(b2, t));
          wv[i] -= lr * (mHat / (Math.sqrt(vHat) + eps) + (decayed ? wd * wv[i] : 0));
        }
        w.assign(Nd4j.create(wv, w.shape(), 'c'));
      }
    }
    for (String name : snapshot(m).keySet()) {
      assertThat(m.param(name).sub(twin.param(name)).amaxNumber().doubleValue()).as(name).isLessThan(1e-12);
    }
    // One step moves each entry by about lr (Adam's step is ~sign(g) at t = 1): the update really happened.
    assertThat(m.param("w1").sub(Mlp.build(SHAPE, DataType.DOUBLE, 9).param("w1")).amaxNumber().doubleValue())
        .isGreaterThan(0.5 * lr);
  }

  @Test
  void accuracyCountsPositionsForLanguageModelsAndSamplesOtherwise() {
    // Logits [N=1, T=3, V=2]: predictions 1, 0, 1 against next tokens 1, 1, 1: two of three right.
    INDArray logits = Nd4j.createFromArray(new double[][][] {{{0, 1}, {2, 0}, {-1, 3}}});
    INDArray next = Nd4j.createFromArray(new double[][] {{1, 1, 1}});
    assertThat(Trainer.accuracy(logits, next)).isCloseTo(2.0 / 3, within(1e-12));
    INDArray out = Nd4j.createFromArray(new double[][] {{0, 1}, {2, 0}});
    INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 1}, {0, 1}});
    assertThat(Trainer.accuracy(out, oneHot)).isEqualTo(0.5);
  }
}
