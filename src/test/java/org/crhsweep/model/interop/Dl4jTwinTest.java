package org.crhsweep.model.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.crhsweep.data.Dataset;
import org.crhsweep.model.Cnn;
import org.crhsweep.model.Evaluation;
import org.crhsweep.model.Mlp;
import org.crhsweep.model.Network;
import org.crhsweep.model.kernel.MlpShape;
import org.crhsweep.probe.Prober;
import org.crhsweep.probe.Stat;
import org.crhsweep.spec.Activation;
import org.crhsweep.spec.CnnConfig;
import org.crhsweep.spec.Padding;
import org.crhsweep.spec.Pooling;
import org.crhsweep.train.TrainConfig;
import org.crhsweep.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The DL4J twin computes what the SameDiff model computes: same outputs and loss on a probe set with
 * parameters copied SameDiff → DL4J, and again after random DL4J parameters are copied DL4J → SameDiff;
 * one DL4J SGD step with weight decay (both configuration forms) equals one step of our {@link Trainer}.
 */
class Dl4jTwinTest {

  private static final double TOL = 1e-5;
  private static final Dl4jTwin.SgdConfig NO_DECAY = new Dl4jTwin.SgdConfig(0.1, 0, false, Dl4jTwin.Decay.L2);
  private static final CnnConfig CNN_MAX = new CnnConfig(List.of(3, 4), 3, 1, Padding.SAME, Pooling.MAX, 2,
      Activation.RELU, List.of(5), true);
  private static final CnnConfig CNN_AVG = new CnnConfig(List.of(3), 3, 2, Padding.VALID, Pooling.AVG, 2,
      Activation.TANH, List.of(), true);
  private static final int[] IMAGE = {2, 7, 7};

  private static INDArray gaussian(Random rng, int rows, int cols) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }

  /** Targets: one-hot classes for cross-entropy, Gaussian values for MSE. */
  private static INDArray targets(Random rng, int rows, int cols, boolean crossEntropy) {
    if (!crossEntropy) {
      return gaussian(rng, rows, cols);
    }
    INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, cols);
    for (int i = 0; i < rows; i++) {
      y.putScalar(i, rng.nextInt(cols), 1.0);
    }
    return y;
  }

  private static double maxDiff(INDArray a, INDArray b) {
    assertThat(a.shape()).containsExactly(b.shape());
    return a.sub(b).amaxNumber().doubleValue();
  }

  /** Outputs (softmax for cross-entropy, as DL4J's output layer) and mean loss agree; returns our output. */
  private static INDArray assertSame(Network ours, MultiLayerNetwork theirs, INDArray x, INDArray y,
      boolean crossEntropy) {
    Evaluation e = ours.evaluation(x, y);
    INDArray out = crossEntropy ? Transforms.softmax(e.output(), true) : e.output();
    assertThat(maxDiff(theirs.output(x), out)).isLessThan(TOL);
    assertThat(theirs.score(new DataSet(x, y))).isCloseTo(e.loss(), within(TOL));
    return out;
  }

  /** Random DL4J parameters (std 0.3) copied back into {@code ours}: they must agree again. */
  private static void assertSameAfterRandomDl4jParameters(Network ours, Dl4jTwin twin, INDArray x, INDArray y,
      boolean crossEntropy, INDArray before) {
    MultiLayerNetwork net = twin.network();
    net.params().assign(gaussian(new Random(99), 1, (int) net.numParams()).muli(0.3));
    twin.copyTo(ours);
    INDArray after = assertSame(ours, net, x, y, crossEntropy);
    assertThat(maxDiff(after, before)).as("the random parameters changed the outputs").isGreaterThan(1e-3);
  }

  @ParameterizedTest
  @CsvSource({"TANH, false", "TANH, true", "RELU, false", "RELU, true"})
  void mlpTwinGivesTheSameOutputsAndLoss(Activation act, boolean crossEntropy) {
    MlpShape shape = new MlpShape(5, 3, 3, 6, act, true, crossEntropy);
    Mlp mlp = Mlp.build(shape, DataType.DOUBLE, 4);
    Random rng = new Random(8);
    mlp.param("b1").assign(gaussian(rng, 1, 6).muli(0.2));
    Dl4jTwin twin = Dl4jTwin.ofMlp(shape, DataType.DOUBLE, NO_DECAY);
    twin.copyFrom(mlp);
    INDArray x = gaussian(rng, 16, 5);
    INDArray y = targets(rng, 16, 3, crossEntropy);
    INDArray before = assertSame(mlp, twin.network(), x, y, crossEntropy);
    assertSameAfterRandomDl4jParameters(mlp, twin, x, y, crossEntropy, before);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "false, false"})
  void cnnTwinGivesTheSameOutputsAndLoss(boolean maxPooling, boolean crossEntropy) {
    CnnConfig arch = maxPooling ? CNN_MAX : CNN_AVG;
    Cnn cnn = Cnn.build(arch, IMAGE, 4, crossEntropy, 1000, DataType.DOUBLE, 6);
    Random rng = new Random(12);
    cnn.param("conv1.bias").assign(gaussian(rng, 1, 3).reshape(3).muli(0.2));
    Dl4jTwin twin = Dl4jTwin.ofCnn(arch, IMAGE, 4, crossEntropy, DataType.DOUBLE, NO_DECAY);
    twin.copyFrom(cnn);
    INDArray x = gaussian(rng, 8, IMAGE[0] * IMAGE[1] * IMAGE[2]);
    INDArray y = targets(rng, 8, 4, crossEntropy);
    INDArray before = assertSame(cnn, twin.network(), x, y, crossEntropy);
    assertSameAfterRandomDl4jParameters(cnn, twin, x, y, crossEntropy, before);
  }

  /** One full-batch step: our Trainer on {@code ours}, DL4J's fit on the twin; {@code copy} receives DL4J's result. */
  private static void assertOneStepAgrees(Network ours, Network copy, Dl4jTwin twin, INDArray x, INDArray y,
      double lr, double wd) {
    twin.copyFrom(ours);
    INDArray w0 = ours.param(ours.decayedParams().get(0)).dup();
    Dataset data = new Dataset("batch", x, y, x, y, (int) y.columns());
    Prober prober = new Prober(List.of(Stat.RAW), 0, 1e-6, 1);
    new Trainer(ours, data, new TrainConfig(lr, x.rows(), wd, 0, 1, false, new long[] {1}, 0), prober,
        (s, l) -> {}).run();
    twin.network().fit(new DataSet(x, y));
    twin.copyTo(copy);
    assertThat(maxDiff(ours.param(ours.decayedParams().get(0)), w0)).as("the step moved the weights")
        .isGreaterThan(1e-4);
    for (String p : twin.parameterNames()) {
      assertThat(maxDiff(copy.param(p), ours.param(p))).as(p).isLessThan(TOL);
    }
  }

  /**
   * L2 is our step exactly. DL4J's {@code weightDecay(wd, applyLR = true)} (M2.1) decays twice as much: its
   * step equals our Trainer's with 2·wd, which this pins so that a change of DL4J's behaviour shows up here.
   */
  @ParameterizedTest
  @EnumSource(Dl4jTwin.Decay.class)
  void oneSgdStepWithWeightDecayEqualsTheTrainer(Dl4jTwin.Decay form) {
    double lr = 0.2;
    double wd = 0.5;
    double trainerWd = form == Dl4jTwin.Decay.L2 ? wd : 2 * wd;
    MlpShape shape = new MlpShape(4, 2, 2, 5, Activation.TANH, true, false);
    Random rng = new Random(3);
    INDArray x = gaussian(rng, 12, 4);
    INDArray y = targets(rng, 12, 2, false);
    Dl4jTwin twin = Dl4jTwin.ofMlp(shape, DataType.DOUBLE, new Dl4jTwin.SgdConfig(lr, wd, false, form));
    assertOneStepAgrees(Mlp.build(shape, DataType.DOUBLE, 1), Mlp.build(shape, DataType.DOUBLE, 2), twin, x, y,
        lr, trainerWd);

    INDArray images = gaussian(rng, 6, IMAGE[0] * IMAGE[1] * IMAGE[2]);
    INDArray labels = targets(rng, 6, 4, true);
    Dl4jTwin cnnTwin = Dl4jTwin.ofCnn(CNN_MAX, IMAGE, 4, true, DataType.DOUBLE,
        new Dl4jTwin.SgdConfig(lr, wd, false, form));
    assertOneStepAgrees(Cnn.build(CNN_MAX, IMAGE, 4, true, 1000, DataType.DOUBLE, 1),
        Cnn.build(CNN_MAX, IMAGE, 4, true, 1000, DataType.DOUBLE, 2), cnnTwin, images, labels, lr, trainerWd);
  }

  @Test
  void geluHasNoTwinAndAMissingParameterIsNamed() {
    assertThatThrownBy(() -> Dl4jTwin.ofMlp(new MlpShape(2, 1, 2, 3, Activation.GELU, true, false),
        DataType.DOUBLE, NO_DECAY)).hasMessageContaining("gelu");
    Dl4jTwin twin = Dl4jTwin.ofMlp(new MlpShape(2, 1, 2, 3, Activation.TANH, true, false), DataType.DOUBLE,
        NO_DECAY);
    Mlp noBias = Mlp.build(new MlpShape(2, 1, 2, 3, Activation.TANH, false, false), DataType.DOUBLE, 1);
    assertThatThrownBy(() -> twin.copyFrom(noBias)).hasMessageContaining("b1");
  }
}
